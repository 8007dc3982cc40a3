/**
 * Scale features on a small synthetic corpus (scripts/corpus.ts, 4 batches):
 * worker threads, sharding + merge and the incremental cache must all give
 * tables byte-identical to one plain run.
 */
import { runOn } from "./support.ts"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { beforeAll } from "vitest"
import { generateArticle } from "../../scripts/corpus.ts"
import { mergeParts } from "../../pipeline/merge.ts"
import { makeFlowOptions } from "../../pipeline/defaults.ts"
import { announceGrouping, describeProgress } from "../../pipeline/progress.ts"
import { type RunOptions, workerCount } from "../../pipeline/run.ts"
import { parseShard, shardBatches } from "../../pipeline/shard.ts"

const ARTICLES = 200 // 4 batches of 64
const tableFiles = ["documents", "sentences", "removals", "rejects"].flatMap((t) => [`${t}.csv`, `${t}.arrow`])
const root = fs.mkdtempSync(path.join(os.tmpdir(), "newsprep-scale-"))
const input = path.join(root, "in")

const run = (output: string, extra: Partial<RunOptions> = {}) => runOn(input, output, extra)

const sameTables = (a: string, b: string) => {
  for (const file of tableFiles) {
    assert.isTrue(fs.readFileSync(path.join(a, file)).equals(fs.readFileSync(path.join(b, file))), `${file} differs`)
  }
}

