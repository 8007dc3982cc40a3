// Rows are checked against their columns as they are encoded: a value that does not fit
// (wrong type, null where not allowed, a missing key, an int beyond Arrow's int32) is refused,
// and the document becomes an `error` reject instead of a bad row in the tables.
import { assert, describe, it } from "@effect/vitest"
import { encodeFile } from "../../pipeline/batch.ts"
import { makeFlowOptions } from "../../pipeline/defaults.ts"
import { encodeRows, RowSchemaError } from "../../pipeline/encode.ts"
import { type FlowResult, processFile } from "../../pipeline/flow.ts"
import { tables } from "../../pipeline/schema.ts"
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
