// Rows are checked against their columns as they are encoded: a value that does not fit
// (wrong type, null where not allowed, a missing key, an int beyond Arrow's int32) is refused,
// and the document becomes an `error` reject instead of a bad row in the tables. Files read
// ahead of their batch give the same rows as files read in it.
import { assert, describe, it } from "@effect/vitest"
import { createHash } from "node:crypto"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { encodeFile, lookUp, processBatch, settledWithoutFlow } from "../../pipeline/batch.ts"
import { openCache } from "../../pipeline/cache.ts"
import { makeFlowOptions } from "../../pipeline/defaults.ts"
import { Arena, concatRows, encodeRows, RowSchemaError } from "../../pipeline/encode.ts"
import { type FlowResult, processFile } from "../../pipeline/flow.ts"
import type { InputFile } from "../../pipeline/inputs.ts"
import { contentBuffers, readAhead, readBatch } from "../../pipeline/readAhead.ts"
import { heldBackColumns, tables } from "../../pipeline/schema.ts"
import { viewBuffers } from "../../pipeline/workerEntry.ts"
import { generateArticle } from "../../scripts/corpus.ts"

const options = makeFlowOptions({ referenceDate: "2026-11-23" })
const [result] = processFile({ sourcePath: "a.txt", bytes: new TextEncoder().encode(generateArticle(7).text) }, options, new Float64Array(16))
const document = result as Extract<FlowResult, { _tag: "document" }>

const removal = { doc_id: "d", kind: "byline", text: "By A", source_byte_start: 0, source_byte_end: 4 }

describe("row checks while encoding", () => {
  it("accepts the rows the flow produces", () => {
    assert.strictEqual(document._tag, "document")
    const encoded = encodeFile([document])
    assert.deepStrictEqual(encoded.statuses.map((s) => s.status), ["document"])
    assert.strictEqual(encoded.tables.sentences!.rows, document.sentences.length)
  })

  it("refuses a value that does not fit its column, naming the column", () => {
    assert.doesNotThrow(() => encodeRows(tables.removals, [removal]))
    const refused: ReadonlyArray<[Record<string, unknown>, RegExp]> = [
      [{ ...removal, source_byte_end: 4.5 }, /removals\.source_byte_end of row 0 is 4\.5, not int/],
      [{ ...removal, source_byte_end: 2 ** 31 }, /source_byte_end/], // beyond Arrow's int32
      [{ ...removal, kind: null }, /removals\.kind of row 0 is null, not string/],
      [{ ...removal, text: 42 }, /removals\.text/],
      [Object.fromEntries(Object.entries(removal).filter(([k]) => k !== "text")), /removals\.text of row 0 is missing/]
    ]
    for (const [row, message] of refused) {
      assert.throws(() => encodeRows(tables.removals, [removal, row]), RowSchemaError)
      assert.throws(() => encodeRows(tables.removals, [row]), message)
    }
    const { published_date: _, ...withoutDate } = document.document
    assert.throws(() => encodeRows(tables.documents, [withoutDate]), /documents\.published_date of row 0 is missing/)
    assert.throws(() => encodeRows(tables.documents, [{ ...document.document, published_date: "23/11/2026" }]), /published_date/)
    assert.throws(() => encodeRows(tables.documents, [{ ...document.document, authors: ["A", 3] }]), /documents\.authors/)
  })

  it("turns a document with a bad row into an error reject, and keeps the others", () => {
    const bad: FlowResult = { ...document, sentences: document.sentences.map((s, i) => (i === 1 ? { ...s, char_start: -0.5 } : s)) }
    const encoded = encodeFile([document, bad])
    assert.deepStrictEqual(encoded.statuses.map((s) => s.status), ["document", "reject"])
    assert.deepStrictEqual(encoded.rejectReasons, { error: 1 })
    assert.strictEqual(encoded.tables.documents!.rows, 1)
    assert.strictEqual(encoded.tables.sentences!.rows, document.sentences.length)
    assert.strictEqual(encoded.signatures.length, 1)
    const csv = new TextDecoder().decode(encoded.tables.rejects!.csv)
    assert.match(csv, /^a\.txt,[0-9a-f]{64},error,"A produced row did not match its table schema: sentences\.char_start of row 1 is -0\.5, not int\."\n$/)
  })
})

