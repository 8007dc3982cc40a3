/**
 * Robust ingest: hostile inputs, JSON Lines, HTML saved as text, a 6 MiB
 * file, interrupted and killed runs, stale temp files, the output folder and
 * symbolic links, --strict, and property-based fuzzing of bytes and samples.
 */
import { NodeServices } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import fc from "fast-check"
import { type ChildProcess, spawn, spawnSync } from "node:child_process"
import { createHash } from "node:crypto"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import Papa from "papaparse"
import { makeFlowOptions } from "../../pipeline/defaults.ts"
import { type FlowResult, processFile, stageNames } from "../../pipeline/flow.ts"
import { removeStaleTempFiles } from "../../pipeline/inputs.ts"
import { accountingViolations, documentViolations, sliceViolations } from "../../pipeline/invariants.ts"
import { runPipeline } from "../../pipeline/run.ts"

const ROOT = path.resolve(import.meta.dirname, "../..")
const RAW = path.join(ROOT, "raw")
const samples = fs.readdirSync(RAW).sort().map((name) => fs.readFileSync(path.join(RAW, name)))
const options = makeFlowOptions({ referenceDate: "2026-11-23" })
const run = (sourcePath: string, bytes: Uint8Array): ReadonlyArray<FlowResult> =>
  processFile({ sourcePath, bytes }, options, new Float64Array(stageNames.length))
const tempDir = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `newsprep-${name}-`))

type CsvRow = Record<string, string>
const readCsv = (file: string): Array<CsvRow> =>
  Papa.parse<CsvRow>(fs.readFileSync(file, "utf8"), { header: true, skipEmptyLines: true }).data

const runFolder = (input: string, output: string, maxBytes = 64 * 1024 * 1024) =>
  Effect.runPromise(
    runPipeline({ input, output, formats: ["csv"], maxBytes, flow: options, settings: { test: true } } as Parameters<typeof runPipeline>[0])
      .pipe(Effect.provide(NodeServices.layer))
  )

/** The invariants over a finished output folder: every input accounted for once, sentences slice their documents. */
const checkOutput = (input: string, output: string, inputs: ReadonlyArray<string>) => {
  const documents = readCsv(path.join(output, "documents.csv"))
  const sentences = readCsv(path.join(output, "sentences.csv"))
  const rejects = readCsv(path.join(output, "rejects.csv"))
  const problems = [
    ...accountingViolations(inputs, documents.map((d) => ({ source_path: d["source_path"]!, doc_id: d["doc_id"]! })), rejects.map((r) => ({ source_path: r["source_path"]! }))),
    ...sliceViolations(
      documents.map((d) => ({ doc_id: d["doc_id"]!, text: d["text"]! })),
      sentences.map((s) => ({ doc_id: s["doc_id"]!, text: s["text"]!, char_start: Number(s["char_start"]), char_end: Number(s["char_end"]), sentence_index: Number(s["sentence_index"]) }))
    )
  ]
  assert.deepStrictEqual(problems, [], input)
  return { documents, sentences, rejects }
}

const rejectReason = (results: ReadonlyArray<FlowResult>) => results.map((r) => (r._tag === "reject" ? r.reject.reason : "document"))

const cp1251 = (text: string) =>
  Buffer.from(Array.from(text, (ch) => {
    const code = ch.charCodeAt(0)
    if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0
    if (ch === "ё") return 0xb8
    if (ch === "—") return 0x97
    if (ch === "«") return 0xab
    if (ch === "»") return 0xbb
    return code
  }))

