// The sinks write rows encoded ahead (pipeline/encode.ts: CSV records, Arrow buffers built by
// hand for speed); these tests hold them to the bytes of the reference writers (csv-stringify on
// whole batches, apache-arrow's builders), on random rows with nulls, quotes, line breaks, astral
// and lone-surrogate text, for every table, however the rows were encoded and concatenated.
import { describe, it, assert } from "@effect/vitest"
import { makeData, RecordBatch, RecordBatchFileWriter, RecordBatchReader, Struct, vectorFromArray } from "apache-arrow"
import { stringify } from "csv-stringify/sync"
import fc from "fast-check"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { concatRows, csvField, encodeRows, noRows } from "../../pipeline/encode.ts"
import { type Column, columnNames, heldBackColumns, type TableName, type TableSpec, tables } from "../../pipeline/schema.ts"
import { arrowSchema, arrowSink, AtomicFile, csvListSeparator, csvSink, type TableSink } from "../../pipeline/sinks.ts"

const seeded = (seed: number) => () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32
const pieces = ["a", ",", "\"", "\n", "\r", " ", "é", "😀", "\ud800", "0", "-", "=", "ж", "\t", ";"]

const randomValue = (random: () => number, column: Column): unknown => {
  if (column.nullable && random() < 0.3) return null
  const text = () => Array.from({ length: Math.floor(random() * 12) }, () => pieces[Math.floor(random() * pieces.length)]).join("")
  switch (column.type) {
    case "string":
      return text()
    case "int":
      return random() < 0.2 ? [-2147483648, 2147483647, 0, -1, 9, 10][Math.floor(random() * 6)] : Math.floor(random() * 2e9) - 1e9
    case "float":
      return random() * 10 - 5
    case "bool":
      return random() < 0.5
    case "date":
      return ["2019-03-05", "1970-01-01", "1969-12-31", "2026-11-23"][Math.floor(random() * 4)]
    case "string_list":
      return Array.from({ length: Math.floor(random() * 3) }, text)
  }
}

const randomRows = (random: () => number, table: TableSpec, count: number) =>
  Array.from({ length: count }, () => Object.fromEntries(columnNames(table).map((n) => [n, randomValue(random, table.columns[n]!)])))

const written = (write: (file: string) => void): Buffer => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "newsprep-sinks-")), "table")
  write(file)
  return fs.readFileSync(file)
}

// The writers the sinks replaced, as they were called before.
const referenceCsv = (table: TableSpec, batches: ReadonlyArray<ReadonlyArray<Record<string, unknown>>>): Buffer => {
  const names = columnNames(table)
  const field = (column: Column, value: unknown) =>
    value === null || value === undefined ? "" :
    column.type === "string_list" ? (value as Array<string>).join(csvListSeparator) :
    column.type === "bool" ? (value ? "true" : "false") : value
  const body = batches.map((rows) => stringify(rows.map((row) => names.map((n) => field(table.columns[n]!, row[n]))))).join("")
  return Buffer.from(stringify([names]) + body)
}
const referenceArrow = (table: TableSpec, batches: ReadonlyArray<ReadonlyArray<Record<string, unknown>>>): Buffer => {
  const schema = arrowSchema(table)
  const recordBatch = (rows: ReadonlyArray<Record<string, unknown>>) => {
    const children = schema.fields.map((field) => {
      const values = rows.map((r) => r[field.name] ?? null)
      const typed = table.columns[field.name]!.type === "date" ? values.map((v) => (v === null ? null : new Date(`${v as string}T00:00:00Z`))) : values
      return vectorFromArray(typed, field.type).data[0]!
    })
    return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: rows.length, nullCount: 0, children }))
  }
  return Buffer.from(RecordBatchFileWriter.writeAll(batches.map(recordBatch)).toUint8Array(true))
}

/** A batch encoded three ways: whole, row by row and concatenated, and with columns held back. */
const encodings = (table: TableSpec, rows: ReadonlyArray<Record<string, unknown>>) => {
  const held = heldBackColumns[table.name as TableName]
  const values = Object.fromEntries(held.map((name) => [name, rows.map((row) => row[name] ?? null)]))
  return [
    { label: "whole", write: (sink: TableSink) => sink.write(encodeRows(table, rows)) },
    { label: "row by row", write: (sink: TableSink) => sink.write(rows.length === 0 ? noRows(table) : concatRows(rows.map((row) => encodeRows(table, [row])))) },
    { label: "held back", write: (sink: TableSink) => sink.write(encodeRows(table, rows, held), held.length > 0 ? values : undefined) }
  ]
}