describe("reading ahead", () => {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "newsprep-read-"))
  const file = (name: string, text: string): InputFile => {
    const absolutePath = path.join(folder, name)
    fs.writeFileSync(absolutePath, text)
    return { sourcePath: name, absolutePath, size: Buffer.byteLength(text) }
  }
  const article = file("article.txt", generateArticle(7).text)
  const tooLarge = file("large.txt", "x".repeat(200))
  const gone: InputFile = { sourcePath: "gone.txt", absolutePath: path.join(folder, "gone.txt"), size: 10 }
  const folderInput: InputFile = { sourcePath: "sub", absolutePath: folder, size: 10 }

  it("reads files whole into buffers of their own, skips those over the limit, and reports failed reads", async () => {
    const contents = await readBatch([article, tooLarge, gone, folderInput], 100_000)
    assert.deepStrictEqual(Buffer.from(contents[0] as Uint8Array), fs.readFileSync(article.absolutePath))
    assert.strictEqual((contents[0] as Uint8Array).buffer.byteLength, article.size) // safe to move to a worker
    const buffers = contentBuffers(contents)
    assert.strictEqual(buffers.length, 2)
    assert.strictEqual(buffers[1], (contents[1] as Uint8Array).buffer)
    assert.deepStrictEqual(await readBatch([tooLarge, article], 100), [undefined, undefined])
    // A batch is read ahead up to 8 MB (by listed sizes); what does not fit is read in the batch.
    const big = (name: string) => ({ ...article, sourcePath: name, size: 5 * 1024 * 1024 })
    const budgeted = await readBatch([big("a"), big("b"), article], 100 * 1024 * 1024)
    assert.deepStrictEqual(budgeted.map((c) => c instanceof Uint8Array), [true, false, true])
    assert.match((contents[2] as { readError: string }).readError, /ENOENT/)
    assert.match((contents[3] as { readError: string }).readError, /EISDIR/)
  })

  it("gives the same rows as reading in the batch, and rejects a file that could not be read", async () => {
    const files = [article, gone, folderInput]
    const batchOptions = { maxBytes: 100_000, flow: options }
    const ahead = processBatch(files, await readBatch(files, batchOptions.maxBytes), batchOptions)
    const inBatch = processBatch(files, files.map(() => undefined), batchOptions)
    for (const name of ["documents", "sentences", "rejects"] as const) {
      assert.deepStrictEqual(ahead.tables[name].csv, inBatch.tables[name].csv)
    }
    const rejects = new TextDecoder().decode(ahead.tables.rejects.csv)
    assert.match(rejects, /^gone\.txt,,error,"Cannot read the file: ENOENT[^\n]*\nsub,,error,"Cannot read the file: EISDIR/)
  })

  it("looks a batch up before processing it: settled without the flow only when every file is too large, unreadable or cached", async () => {
    const cache = openCache({ directory: fs.mkdtempSync(path.join(os.tmpdir(), "newsprep-lookup-")), fingerprint: "f", referenceDate: "2026-11-23" })
    const batchOptions = { maxBytes: 100_000, flow: options }
    const files = [article, { ...tooLarge, size: 200_000 }, gone]
    const contents = await readBatch(files, batchOptions.maxBytes)
    const lookUpAll = () => files.map((file, i) => lookUp(file, contents[i], batchOptions, cache))
    const cold = lookUpAll()
    assert.strictEqual(cold[0]!.sha256, createHash("sha256").update(fs.readFileSync(article.absolutePath)).digest("hex"))
    assert.deepStrictEqual([cold[0]!.hit, cold[1], cold[2]], [undefined, undefined, undefined])
    assert.isFalse(settledWithoutFlow(files, contents, cold, batchOptions))
    const first = processBatch(files, contents, batchOptions, cache, cold) // processes the article and caches it
    assert.strictEqual(first.cacheHits, 0)
    await cache.flush()
    const warm = lookUpAll()
    assert.isDefined(warm[0]!.hit)
    assert.isTrue(settledWithoutFlow(files, contents, warm, batchOptions))
    // A file not read ahead cannot have been looked up: it still needs processing.
    const notReadAhead = [undefined, ...contents.slice(1)]
    const notLookedUp = files.map((file, i) => lookUp(file, notReadAhead[i], batchOptions, cache))
    assert.isUndefined(notLookedUp[0])
    assert.isFalse(settledWithoutFlow(files, notReadAhead, notLookedUp, batchOptions))
    const again = processBatch(files, contents, batchOptions, cache, warm)
    assert.strictEqual(again.cacheHits, 1)
    for (const name of ["documents", "sentences", "removals", "rejects"] as const) {
      assert.deepStrictEqual(again.tables[name].csv, first.tables[name].csv)
      assert.deepStrictEqual(again.tables[name].csv, processBatch(files, contents, batchOptions).tables[name].csv)
    }
  })

  it("starts reading up to `depth` batches ahead, each batch once", async () => {
    const asked: Array<number> = []
    const take = readAhead(5, (b) => {
      asked.push(b)
      return [article]
    }, 100_000, 2)
    const first = take(0)
    assert.deepStrictEqual(asked, [0, 1, 2])
    assert.strictEqual((await first.contents).length, 1)
    take(1)
    take(2)
    assert.deepStrictEqual(asked, [0, 1, 2, 3, 4])
    take(3)
    take(4)
    assert.deepStrictEqual(asked, [0, 1, 2, 3, 4])
  })
})