describe("hostile inputs, one file at a time", () => {
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52])
  const article = samples[4]!
  const russian = "МОСКВА, 21 февраля. Министр иностранных дел России Сергей Лавров провёл переговоры с пакистанским коллегой. " +
    "Стороны обсудили «вопросы региональной безопасности» и торговлю — прежде всего поставки газа. " +
    "По словам министра, отношения двух стран развиваются успешно, и новые встречи пройдут уже в этом году.\n"
  const cases: Array<[string, string, Uint8Array, string]> = [
    ["empty file", "a.txt", Buffer.alloc(0), "empty"],
    ["only spaces, tabs, CRLF, NBSP and zero-width spaces", "a.txt", Buffer.from(" \t\r\n\u00a0\u200b\r\r\n"), "whitespace_only"],
    ["a PNG image named .txt", "a.txt", png, "binary"],
    ["UTF-16 without a byte-order mark", "a.txt", Buffer.from("Hello there, this is text.", "utf16le"), "binary"],
    ["UTF-8 article with stray Windows-1252 bytes", "a.txt", Buffer.concat([article.subarray(0, 400), Buffer.from([0x93, 0x94]), article.subarray(400)]), "undecodable"],
    ["an article cut off in the middle of a UTF-8 character", "a.txt", article.subarray(0, article.indexOf(Buffer.from("’")) + 2), "document"],
    ["Russian in Windows-1251 without a BOM", "ru.txt", cp1251(russian), "document"],
    ["the sample with lone CR line ends", "cr.txt", Buffer.from(article.toString("utf8").replace(/\r?\n/g, "\r")), "document"],
    ["the sample as UTF-16 BE with a BOM", "be.txt", Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(article.toString("utf8"), "utf16le").swap16()]), "document"],
    ["HTML with no body text", "a.html", Buffer.from("<!doctype html><html><head><title>Home</title></head><body><nav><a href=/>Home</a></nav></body></html>"), "no_body"],
    ["200,000 nested divs", "deep.html", Buffer.from("<html><body>" + "<div>".repeat(200_000) + "A sentence deep inside the page, long enough to count as the article body here."), "document"],
    ["a JSON Lines file with no valid line", "a.jsonl", Buffer.from("not json\n{\"title\": \"no text\"}\n[1,2]\n"), "undecodable,no_body,undecodable"]
  ]
  it.each(cases)("%s", (_, sourcePath, bytes, expected) => {
    const results = run(sourcePath, bytes)
    assert.deepStrictEqual(rejectReason(results).join(","), expected)
    for (const r of results) {
      if (r._tag === "reject") assert.isAbove(r.reject.detail.length, 15)
      else assert.deepStrictEqual(documentViolations(r.document, r.sentences, r.removals, bytes.length), [])
    }
  })

  it("records the detected encoding and keeps byte spans exact for Windows-1251 and UTF-16", () => {
    const ru = cp1251(russian)
    const [doc] = run("ru.txt", ru)
    assert.strictEqual(doc?._tag, "document")
    if (doc?._tag !== "document") return
    assert.strictEqual(doc.document.encoding, "windows-1251")
    assert.strictEqual(doc.document.language, "rus")
    for (const s of doc.sentences) assert.strictEqual(new TextDecoder("windows-1251").decode(ru.subarray(s.source_byte_start, s.source_byte_end)), s.text)
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(russian, "utf16le").swap16()])
    const [utf16] = run("be.txt", be)
    assert.strictEqual(utf16?._tag === "document" && utf16.document.encoding, "utf-16be")
    if (utf16?._tag !== "document") return
    for (const s of utf16.sentences) {
      assert.strictEqual(Buffer.from(be.subarray(s.source_byte_start, s.source_byte_end)).swap16().toString("utf16le"), s.text)
    }
  })

  it("processes a 6 MiB text file in bounded time and memory", () => {
    const paragraphs = samples.map((s) => s.toString("utf8")).join("\n\n").split(/\n+/).filter((l) => l.length > 80)
    const parts: Array<string> = []
    let size = 0
    for (let i = 0; size < 6 * 1024 * 1024; i++) {
      const line = `${paragraphs[i % paragraphs.length]} (${i})\n\n` // numbered, so no paragraph repeats another
      parts.push(line)
      size += Buffer.byteLength(line)
    }
    const input = tempDir("six-mib")
    const output = tempDir("six-mib-out")
    fs.writeFileSync(path.join(input, "big.txt"), parts.join(""))
    // In a child process, so that a time limit can stop it and its heap can be capped.
    const child = spawnSync(process.execPath, ["--max-old-space-size=1536", "--import", "tsx", "pipeline/main.ts", "--input", input, "--output", output, "--reference-date", "2026-11-23", "--no-cache", "--quiet", "--format", "csv"], {
      cwd: ROOT,
      timeout: 60_000,
      encoding: "utf8"
    })
    assert.isUndefined(child.error, "6 MiB must be processed within a minute (a superlinear stage?)")
    assert.strictEqual(child.status, 0, child.stderr)
    const [document] = readCsv(path.join(output, "documents.csv"))
    assert.strictEqual(document?.["source_path"], "big.txt")
    assert.isAbove(Number(document?.["sentence_count"]), 10_000)
  }, 90_000)
})