describe("sinks write the reference writers' bytes", () => {
  for (const table of Object.values(tables)) {
    it(`${table.name}: CSV as csv-stringify, Arrow as apache-arrow's builders`, () => {
      const random = seeded(table.name.length * 7919)
      for (const sizes of [[1], [7, 8], [63, 64, 65], [513, 5]]) {
        const batches = sizes.map((n) => randomRows(random, table, n))
        for (const way of [0, 1, 2]) {
          const label = `${encodings(table, []).at(way)!.label}, batches of ${sizes.join(", ")}`
          const csv = written((file) => {
            const sink = csvSink(table, file)
            for (const rows of batches) encodings(table, rows).at(way)!.write(sink)
            sink.commit()
          })
          assert.isTrue(csv.equals(referenceCsv(table, batches)), `CSV, ${label}`)
          const arrow = written((file) => {
            const sink = arrowSink(table, file)
            for (const rows of batches) encodings(table, rows).at(way)!.write(sink)
            sink.commit()
          })
          assert.isTrue(arrow.equals(referenceArrow(table, batches)), `Arrow, ${label}`)
        }
      }
    })
  }
})

describe("CSV fields", () => {
  it("join into csv-stringify's record, whichever fields it quotes", () => {
    const field = fc.oneof(
      fc.string({ unit: "binary" }),
      fc.string({ unit: fc.constantFrom("a", " ", ",", "\"", "\r", "\n", "é", "\u2028") }), // quotes and breaks anywhere
      fc.constantFrom(",", "\"", "\r", "\n", "=1", "-", ""),
      fc.double(),
      fc.integer()
    )
    fc.assert(fc.property(fc.array(field, { minLength: 1, maxLength: 6 }), (fields) => {
      assert.strictEqual(fields.map(csvField).join(",") + "\n", stringify([fields]))
    }), { numRuns: 2000 })
  })
})

describe("appending rows written before (merge)", () => {
  it("gives the bytes of writing the rows again, and refuses another table's batches or header", () => {
    const table = tables.sentences
    const random = seeded(11)
    const batches = [randomRows(random, table, 40), randomRows(random, table, 3)]
    const writeRows = (sink: TableSink) => {
      for (const rows of batches) sink.write(encodeRows(table, rows))
      sink.commit()
    }
    const csv = written((file) => writeRows(csvSink(table, file)))
    const arrow = written((file) => writeRows(arrowSink(table, file)))
    const csvFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "newsprep-append-")), "part.csv")
    fs.writeFileSync(csvFile, csv)
    const copied = written((file) => {
      const sink = csvSink(table, file)
      sink.append({ kind: "csv", file: csvFile, rows: 43 })
      assert.strictEqual(sink.commit().rows, 43)
    })
    assert.isTrue(copied.equals(csv))
    const rewritten = written((file) => {
      const sink = arrowSink(table, file)
      for (const batch of RecordBatchReader.from(arrow)) sink.append({ kind: "arrow", batch })
      sink.commit()
    })
    assert.isTrue(rewritten.equals(arrow))

    const removals = written((file) => {
      const other = arrowSink(tables.removals, file)
      other.write(encodeRows(tables.removals, randomRows(random, tables.removals, 2)))
      other.commit()
    })
    const [otherBatch] = [...RecordBatchReader.from(removals)]
    const sink = arrowSink(table, path.join(path.dirname(csvFile), "t.arrow"))
    assert.throws(() => sink.append({ kind: "arrow", batch: otherBatch! }), /does not have the columns of sentences/)
    assert.throws(() => sink.append({ kind: "csv", file: csvFile, rows: 1 }), /cannot append csv rows/)
    sink.abort()
    fs.writeFileSync(csvFile, csv.subarray(1))
    const csvCopy = csvSink(table, path.join(path.dirname(csvFile), "t.csv"))
    assert.throws(() => csvCopy.append({ kind: "csv", file: csvFile, rows: 43 }), /does not start with the header of this table/)
    csvCopy.abort()
  })
})

describe("atomic files", () => {
  const openDescriptors = () => fs.readdirSync("/proc/self/fd").length
  const settle = () => new Promise((resolve) => setTimeout(resolve, 200))

  it.skipIf(process.platform !== "linux")("flush to disk while written, commit the same bytes, and close every descriptor, also when aborted mid-flush", async () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "newsprep-atomic-"))
    const chunk = Buffer.alloc(1024 * 1024, 7)
    const before = openDescriptors()
    const committed = new AtomicFile(path.join(folder, "t.csv"), { syncAhead: true })
    for (let i = 0; i < 40; i++) committed.write(chunk) // past one background flush (every 32 MB)
    assert.strictEqual(committed.commit().bytes, 40 * chunk.length)
    const aborted = new AtomicFile(path.join(folder, "u.csv"), { syncAhead: true })
    for (let i = 0; i < 40; i++) aborted.write(chunk)
    aborted.abort() // its flush may still be running
    await settle()
    assert.strictEqual(openDescriptors(), before)
    assert.deepStrictEqual(fs.readdirSync(folder), ["t.csv"])
    const written = fs.readFileSync(path.join(folder, "t.csv"))
    assert.isTrue(written.length === 40 * chunk.length && written.every((b) => b === 7))
  })
})
