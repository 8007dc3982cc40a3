// The cache's on-disk entry format: what is packed comes back equal, typed arrays included,
// and anything else (a foreign, truncated or older file) is refused, so the cache treats it
// as a miss.
import { assert, describe, it } from "@effect/vitest"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { encodeFile } from "../../pipeline/batch.ts"
import { type CacheEntry, openCache, packEntry, unpackEntry } from "../../pipeline/cache.ts"
import { makeFlowOptions } from "../../pipeline/defaults.ts"
import { processFile } from "../../pipeline/flow.ts"
import { generateArticle } from "../../scripts/corpus.ts"
import { ReferenceDateRange } from "../../stages/dates/index.ts"

const options = makeFlowOptions({ referenceDate: "2026-11-23" })
const entryOf = (text: string, sourcePath: string): CacheEntry => ({
  ...encodeFile(processFile({ sourcePath, bytes: new TextEncoder().encode(text) }, options, new Float64Array(16))),
  referenceDates: { from: "2024-03-05", before: "~" }
})

describe("cache entries", () => {
  it("unpack what was packed: documents, rejects, signatures and every column", () => {
    const [article] = processFile({ sourcePath: "d.txt", bytes: new TextEncoder().encode(generateArticle(8).text) }, options, new Float64Array(16))
    assert.strictEqual(article!._tag, "document")
    const document = article as Extract<typeof article, { _tag: "document" }>
    // A list column with several items (authors), and one with none.
    const withAuthors: CacheEntry = {
      ...encodeFile([{ ...document, document: { ...document.document, authors: ["Ana Ruiz", "Li Wei"] } }, { ...document, document: { ...document.document, authors: [] } }]),
      referenceDates: { from: "2024-03-05", before: "~" }
    }
    for (const entry of [entryOf(generateArticle(3).text, "a.txt"), entryOf(generateArticle(40).text, "ру/б.txt"), entryOf("   \n", "blank.txt"), withAuthors]) {
      const back = unpackEntry(packEntry(entry))
      assert.deepStrictEqual(back, entry)
      // A view at an odd offset (as a pooled Buffer may be) reads the same.
      const packed = packEntry(entry)
      const shifted = new Uint8Array(packed.length + 3)
      shifted.set(packed, 3)
      assert.deepStrictEqual(unpackEntry(shifted.subarray(3)), entry)
      // So does a small Buffer, which Node hands out from a shared pool.
      assert.deepStrictEqual(unpackEntry(Buffer.concat([Buffer.alloc(5), packed]).subarray(5)), entry)
    }
  })

  it("refuses foreign and truncated files, which the cache reads as misses", async () => {
    const packed = packEntry(entryOf(generateArticle(5).text, "c.txt"))
    assert.throws(() => unpackEntry(new TextEncoder().encode("not an entry at all")))
    assert.throws(() => unpackEntry(packed.subarray(0, 40)))
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "newsprep-cache-"))
    const cache = openCache({ directory, fingerprint: "fingerprint", referenceDate: "2026-11-23" })
    const { referenceDates, ...results } = unpackEntry(packed)
    cache.set("c.txt", "ab", results, Object.assign(new ReferenceDateRange(), referenceDates))
    await cache.flush()
    assert.deepStrictEqual(cache.get("c.txt", "ab"), results)
    // The entry holds from its latest kept date on; a run with an earlier reference date misses it.
    assert.strictEqual(openCache({ directory, fingerprint: "fingerprint", referenceDate: "2024-03-04" }).get("c.txt", "ab"), undefined)
    const [sub] = fs.readdirSync(directory)
    const [file] = fs.readdirSync(path.join(directory, sub!))
    fs.writeFileSync(path.join(directory, sub!, file!), packed.subarray(0, packed.length - 9))
    assert.strictEqual(cache.get("c.txt", "ab"), undefined)
    fs.rmSync(directory, { recursive: true })
  })

  it("writes entries in the background: flush waits for them, and a failed write fails flush and the next set", async () => {
    const packed = packEntry(entryOf(generateArticle(6).text, "d.txt"))
    const { referenceDates, ...results } = unpackEntry(packed)
    const dates = Object.assign(new ReferenceDateRange(), referenceDates)
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "newsprep-cache-"))
    const filesIn = (dir: string) => fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => e.name)
    // In the background, and (past the pending bytes allowed) synchronously: the same entries.
    for (const maxPendingBytes of [undefined, 0]) {
      const cache = openCache({ directory, fingerprint: `f${maxPendingBytes}`, referenceDate: "2026-11-23" }, maxPendingBytes)
      for (let i = 0; i < 20; i++) cache.set(`d${i}.txt`, "ab", results, dates)
      if (maxPendingBytes === 0) assert.deepStrictEqual(cache.get("d7.txt", "ab"), results) // written already
      await cache.flush()
      for (let i = 0; i < 20; i++) assert.deepStrictEqual(cache.get(`d${i}.txt`, "ab"), results)
    }
    const names = filesIn(directory)
    assert.strictEqual(names.length, 40)
    assert.isTrue(names.every((name) => name.endsWith(".entry")), "no temporary file is left")
    // A cache folder under a regular file cannot be written.
    const blocked = path.join(directory, names[0]!.slice(0, 2), names[0]!, "cache")
    const failing = openCache({ directory: blocked, fingerprint: "f", referenceDate: "2026-11-23" })
    failing.set("d.txt", "ab", results, dates)
    const error = await failing.flush().then(() => undefined, (e: Error) => e)
    assert.match(String(error), /ENOTDIR/)
    assert.throws(() => failing.set("e.txt", "ab", results, dates), /ENOTDIR/)
    fs.rmSync(directory, { recursive: true })
  })
})