describe("invariants", () => {
  it("catch a sentence that does not slice its text, a span past the file, and an input missing or seen twice", () => {
    const [result] = run("a.txt", samples[0]!)
    if (result?._tag !== "document") return assert.fail("expected a document")
    const { document, sentences, removals } = result
    assert.deepStrictEqual(documentViolations(document, sentences, removals, samples[0]!.length), [])
    const shifted = sentences.map((s, i) => (i === 1 ? { ...s, char_start: s.char_start + 1 } : s))
    assert.lengthOf(documentViolations(document, shifted, removals, samples[0]!.length), 1)
    assert.lengthOf(documentViolations(document, sentences, removals, 10), sentences.length + removals.filter((r) => r.source_byte_end > 10).length)
    const docs = [{ source_path: "a.txt", doc_id: "1" }, { source_path: "rows.jsonl#L2", doc_id: "2" }]
    assert.deepStrictEqual(accountingViolations(["a.txt", "rows.jsonl"], docs, []), [])
    assert.deepStrictEqual(accountingViolations(["a.txt", "b.txt", "rows.jsonl"], docs, [{ source_path: "a.txt" }]), [
      "a.txt appears 2 times",
      "b.txt is in neither documents nor rejects"
    ])
  })
})

describe("JSON Lines", () => {
  const html = "<html><body><article><p>Officials met in Moscow on Tuesday to sign a long-awaited energy agreement, the ministry said.</p><p>The deal covers gas supplies &amp; pipeline construction over the next ten years, officials added.</p></article></body></html>"
  const lines = [
    JSON.stringify({ url: "https://www.dawn.com/news/1400000/talks", title: "Talks in Moscow", authors: ["A. Writer", "B. Writer"], date: "2018-02-21", text: "Pakistan and Russia held talks on Tuesday.\nBoth sides said the \"meeting\" went well — and agreed to meet again next year in Islamabad." }),
    "",
    "{broken json",
    JSON.stringify({ title: "HTML row", author: "C. Writer", outlet: "The Express Tribune", html }),
    JSON.stringify({ text: "   " }),
    JSON.stringify({ title: "no text field" })
  ]
  const file = Buffer.from(lines.join("\r\n") + "\n")

  it("yields one document or reject per non-blank line, named file#L<line>, with line fields as hints", () => {
    const results = run("dump/articles.jsonl", file)
    const paths = results.map((r) => (r._tag === "document" ? r.document.source_path : r.reject.source_path))
    assert.deepStrictEqual(paths, ["dump/articles.jsonl#L1", "dump/articles.jsonl#L3", "dump/articles.jsonl#L4", "dump/articles.jsonl#L5", "dump/articles.jsonl#L6"])
    assert.deepStrictEqual(rejectReason(results), ["document", "undecodable", "document", "no_body", "no_body"])
    const [first, , second] = results
    if (first?._tag !== "document" || second?._tag !== "document") return assert.fail("expected documents")
    assert.strictEqual(first.document.title, "Talks in Moscow")
    assert.deepStrictEqual(first.document.authors, ["A. Writer", "B. Writer"])
    assert.strictEqual(first.document.published_date, "2018-02-21")
    assert.strictEqual(first.document.outlet, "Dawn") // from the URL's domain
    assert.deepStrictEqual([second.document.title, second.document.authors, second.document.outlet], ["HTML row", ["C. Writer"], "The Express Tribune"])
    assert.include(second.document.text, "gas supplies & pipeline")
    assert.notStrictEqual(first.document.doc_id, second.document.doc_id)
  })

  it("keeps an outlet field that is not in the registry as given", () => {
    const row = JSON.stringify({ outlet: "The Frontier Post", text: "Officials met in Peshawar on Monday to review the trade corridor, the ministry said in a statement." })
    const [result] = run("rows.jsonl", Buffer.from(row + "\n"))
    assert.strictEqual(result?._tag === "document" && result.document.outlet, "The Frontier Post")
  })

  it("reads a lone surrogate escape (text cut inside an emoji) as U+FFFD, as UTF-8 output writes it", () => {
    const body = "The minister said on Monday that the talks would resume next month in Islamabad."
    const text = (cut: string) => `{"title":"Cut ${cut}","text":"${body} Officials were pleased ${cut} with the date."}`
    for (const cut of ["\\ud83d", "\\ude00", "\\udc00\\ud800"]) {
      const [result] = run("rows.jsonl", Buffer.from(text(cut) + "\n"))
      if (result?._tag !== "document") return assert.fail(`${cut}: ${result?._tag === "reject" ? result.reject.detail : "nothing"}`)
      assert.include(result.document.text, "pleased \ufffd")
      assert.include(result.document.title!, "\ufffd")
      assert.strictEqual(result.document.char_count, [...result.document.text].length)
      const last = result.sentences.at(-1)! // its bytes are the escape as written
      assert.include(Buffer.from(text(cut)).subarray(last.source_byte_start, last.source_byte_end).toString("utf8"), cut.slice(0, 6))
    }
    const [paired] = run("rows.jsonl", Buffer.from(text("\\ud83d\\ude00") + "\n"))
    assert.include(paired?._tag === "document" ? paired.document.text : "", "pleased \u{1f600}")
  })

  it("points byte spans into the .jsonl file, inside the JSON string literal", () => {
    const results = run("articles.jsonl", file)
    for (const result of results) {
      if (result._tag !== "document") continue
      for (const s of result.sentences) {
        const span = file.subarray(s.source_byte_start, s.source_byte_end).toString("utf8")
        // The span is JSON string content (escapes intact) and, for HTML rows, markup too.
        const read = (JSON.parse(`"${span}"`) as string).replace(/<[^>]*>/g, "").replace(/&amp;/g, "&").replace(/\s+/g, " ")
        assert.strictEqual(read, s.text)
      }
    }
  })
})