describe("encoded rows in shared buffers", () => {
  // The buffers a worker would move for these rows.
  const buffersOf = (value: unknown): Set<ArrayBufferLike> => new Set(viewBuffers(value))

  it("cuts zeroed, separate arrays from an arena, and gives back only the last array's unused end", () => {
    const arena = new Arena(64)
    const a = arena.uint8(5)
    const b = arena.int32(3)
    assert.strictEqual(b.byteOffset % 8, 0)
    a.fill(255)
    assert.deepStrictEqual([...b], [0, 0, 0])
    const c = arena.shrink(arena.uint8(20), 4)
    const d = arena.uint8(4)
    assert.strictEqual(d.byteOffset, c.byteOffset + 8) // c's end went back
    const e = arena.shrink(a, 2) // not the last array: nothing goes back
    assert.strictEqual(e.length, 2)
    assert.strictEqual(arena.uint8(1).byteOffset, d.byteOffset + 8)
    const big = arena.float64(100) // more than a chunk: a buffer of its own size
    assert.strictEqual(big.buffer.byteLength, 800)
    assert.notStrictEqual(big.buffer, a.buffer)
  })

  it("packs a batch's table into one buffer of its own, with the same rows as encoding them at once", () => {
    const arena = new Arena(1024)
    const parts = [0, 1, 2].map((i) => encodeRows(tables.sentences, document.sentences.slice(i * 3, i * 3 + 3), [], arena))
    const packed = concatRows(parts)
    const buffers = buffersOf(packed)
    assert.strictEqual(buffers.size, 1)
    assert.isFalse(buffersOf(parts).has([...buffers][0]!))
    const atOnce = encodeRows(tables.sentences, document.sentences.slice(0, 9))
    assert.deepStrictEqual(packed.csv, atOnce.csv)
    assert.deepStrictEqual(packed.columns, atOnce.columns)
    // A table with a list column (authors) and held-back columns, one segment per row.
    const withAuthors = { ...document.document, authors: ["Ana Ruiz", "Li Wei"] }
    const documents = concatRows([document.document, withAuthors, document.document].map((row) =>
      encodeRows(tables.documents, [row], heldBackColumns.documents, arena)))
    assert.strictEqual(buffersOf(documents).size, 1)
    assert.deepStrictEqual(documents.columns, encodeRows(tables.documents, [document.document, withAuthors, document.document], heldBackColumns.documents).columns)
  })
})