describe("scale", () => {
  beforeAll(async () => {
    for (let i = 0; i < ARTICLES; i++) {
      const { style, text } = generateArticle(i)
      const folder = path.join(input, `g${i % 3}`)
      fs.mkdirSync(folder, { recursive: true })
      fs.writeFileSync(path.join(folder, `${style}-${i}.txt`), text)
    }
    fs.writeFileSync(path.join(input, "g0", "empty.txt"), "") // a reject too
    await run(path.join(root, "single"))
  }, 120_000)

  it("shards split the sorted inputs into whole batches, covering each once", () => {
    assert.deepStrictEqual(parseShard("2/5"), { index: 2, count: 5 })
    assert.strictEqual(parseShard("0/5"), undefined)
    assert.strictEqual(parseShard("6/5"), undefined)
    assert.strictEqual(parseShard("x"), undefined)
    for (const count of [1, 2, 3, 7]) {
      const ranges = Array.from({ length: count }, (_, k) => shardBatches(1000, { index: k + 1, count })).flat()
      assert.deepStrictEqual(ranges.map((r) => r.batch), Array.from({ length: 16 }, (_, b) => b))
      assert.strictEqual(ranges[ranges.length - 1]!.to, 1000)
      for (const r of ranges) assert.strictEqual(r.from % 64, 0)
    }
  })

  it("starts the workers asked for; by default one per core, but no more than the batches repay", () => {
    assert.strictEqual(workerCount(undefined, 100), 1)
    assert.strictEqual(workerCount(4, 100), 4)
    assert.strictEqual(workerCount(4, 2), 2) // never more than the batches
    assert.strictEqual(workerCount("auto", 4, 8), 1) // 200 files: faster in one thread
    assert.strictEqual(workerCount("auto", 32, 8), 1) // 2,000 files: still faster in one thread
    assert.strictEqual(workerCount("auto", 80, 8), 2)
    assert.strictEqual(workerCount("auto", 1000, 8), 8) // one per core
    assert.strictEqual(workerCount("auto", 0, 8), 1)
  })

  it("writes the same bytes with 2 worker threads as in one thread", async () => {
    const summary = await run(path.join(root, "workers"), { workers: 2 })
    assert.strictEqual(summary.inputs, ARTICLES + 1)
    sameTables(path.join(root, "single"), path.join(root, "workers"))
  }, 120_000)

  it("merges --shard K/N parts into the single-machine tables", async () => {
    const sharded = path.join(root, "sharded")
    for (let k = 1; k <= 3; k++) {
      const summary = await run(sharded, { shard: { index: k, count: 3 } })
      assert.strictEqual(summary.output, path.join(sharded, "parts", `${k}-of-3`))
    }
    const missing = await Effect.runPromise(Effect.flip(mergeParts([path.join(root, "nowhere")], path.join(root, "x"))))
    assert.strictEqual(missing._tag, "OutputError")
    const merged = await Effect.runPromise(mergeParts([path.join(sharded, "parts")], path.join(root, "merged")))
    assert.strictEqual(merged.parts, 3)
    sameTables(path.join(root, "single"), path.join(root, "merged"))
    const manifest = JSON.parse(fs.readFileSync(path.join(root, "merged", "manifest.json"), "utf8"))
    const single = JSON.parse(fs.readFileSync(path.join(root, "single", "manifest.json"), "utf8"))
    assert.deepStrictEqual(manifest.inputs, single.inputs)
    assert.deepStrictEqual(manifest.row_counts, single.row_counts)
    assert.deepStrictEqual(manifest.outputs, single.outputs)
  }, 120_000)

  it("merges parts written in every format, Parquet too, into the single-machine bytes", async () => {
    const formats = ["csv", "arrow", "parquet"] as const
    const everyFormat = { formats, settings: { formats, duplicate_threshold: 0.6 } } // merge reads the formats from a part's manifest
    await run(path.join(root, "single-all"), everyFormat)
    const sharded = path.join(root, "sharded-all")
    for (let k = 1; k <= 2; k++) await run(sharded, { ...everyFormat, shard: { index: k, count: 2 } })
    await Effect.runPromise(mergeParts([path.join(sharded, "parts")], path.join(root, "merged-all")))
    for (const table of ["documents", "sentences", "removals", "rejects"]) {
      for (const format of formats) {
        const file = `${table}.${format}`
        assert.isTrue(fs.readFileSync(path.join(root, "single-all", file)).equals(fs.readFileSync(path.join(root, "merged-all", file))), `${file} differs`)
      }
    }
  }, 120_000)

  it("refuses to merge an incomplete set of parts", async () => {
    const partial = path.join(root, "partial")
    fs.mkdirSync(path.join(partial, "parts"), { recursive: true })
    fs.cpSync(path.join(root, "sharded", "parts", "1-of-3"), path.join(partial, "parts", "1-of-3"), { recursive: true })
    const error = await Effect.runPromise(Effect.flip(mergeParts([path.join(partial, "parts")], path.join(partial, "out"))))
    assert.match(error.message, /2-of-3, 3-of-3 are missing/)
  })

  it("refuses a part whose table is cut short, naming the file, and leaves no tables behind", async () => {
    const damaged = path.join(root, "damaged")
    fs.cpSync(path.join(root, "sharded", "parts"), path.join(damaged, "parts"), { recursive: true })
    const sentences = path.join(damaged, "parts", "2-of-3", "sentences.arrow")
    fs.truncateSync(sentences, Math.floor(fs.statSync(sentences).size / 2))
    const out = path.join(damaged, "out")
    const error = await Effect.runPromise(Effect.flip(mergeParts([path.join(damaged, "parts")], out)))
    assert.include(error.message, `Cannot merge ${sentences}`)
    assert.deepStrictEqual(fs.readdirSync(out).filter((f) => !f.startsWith("duplicates")), [])
    // A part's CSV rows are copied as they are, so a CSV with another header is refused.
    fs.cpSync(path.join(root, "sharded", "parts", "2-of-3", "sentences.arrow"), sentences)
    const removals = path.join(damaged, "parts", "3-of-3", "removals.csv")
    fs.writeFileSync(removals, fs.readFileSync(removals, "utf8").replace(/^[^\n]*/, "doc_id,kind"))
    const header = await Effect.runPromise(Effect.flip(mergeParts([path.join(damaged, "parts")], out)))
    assert.include(header.message, `Cannot merge ${removals}: ${removals} does not start with the header of this table`)
  })

  it("reruns from the cache with the same bytes, and re-processes only a changed file", async () => {
    const cacheDir = path.join(root, "cache")
    const first = await run(path.join(root, "cached1"), { cacheDir })
    assert.strictEqual(first.cacheHits, 0)
    const second = await run(path.join(root, "cached2"), { cacheDir, workers: 2 })
    assert.strictEqual(second.cacheHits, ARTICLES + 1)
    sameTables(path.join(root, "single"), path.join(root, "cached2"))
    // The unchanged rerun reused the first run's grouping of copies: still one grouping cached.
    assert.strictEqual(fs.readdirSync(path.join(cacheDir, "groups")).length, 1)
    // A damaged grouping is not trusted: the rerun groups again and keeps the new grouping.
    const [grouping] = fs.readdirSync(path.join(cacheDir, "groups"))
    fs.writeFileSync(path.join(cacheDir, "groups", grouping!), Buffer.alloc(8))
    await run(path.join(root, "cached2b"), { cacheDir })
    sameTables(path.join(root, "single"), path.join(root, "cached2b"))
    assert.strictEqual(fs.statSync(path.join(cacheDir, "groups", grouping!)).size, 4 * ARTICLES) // one Int32 per document

    const changed = path.join(input, "g1", fs.readdirSync(path.join(input, "g1"))[0]!)
    fs.appendFileSync(changed, "\n\nOne more paragraph was added to this article after it was first published.\n")
    fs.writeFileSync(path.join(input, "g2", "added.txt"), generateArticle(9999).text)
    // Two workers: the changed and the added file share batches with cached ones, looked up here and moved to a worker.
    const third = await run(path.join(root, "cached3"), { cacheDir, workers: 2 })
    assert.strictEqual(third.cacheHits, ARTICLES) // all but the changed and the added file
    assert.strictEqual(third.inputs, ARTICLES + 2)
    await run(path.join(root, "fresh3"))
    sameTables(path.join(root, "fresh3"), path.join(root, "cached3"))
    assert.strictEqual(fs.readdirSync(path.join(cacheDir, "groups")).length, 2) // other documents, grouped anew
    fs.rmSync(path.join(input, "g2", "added.txt"))
  }, 120_000)

  it("reuses cached documents on a later day, except one whose dates the new reference date reads differently", async () => {
    const dayInput = path.join(root, "days-in")
    fs.mkdirSync(dayInput)
    for (const i of [1, 2]) fs.writeFileSync(path.join(dayInput, `a${i}.txt`), generateArticle(i).text)
    fs.writeFileSync(path.join(dayInput, "ahead.txt"), "Talks resume in Vienna\nBy Sana Kirmani\nDecember 1, 2026\n\n" +
      "Negotiators from both countries met again in Vienna on Monday. They said that the talks on trade would go on for a week.\n")
    const cacheDir = path.join(root, "days-cache")
    const on = (day: string, output: string, cached = true) =>
      runOn(dayInput, path.join(root, output), { flow: makeFlowOptions({ referenceDate: day }), ...(cached ? { cacheDir } : {}) })
    const dateOf = (output: string) =>
      fs.readFileSync(path.join(root, output, "documents.csv"), "utf8").split("\n").find((line) => line.includes("ahead.txt"))!

    assert.strictEqual((await on("2026-11-23", "day1")).cacheHits, 0)
    assert.notInclude(dateOf("day1"), "2026-12-01") // after the reference date: not a publication date
    const later = await on("2026-12-05", "day2")
    assert.strictEqual(later.cacheHits, 2) // only the document with a date between the two days ran again
    assert.include(dateOf("day2"), "2026-12-01")
    await on("2026-12-05", "day2-fresh", false)
    for (const file of tableFiles) {
      assert.isTrue(fs.readFileSync(path.join(root, "day2", file)).equals(fs.readFileSync(path.join(root, "day2-fresh", file))), `${file} differs`)
    }
    assert.strictEqual((await on("2026-12-20", "day3")).cacheHits, 3) // every entry holds from 2026-12-01 on
  }, 60_000)

  it("describes progress with documents, MB/s and time left", () => {
    assert.strictEqual(describeProgress(50, 200, 10e6, 5, false), "newsprep: 25% 50/200 documents, 2.0 MB/s, 00:15 left")
    assert.match(describeProgress(200, 200, 10e6, 5, true), /^\[#{24}\] 100% 200\/200 documents, 2\.0 MB\/s, 00:00 left$/)
    assert.strictEqual(describeProgress(300, 1200, 0, 2, false, "rows"), "newsprep: 25% 300/1200 rows, 0.0 MB/s, 00:06 left") // merge counts rows
  })

  it("says it is grouping copies when there are many documents, and only then", () => {
    const lines: Array<string> = []
    const stream = { write: (line: string) => lines.push(line) } as unknown as NodeJS.WritableStream
    announceGrouping(49_999, stream)
    assert.deepStrictEqual(lines, [])
    announceGrouping(1_000_000, stream)
    assert.deepStrictEqual(lines, ["newsprep: grouping copies among 1000000 documents\n"])
  })
})
