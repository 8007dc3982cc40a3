/**
 * Reads selected columns of a written table back, batch by batch, for the run
 * report. Takes the run's written files; prefers the Arrow IPC file (streamed
 * from disk one record batch at a time), then Parquet (only the selected
 * columns are decoded), then CSV (read whole: the fallback when only CSV was
 * written). Values come back as the schema's row values: ISO dates, string
 * lists, numbers, null for missing.
 */
import { RecordBatchReader, tableFromIPC, type Table as ArrowTable, type Vector } from "apache-arrow"
import * as fs from "node:fs"
import { createRequire } from "node:module"
import * as path from "node:path"
import { tables, type TableName } from "../schema.ts"
import { csvListSeparator, type WrittenFile } from "../sinks.ts"

export type Value = string | number | boolean | ReadonlyArray<string> | null
export type Rows = ReadonlyArray<Readonly<Record<string, Value>>>

const DAY_MS = 86_400_000

const arrowValue = (vector: Vector, index: number): Value => {
  const value: unknown = vector.get(index)
  if (value === null || value === undefined) return null
  const column = String(vector.type)
  if (column.startsWith("Date")) return new Date(Math.round(Number(value) / DAY_MS) * DAY_MS).toISOString().slice(0, 10)
  if (typeof value === "object" && "toArray" in (value as object)) return Array.from((value as Vector).toArray() as Iterable<string>)
  if (typeof value === "bigint") return Number(value)
  return value as Value
}

/** Which rows to read, by index in the whole table; all when absent. */
export type RowFilter = (row: number) => boolean

/** The rows of a batch whose table index (`first` + i) the filter keeps: only their values are decoded. */
const arrowRows = (
  batch: { numRows: number; getChild: (name: string) => Vector | null },
  columns: ReadonlyArray<string>,
  first: number,
  keep: RowFilter
): Rows => {
  const vectors = columns.map((c) => [c, batch.getChild(c)] as const)
  const rows: Array<Readonly<Record<string, Value>>> = []
  for (let i = 0; i < batch.numRows; i++) {
    if (keep(first + i)) rows.push(Object.fromEntries(vectors.map(([c, v]) => [c, v === null ? null : arrowValue(v, i)])))
  }
  return rows
}

/** RFC 4180 records of a whole CSV text (the dialect newsprep writes: ',', '"', '\n'). */
export const parseCsv = (text: string): Array<Array<string>> => {
  const records: Array<Array<string>> = []
  let record: Array<string> = []
  let fieldText = ""
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!
    if (quoted) {
      if (ch === "\"" && text[i + 1] === "\"") (fieldText += "\"", i++)
      else if (ch === "\"") quoted = false
      else fieldText += ch
    } else if (ch === "\"") quoted = true
    else if (ch === ",") (record.push(fieldText), fieldText = "")
    else if (ch === "\n") (record.push(fieldText), records.push(record), record = [], fieldText = "")
    else if (ch !== "\r") fieldText += ch
  }
  if (fieldText !== "" || record.length > 0) (record.push(fieldText), records.push(record))
  return records
}

const csvRows = (file: string, table: TableName, columns: ReadonlyArray<string>, keep: RowFilter): Rows => {
  const [header = [], ...records] = parseCsv(fs.readFileSync(file, "utf8"))
  const spec = tables[table].columns as Readonly<Record<string, { type: string }>>
  return records.filter((_, i) => keep(i)).map((record) =>
    Object.fromEntries(columns.map((c) => {
      const raw = record[header.indexOf(c)] ?? ""
      const type = spec[c]?.type
      const value: Value = type === "string_list" ? (raw === "" ? [] : raw.split(csvListSeparator))
        : raw === "" ? null
        : type === "int" || type === "float" ? Number(raw)
        : type === "bool" ? raw === "true"
        : raw
      return [c, value]
    })))
}

/** Yields the selected columns of `table` (of the rows `keep` selects), one batch of rows at a time. */
export async function* readTable(
  files: ReadonlyArray<WrittenFile>,
  table: TableName,
  columns: ReadonlyArray<string>,
  keep: RowFilter = () => true
): AsyncGenerator<Rows> {
  let first = 0
  const find = (extension: string) => files.find((f) => path.basename(f.file) === `${table}.${extension}`)?.file
  const arrow = find("arrow")
  const parquet = find("parquet")
  const csv = find("csv")
  if (arrow !== undefined) {
    const handle = await fs.promises.open(arrow)
    try {
      const reader = await RecordBatchReader.from(handle)
      for await (const batch of reader) {
        yield arrowRows(batch, columns, first, keep)
        first += batch.numRows
      }
    } finally {
      await handle.close()
    }
  } else if (parquet !== undefined) {
    const wasm = createRequire(import.meta.url)("parquet-wasm") as typeof import("parquet-wasm")
    const decoded: ArrowTable = tableFromIPC(wasm.readParquet(fs.readFileSync(parquet), { columns: [...columns] }).intoIPCStream())
    for (const batch of decoded.batches) {
      yield arrowRows(batch, columns, first, keep)
      first += batch.numRows
    }
  } else if (csv !== undefined) {
    yield csvRows(csv, table, columns, keep)
  }
}
