/**
 * Table sinks: CSV and Arrow IPC file writers that stream rows batch by batch
 * into a temporary file beside the target, and rename it into place only when
 * the whole table is written. Columns and types come from pipeline/schema.ts.
 */
import {
  AsyncByteQueue,
  Bool,
  type DataType,
  DateDay,
  Field,
  Float64,
  Int32,
  List,
  makeData,
  RecordBatch,
  RecordBatchFileWriter,
  Schema as ArrowSchema,
  Struct,
  Utf8,
  vectorFromArray
} from "apache-arrow"
import { stringify } from "csv-stringify/sync"
import { createHash, type Hash } from "node:crypto"
import * as fs from "node:fs"
import { type Column, columnNames, type TableSpec } from "./schema.ts"

export type Format = "csv" | "arrow"
export const formats: ReadonlyArray<Format> = ["csv", "arrow"]

type AnyRow = Readonly<Record<string, unknown>>

export interface WrittenFile {
  readonly file: string
  readonly sha256: string
  readonly bytes: number
  readonly rows: number
}

export interface TableSink {
  readonly write: (rows: ReadonlyArray<AnyRow>) => void
  /** Finishes the file and renames it into place. */
  readonly commit: () => WrittenFile
  /** Closes and deletes the temporary file; the previous output stays untouched. */
  readonly abort: () => void
}

/** A file written through a temporary name, hashing as it goes. */
class AtomicFile {
  readonly tempPath: string
  private readonly fd: number
  private readonly hash: Hash = createHash("sha256")
  bytes = 0
  private closed = false
  constructor(readonly path: string) {
    this.tempPath = `${path}.tmp-${process.pid}`
    this.fd = fs.openSync(this.tempPath, "w")
  }
  write(chunk: Uint8Array | string) {
    const buffer = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk
    fs.writeSync(this.fd, buffer)
    this.hash.update(buffer)
    this.bytes += buffer.byteLength
  }
  commit(): { sha256: string; bytes: number } {
    fs.fsyncSync(this.fd)
    fs.closeSync(this.fd)
    this.closed = true
    fs.renameSync(this.tempPath, this.path)
    return { sha256: this.hash.digest("hex"), bytes: this.bytes }
  }
  abort() {
    if (!this.closed) fs.closeSync(this.fd)
    this.closed = true
    fs.rmSync(this.tempPath, { force: true })
  }
}

const csvValue = (column: Column, value: unknown): string | number => {
  if (value === null || value === undefined) return ""
  if (column.type === "string_list") return (value as ReadonlyArray<string>).join("; ")
  if (column.type === "bool") return value ? "true" : "false"
  return value as string | number
}

export const csvSink = (table: TableSpec, path: string): TableSink => {
  const file = new AtomicFile(path)
  const names = columnNames(table)
  const columns = names.map((n) => table.columns[n]!)
  let rows = 0
  file.write(stringify([names]))
  return {
    write: (batch) => {
      if (batch.length === 0) return
      file.write(stringify(batch.map((row) => names.map((n, i) => csvValue(columns[i]!, row[n])))))
      rows += batch.length
    },
    commit: () => ({ file: path, rows, ...file.commit() }),
    abort: () => file.abort()
  }
}

const arrowType = (column: Column): DataType => {
  switch (column.type) {
    case "string":
      return new Utf8()
    case "int":
      return new Int32()
    case "float":
      return new Float64()
    case "bool":
      return new Bool()
    case "date":
      return new DateDay()
    case "string_list":
      return new List(new Field("item", new Utf8(), false))
  }
}

export const arrowSchema = (table: TableSpec): ArrowSchema =>
  new ArrowSchema(
    columnNames(table).map((n) => new Field(n, arrowType(table.columns[n]!), table.columns[n]!.nullable)),
    new Map([["description", table.grain]])
  )

const arrowValues = (column: Column, values: ReadonlyArray<unknown>): ReadonlyArray<unknown> =>
  column.type === "date"
    ? values.map((v) => (v === null || v === undefined ? null : new Date(`${v as string}T00:00:00Z`)))
    : values

/** Forwards every chunk the Arrow writer emits straight to the file, so nothing queues in memory. */
class FileByteQueue extends AsyncByteQueue {
  constructor(private readonly file: AtomicFile) {
    super()
  }
  override write(value: Uint8Array) {
    if (value.byteLength > 0) this.file.write(value)
  }
}

export const arrowSink = (table: TableSpec, path: string): TableSink => {
  const file = new AtomicFile(path)
  const schema = arrowSchema(table)
  const names = columnNames(table)
  const writer = new RecordBatchFileWriter()
  writer.reset(new FileByteQueue(file), schema)
  let rows = 0
  const writeBatch = (batch: ReadonlyArray<AnyRow>) => {
    const children = names.map((n, i) =>
      vectorFromArray(arrowValues(table.columns[n]!, batch.map((r) => r[n] ?? null)), schema.fields[i]!.type).data[0]!
    )
    const data = makeData({ type: new Struct(schema.fields), length: batch.length, nullCount: 0, children })
    writer.write(new RecordBatch(schema, data))
  }
  return {
    write: (batch) => {
      if (batch.length === 0) return
      writeBatch(batch)
      rows += batch.length
    },
    commit: () => {
      // An empty table still gets its schema and footer.
      if (rows === 0) writeBatch([])
      writer.finish()
      return { file: path, rows, ...file.commit() }
    },
    abort: () => file.abort()
  }
}

export const sinkFor = (format: Format, table: TableSpec, directory: string): TableSink =>
  format === "csv" ? csvSink(table, `${directory}/${table.name}.csv`) : arrowSink(table, `${directory}/${table.name}.arrow`)