describe("runs over folders", () => {
  it("accounts for every input of a messy folder, never reads the output folder and never follows links outside", async () => {
    const input = tempDir("messy")
    const outside = tempDir("outside")
    fs.writeFileSync(path.join(outside, "secret.txt"), samples[0]!)
    fs.mkdirSync(path.join(input, "sub"))
    samples.forEach((s, i) => fs.writeFileSync(path.join(input, `sub/sample${i}.txt`), s))
    fs.writeFileSync(path.join(input, "empty.txt"), "")
    fs.writeFileSync(path.join(input, "image.txt"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]))
    fs.writeFileSync(path.join(input, "page.txt"), `<!DOCTYPE html><html><body><article><p>${samples[2]!.toString("utf8").split("\n").join("</p><p>")}</p></article></body></html>`)
    fs.writeFileSync(path.join(input, "rows.jsonl"), `${JSON.stringify({ text: samples[1]!.toString("utf8") })}\nnot json\n`)
    fs.writeFileSync(path.join(input, "big.txt"), Buffer.alloc(20_000, "a "))
    fs.symlinkSync(path.join(outside, "secret.txt"), path.join(input, "link-outside.txt"))
    fs.symlinkSync(path.join(input, "sub/sample0.txt"), path.join(input, "link-inside.txt"))
    const output = path.join(input, "out") // the output folder sits inside the input folder
    await runFolder(input, output, 10_000)
    await runFolder(input, output, 10_000) // the second run must not read the first run's tables
    const inputs = ["big.txt", "empty.txt", "image.txt", "link-inside.txt", "page.txt", "rows.jsonl", ...samples.map((_, i) => `sub/sample${i}.txt`)]
    const { documents, rejects } = checkOutput(input, output, inputs)
    const reasons = Object.fromEntries(rejects.map((r) => [r["source_path"], r["reason"]]))
    assert.deepStrictEqual(reasons, { "big.txt": "too_large", "empty.txt": "empty", "image.txt": "binary", "rows.jsonl#L2": "undecodable" })
    assert.isFalse(documents.some((d) => d["source_path"]!.startsWith("out/") || d["source_path"] === "link-outside.txt"))
    assert.strictEqual(documents.find((d) => d["source_path"] === "page.txt")?.["encoding"], "utf-8")
  })

  it("removes temp files a killed run left behind, but not those of a live process", () => {
    const output = tempDir("stale")
    const dead = spawnSync(process.execPath, ["-e", "console.log(process.pid)"]).stdout.toString().trim()
    fs.writeFileSync(path.join(output, `documents.csv.tmp-${dead}`), "partial")
    fs.writeFileSync(path.join(output, `sentences.arrow.tmp-${process.pid}`), "ours")
    fs.writeFileSync(path.join(output, "documents.csv"), "kept")
    assert.deepStrictEqual(removeStaleTempFiles(output), [`documents.csv.tmp-${dead}`])
    assert.deepStrictEqual(fs.readdirSync(output).sort(), ["documents.csv", `sentences.arrow.tmp-${process.pid}`])
  })
})

