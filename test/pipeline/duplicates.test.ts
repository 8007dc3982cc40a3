/**
 * Copies across a run: labelled in documents by default, left out with --dedupe
 * (and accounted for in rejects), and grouped the same when the copies fall in
 * different shards and the parts are merged.
 */
import { runOn } from "./support.ts"
import { NodeServices } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import Papa from "papaparse"
import { beforeAll } from "vitest"
import { holdForDuplicates, SIGNATURES_FILE } from "../../pipeline/duplicates.ts"
import { InputLog } from "../../pipeline/manifest.ts"
import { mergeParts } from "../../pipeline/merge.ts"
import { type RunOptions } from "../../pipeline/run.ts"
import { parseShard } from "../../pipeline/shard.ts"
import { generateArticle } from "../../scripts/corpus.ts"

const RAW = path.resolve(import.meta.dirname, "../../raw")
const root = fs.mkdtempSync(path.join(os.tmpdir(), "newsprep-dups-"))
const input = path.join(root, "in")
const tableFiles = ["documents", "sentences", "removals", "rejects"].flatMap((t) => [`${t}.csv`, `${t}.arrow`])

const run = (output: string, extra: Partial<RunOptions> = {}) => runOn(input, output, extra)

type Row = Record<string, string>
const read = (folder: string, table: string): Array<Row> =>
  Papa.parse<Row>(fs.readFileSync(path.join(folder, `${table}.csv`), "utf8"), { header: true, skipEmptyLines: true }).data

describe("duplicates in a run", () => {
  const sample = fs.readFileSync(path.join(RAW, "004_04b98067743b07ef.txt"), "utf8")
  beforeAll(async () => {
    fs.mkdirSync(input, { recursive: true })
    // 66 distinct articles, so that the copies below fall into different batches and shards.
    for (let i = 0; i < 66; i++) fs.writeFileSync(path.join(input, `m-${String(i).padStart(3, "0")}.txt`), generateArticle(i).text)
    fs.writeFileSync(path.join(input, "a-original.txt"), sample)
    fs.writeFileSync(path.join(input, "z-same-page.txt"), sample)
    fs.writeFileSync(path.join(input, "z-new-headline.txt"), sample.replace(/^Why Pakistan Russia need each other\?/gm, "Moscow and Islamabad draw closer"))
    await run(path.join(root, "labelled"))
  }, 120_000)

  it("labels exact and near copies with one group and the similarity, and the rest as singletons", () => {
    const docs = read(path.join(root, "labelled"), "documents")
    const byPath = new Map(docs.map((d) => [d["source_path"], d]))
    const original = byPath.get("a-original.txt")!
    assert.strictEqual(original["is_representative"], "true")
    assert.strictEqual(original["duplicate_group"], original["doc_id"])
    for (const copy of ["z-same-page.txt", "z-new-headline.txt"]) {
      const row = byPath.get(copy)!
      assert.strictEqual(row["duplicate_group"], original["doc_id"], copy)
      assert.strictEqual(row["is_representative"], "false", copy)
      assert.strictEqual(row["duplicate_similarity"], "1", copy) // same clean body: the headline is not part of it
    }
    // The generated articles share template sentences and may group among themselves, never with the sample.
    const others = docs.filter((d) => d["source_path"]!.startsWith("m-"))
    for (const d of others) assert.notStrictEqual(d["duplicate_group"], original["doc_id"])
  })

  it("--dedupe keeps one document per group and lists the copies in rejects, in input order", async () => {
    const out = path.join(root, "deduped")
    await run(out, { duplicates: { threshold: 0.6, dedupe: true } })
    const docs = read(out, "documents")
    const rejects = read(out, "rejects")
    const sentences = read(out, "sentences")
    const labelled = read(path.join(root, "labelled"), "documents")
    assert.strictEqual(docs.length + rejects.length, fs.readdirSync(input).length)
    const duplicateRejects = rejects.filter((r) => r["reason"] === "duplicate" && r["source_path"]!.startsWith("z-"))
    assert.deepStrictEqual(duplicateRejects.map((r) => r["source_path"]), ["z-new-headline.txt", "z-same-page.txt"])
    assert.deepStrictEqual(rejects.map((r) => r["source_path"]), [...rejects.map((r) => r["source_path"])].sort())
    const original = labelled.find((d) => d["source_path"] === "a-original.txt")!
    for (const r of duplicateRejects) assert.include(r["detail"], original["doc_id"]!)
    const copyIds = new Set(labelled.filter((d) => d["is_representative"] === "false").map((d) => d["doc_id"]))
    assert.isFalse(sentences.some((s) => copyIds.has(s["doc_id"])))
    assert.isTrue(docs.every((d) => d["is_representative"] === "true"))
    // The manifest lists every input in order, the copies as rejects.
    const inputs = JSON.parse(fs.readFileSync(path.join(out, "manifest.json"), "utf8")).inputs as Array<{ source_path: string; status: string }>
    assert.deepStrictEqual(inputs.map((i) => i.source_path), fs.readdirSync(input).sort())
    assert.deepStrictEqual(inputs.filter((i) => i.status === "reject").map((i) => i.source_path), rejects.map((r) => r["source_path"]))
  })

  it("groups copies that fall into different shards the same once the parts are merged", async () => {
    const parts = path.join(root, "sharded")
    await run(parts, { shard: parseShard("1/2")! })
    await run(parts, { shard: parseShard("2/2")! })
    const merged = path.join(root, "merged")
    await Effect.runPromise(mergeParts([path.join(parts, "parts")], merged).pipe(Effect.provide(NodeServices.layer)))
    for (const file of tableFiles) {
      const single = fs.readFileSync(path.join(root, "labelled", file))
      assert.isTrue(single.equals(fs.readFileSync(path.join(merged, file))), `${file} differs from the single run`)
    }
  })
})

describe("holding documents for grouping", () => {
  it.skipIf(process.platform !== "linux")("closes the signature file once: a descriptor number given out again after `release` stays open", () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "newsprep-holder-"))
    const log = new InputLog(folder)
    const holder = holdForDuplicates(folder, { threshold: 0.6, dedupe: false }, true, 0)
    holder.release({ documents: [], sentences: [], removals: [], rejects: [] }, log)
    const other = fs.openSync(path.join(folder, "other"), "w") // the lowest free number: the signature file's
    holder.close()
    assert.doesNotThrow(() => fs.fstatSync(other))
    fs.closeSync(other)
    log.close()
    assert.isTrue(fs.existsSync(path.join(folder, SIGNATURES_FILE)))
  })
})
