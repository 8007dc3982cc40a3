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
import { syncFileHandle } from "../fileHandle.ts"
import { tables, type TableName } from "../schema.ts"
import { csvListSeparator, type WrittenFile } from "../sinks.ts"

export type Value = string | number | boolean | ReadonlyArray<string> | null

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

/**
 * A batch of a table's rows, read back: `value(column, i)` decodes one value of row `first + i`
 * of the table, so a reader decodes only what it looks at.
 */
export interface TableBatch {
  readonly first: number
  readonly rows: number
  readonly value: (column: string, i: number) => Value
}

const arrowBatch = (batch: { numRows: number; getChild: (name: string) => Vector | null }, columns: ReadonlyArray<string>, first: number): TableBatch => {
  const vectors = new Map(columns.map((c) => [c, batch.getChild(c)] as const))
  return {
    first,
    rows: batch.numRows,
    value: (column, i) => {
      const vector = vectors.get(column)
      return vector === undefined || vector === null ? null : arrowValue(vector, i)
    }
  }
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

const csvBatch = (file: string, table: TableName, columns: ReadonlyArray<string>): TableBatch => {
  const [header = [], ...records] = parseCsv(fs.readFileSync(file, "utf8"))
  const spec = tables[table].columns as Readonly<Record<string, { type: string }>>
  const fieldOf = new Map(columns.map((c) => [c, header.indexOf(c)] as const))
  return {
    first: 0,
    rows: records.length,
    value: (column, i) => {
      const raw = records[i]![fieldOf.get(column) ?? -1] ?? ""
      const type = spec[column]?.type
      return type === "string_list" ? (raw === "" ? [] : raw.split(csvListSeparator))
        : raw === "" ? null
        : type === "int" || type === "float" ? Number(raw)
        : type === "bool" ? raw === "true"
        : raw
    }
  }
}

/** Yields `table`'s rows batch by batch, with the values of `columns`. */
export async function* readTable(
  files: ReadonlyArray<WrittenFile>,
  table: TableName,
  columns: ReadonlyArray<string>
): AsyncGenerator<TableBatch> {
  let first = 0
  const find = (extension: string) => files.find((f) => path.basename(f.file) === `${table}.${extension}`)?.file
  const arrow = find("arrow")
  const parquet = find("parquet")
  const csv = find("csv")
  if (arrow !== undefined) {
    const handle = syncFileHandle(arrow)
    try {
      const reader = await RecordBatchReader.from(handle)
      for await (const batch of reader) {
        yield arrowBatch(batch, columns, first)
        first += batch.numRows
      }
    } finally {
      await handle.close()
    }
  } else if (parquet !== undefined) {
    const wasm = createRequire(import.meta.url)("parquet-wasm") as typeof import("parquet-wasm")
    const decoded: ArrowTable = tableFromIPC(wasm.readParquet(fs.readFileSync(parquet), { columns: [...columns] }).intoIPCStream())
    for (const batch of decoded.batches) {
      yield arrowBatch(batch, columns, first)
      first += batch.numRows
    }
  } else if (csv !== undefined) {
    yield csvBatch(csv, table, columns)
  }
}