describe("interrupted runs leave the previous outputs intact", () => {
  const cli = (input: string, output: string, extra: ReadonlyArray<string> = []): ChildProcess =>
    // `node --import tsx`, not `npx tsx`: the tsx launcher turns a signal into SIGKILL when its child is busy for 30 ms.
    spawn(process.execPath, ["--import", "tsx", "pipeline/main.ts", "--input", input, "--output", output, "--reference-date", "2026-11-23", "--no-cache", "--quiet", "--workers", "1", ...extra], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "ignore"]
    })
  const exited = (child: ChildProcess) =>
    new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })))
  const snapshot = (dir: string) =>
    Object.fromEntries(fs.readdirSync(dir).sort().map((f) => [f, createHash("sha256").update(fs.readFileSync(path.join(dir, f))).digest("hex")]))
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

  const bigFolder = (() => {
    let dir: string | undefined
    return () => {
      if (dir !== undefined) return dir
      dir = tempDir("big")
      for (let i = 0; i < 3000; i++) fs.writeFileSync(path.join(dir, `${String(i).padStart(5, "0")}.txt`), Buffer.concat([samples[i % samples.length]!, Buffer.from(`\nCopy ${i}.\n`)]))
      return dir
    }
  })()

  const killMidway = async (signal: NodeJS.Signals) => {
    const output = tempDir(`kill-${signal}`)
    const first = cli(RAW, output)
    assert.strictEqual((await exited(first)).code, 0)
    const before = snapshot(output)
    const child = cli(bigFolder(), output)
    const done = exited(child)
    let finished = false
    void done.then(() => (finished = true))
    // Midway: the tables' temp files exist, and the run is still going.
    for (let i = 0; i < 600 && !fs.readdirSync(output).some((f) => f.includes(".tmp-")); i++) await sleep(50)
    await sleep(300)
    assert.isFalse(finished, "the run ended before it could be interrupted; give it more input")
    child.kill(signal)
    await done
    return { output, before }
  }

  it("Ctrl-C (SIGINT): the previous tables are untouched and no temp file is left", async () => {
    const { output, before } = await killMidway("SIGINT")
    assert.deepStrictEqual(snapshot(output), before)
  }, 120_000)

  it("SIGKILL: the previous tables are untouched, and the next run clears the stale temp files", async () => {
    const { output, before } = await killMidway("SIGKILL")
    const after = snapshot(output)
    assert.isTrue(Object.keys(after).some((f) => f.includes(".tmp-")), "a killed run leaves its temp files")
    for (const [file, hash] of Object.entries(before)) assert.strictEqual(after[file], hash, file)
    const again = cli(RAW, output)
    assert.strictEqual((await exited(again)).code, 0)
    assert.deepStrictEqual(fs.readdirSync(output).filter((f) => f.includes(".tmp-")), [])
    const tables = (files: Record<string, string>) => Object.fromEntries(Object.entries(files).filter(([f]) => /\.(csv|arrow)$/.test(f)))
    assert.deepStrictEqual(tables(snapshot(output)), tables(before)) // the manifest and report hold timings
  }, 120_000)

  it("--strict exits non-zero when an input was rejected", async () => {
    const input = tempDir("strict")
    fs.writeFileSync(path.join(input, "ok.txt"), samples[0]!)
    const clean = cli(input, tempDir("strict-out"), ["--strict"])
    assert.strictEqual((await exited(clean)).code, 0)
    fs.writeFileSync(path.join(input, "empty.txt"), "")
    const failing = cli(input, tempDir("strict-out"), ["--strict"])
    assert.notStrictEqual((await exited(failing)).code, 0)
  }, 60_000)
})

describe("fuzzing", () => {
  const sample: fc.Arbitrary<Buffer> = fc.constantFrom(...samples)
  const mutation: fc.Arbitrary<(b: Buffer) => Buffer> = fc.oneof(
    fc.nat().map((n) => (b: Buffer) => b.subarray(0, n % (b.length + 1))),
    fc.tuple(fc.nat(), fc.integer({ min: 1, max: 8 })).map(([at, count]) => (b: Buffer) => {
      const i = at % (b.length + 1)
      return Buffer.concat([b.subarray(0, i), Buffer.alloc(count, 0), b.subarray(i)])
    }),
    fc.tuple(fc.nat(), fc.uint8Array({ minLength: 1, maxLength: 16, min: 0x80, max: 0xff })).map(([at, bytes]) => (b: Buffer) => {
      const i = at % (b.length + 1)
      return Buffer.concat([b.subarray(0, i), Buffer.from(bytes), b.subarray(i)])
    }),
    fc.constant((b: Buffer) => Buffer.from(b.toString("utf8"), "latin1")), // UTF-8 read back as Latin-1: mojibake in one encoding
    fc.constant((b: Buffer) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(b.toString("utf8"), "utf16le")])),
    fc.integer({ min: 2, max: 40 }).map((n) => (b: Buffer) => Buffer.from(b.toString("utf8").replace(/\s*\n\s*/g, " ").repeat(n))), // one very long line
    fc.constant((b: Buffer) => Buffer.from(`<html><body><p>${b.toString("utf8").replace(/\n/g, "</p><p>")}</p></body></html>`))
  )
  const mutated = fc.tuple(sample, fc.array(mutation, { minLength: 1, maxLength: 3 })).map(([s, ms]) => ms.reduce<Buffer>((b, m) => m(b), s))
  const anyBytes: fc.Arbitrary<Buffer> = fc.uint8Array({ maxLength: 4096 }).map((b) => Buffer.from(b))
  const name = fc.constantFrom("a.txt", "a.html", "a.jsonl", "a")

  it("every file gives results that satisfy the invariants, never a throw", () => {
    fc.assert(
      fc.property(fc.oneof(mutated, anyBytes), name, (bytes, sourcePath) => {
        const results = run(sourcePath, bytes)
        assert.isAbove(results.length, 0)
        for (const r of results) {
          if (r._tag === "reject") assert.notStrictEqual(r.reject.reason, "error", r.reject.detail)
          else assert.deepStrictEqual(documentViolations(r.document, r.sentences, r.removals, bytes.length), [])
        }
      }),
      { numRuns: 150, seed: 20261123 }
    )
  }, 120_000)

  it("a whole run over a folder of fuzzed files completes and accounts for every input", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.oneof(mutated, anyBytes), name), { minLength: 1, maxLength: 8 }), async (files) => {
        const input = tempDir("fuzz")
        const inputs = files.map(([bytes, sourcePath], i) => {
          const file = `${i}-${sourcePath}`
          fs.writeFileSync(path.join(input, file), bytes)
          return file
        })
        const output = tempDir("fuzz-out")
        await runFolder(input, output)
        checkOutput(input, output, inputs)
      }),
      { numRuns: 5, seed: 20261123 }
    )
  }, 120_000)
})
