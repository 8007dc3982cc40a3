/**
 * Table sinks: CSV, Arrow IPC file and Parquet writers that stream rows batch
 * by batch into a temporary file beside the target, and rename it into place
 * only when the whole table is written. Columns, types and descriptions come
 * from pipeline/schema.ts.
 *
 * Parquet (parquet-wasm, zstd) is written from Arrow: batches are spooled to
 * disk as an Arrow IPC stream as they come, and encoded in one pass at commit,
 * because parquet-wasm's only incremental writer is asynchronous while sinks
 * are synchronous. Memory cost at commit: about twice the table's Arrow size
 * (the spool read back plus its copy in WebAssembly memory) plus the
 * compressed output; WebAssembly's 4 GiB address space caps one table at
 * roughly 1.5 GiB of Arrow data (documents.arrow's size is a good estimate).
 */
import {
  AsyncByteQueue,
  Bool,
  type Data,
  type DataType,
  DateDay,
  Field,
  Float64,
  Int32,
  List,
  makeData,
  RecordBatch,
  RecordBatchFileWriter,
  RecordBatchStreamWriter,
  Schema as ArrowSchema,
  Struct,
  util as arrowUtil,
  Utf8
} from "apache-arrow"
import { stringify } from "csv-stringify/sync"
import { createHash, type Hash } from "node:crypto"
import * as fs from "node:fs"
import { createRequire } from "node:module"
import { readAt, writeAll } from "../stages/duplicates/column.ts"
import { csvBytes, type EncodedColumn, encodeHeld, encodeRows, type EncodedRows, type HeldValues, type Utf8Column } from "./encode.ts"
import { type Column, columnNames, describeTables, type TableSpec } from "./schema.ts"

export type Format = "csv" | "arrow" | "parquet"
export const formats: ReadonlyArray<Format> = ["csv", "arrow", "parquet"]

export { csvListSeparator } from "./encode.ts"

export interface WrittenFile {
  readonly file: string
  readonly sha256: string
  readonly bytes: number
  readonly rows: number
}

/**
 * Rows a sink of the same table wrote before, as `merge` finds them in a part: the rows of a CSV
 * file (all but its header), or one Arrow record batch read back (for the Arrow and Parquet
 * sinks). Written as they are, they give the bytes their rows would.
 */
export type WrittenRows =
  | { readonly kind: "csv"; readonly file: string; readonly rows: number }
  | { readonly kind: "arrow"; readonly batch: RecordBatch }

export interface TableSink {
  readonly format: Format
  /** Appends rows (pipeline/encode.ts), with the values of any columns they hold back. */
  readonly write: (rows: EncodedRows, held?: HeldValues) => void
  /** Appends rows as written before (`WrittenRows` of this sink's format); for a table that holds no columns back. */
  readonly append: (rows: WrittenRows) => void
  /** Finishes the file and renames it into place. */
  readonly commit: () => WrittenFile
  /** Closes and deletes the temporary file; the previous output stays untouched. */
  readonly abort: () => void
}

/** Bytes gathered before a write: the Arrow writer hands over each column buffer and padding on its own. */
const WRITE_BUFFER_BYTES = 256 * 1024

/**
 * Bytes written between background flushes of a file made with `syncAhead` (see `AtomicFile`).
 * A commit syncs the whole file to disk before renaming it; without these, a rerun from the cache
 * waited ~1 s at the end for its ~500 MB of tables to reach the disk.
 */
const SYNC_AHEAD_BYTES = 32 * 1024 * 1024

const openIfPresent = (file: string): number | undefined => {
  try {
    return fs.openSync(file, "r")
  } catch {
    return undefined
  }
}

/**
 * A file written through a temporary name, hashing as it goes (unless `hashed` is false: files
 * whose hash nobody reads); small writes are gathered into one. With `syncAhead`, what is written
 * is flushed to disk in the background every SYNC_AHEAD_BYTES (fdatasync in Node's thread pool,
 * on a second descriptor that is closed only when its flush is done), so that `commit`'s fsync
 * has little left to wait for.
 */
export class AtomicFile {
  readonly tempPath: string
  private readonly fd: number
  private readonly hash: Hash | undefined
  private readonly syncAhead: boolean
  private syncFd: number | undefined
  private syncing = false
  private unsyncedBytes = 0
  private readonly pending = Buffer.allocUnsafe(WRITE_BUFFER_BYTES)
  private pendingBytes = 0
  bytes = 0
  private closed = false
  constructor(readonly path: string, { hashed = true, syncAhead = false } = {}) {
    this.hash = hashed ? createHash("sha256") : undefined
    this.syncAhead = syncAhead
    this.tempPath = `${path}.tmp-${process.pid}`
    this.fd = fs.openSync(this.tempPath, "w")
  }
  write(chunk: Uint8Array | string) {
    const bytes = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk
    this.bytes += bytes.byteLength
    if (this.pendingBytes + bytes.byteLength > this.pending.length) this.flush()
    if (bytes.byteLength >= this.pending.length) this.writeOut(bytes)
    else {
      this.pending.set(bytes, this.pendingBytes)
      this.pendingBytes += bytes.byteLength
    }
  }
  private flush() {
    if (this.pendingBytes === 0) return
    this.writeOut(this.pending.subarray(0, this.pendingBytes))
    this.pendingBytes = 0
  }
  private writeOut(bytes: Uint8Array) {
    writeAll(this.fd, bytes)
    this.hash?.update(bytes)
    if (!this.syncAhead) return
    this.unsyncedBytes += bytes.byteLength
    if (this.unsyncedBytes < SYNC_AHEAD_BYTES || this.syncing) return
    this.unsyncedBytes = 0
    try {
      this.syncFd ??= fs.openSync(this.tempPath, "r")
    } catch {
      return // out of descriptors, say: `commit` still syncs the whole file
    }
    this.syncing = true
    // A failed flush here is not reported: `commit`'s own fsync fails the same way.
    fs.fdatasync(this.syncFd, () => {
      this.syncing = false
      if (this.closed) this.closeSyncFd()
    })
  }
  private closeSyncFd() {
    if (this.syncFd === undefined || this.syncing) return
    fs.closeSync(this.syncFd)
    this.syncFd = undefined
  }
  private closeFile() {
    if (!this.closed) fs.closeSync(this.fd)
    this.closed = true
    this.closeSyncFd()
  }
  /** Renames the file into place; `sha256` is "" for a file made with `hashed: false`. */
  commit(): { sha256: string; bytes: number } {
    this.flush()
    fs.fsyncSync(this.fd)
    this.closeFile()
    // The file replaced is freed when its last descriptor closes, ~0.5 ms per MB on the bench VM
    // (ext4): 0.36 s of a rerun's tables. Held open across the rename, it is closed (and freed)
    // in Node's thread pool, beside the rest of the run.
    const replaced = openIfPresent(this.path)
    try {
      fs.renameSync(this.tempPath, this.path)
    } finally {
      if (replaced !== undefined) fs.close(replaced, () => {})
    }
    return { sha256: this.hash?.digest("hex") ?? "", bytes: this.bytes }
  }
  /** Writes what is gathered and closes the temporary file without renaming it (a spool that is read back, then deleted). */
  close() {
    if (this.closed) return
    this.flush()
    this.closeFile()
  }
  abort() {
    this.closeFile()
    fs.rmSync(this.tempPath, { force: true })
  }
}

const wrongRows = (format: Format, rows: WrittenRows) => new Error(`A ${format} sink cannot append ${rows.kind} rows.`)

/** Copies the rows of the CSV file `from`, whose header must be `header`, to `to`, in chunks. */
const copyCsvRows = (from: string, header: Buffer, to: AtomicFile) => {
  const fd = fs.openSync(from, "r")
  try {
    const chunk = Buffer.allocUnsafe(1 << 20)
    let n = readAt(fd, chunk, 0)
    if (n < header.length || !chunk.subarray(0, header.length).equals(header)) {
      throw new Error(`${from} does not start with the header of this table; it was written by another version of newsprep.`)
    }
    to.write(chunk.subarray(header.length, n))
    for (let position = n; (n = readAt(fd, chunk, position)) > 0; position += n) to.write(chunk.subarray(0, n))
  } finally {
    fs.closeSync(fd)
  }
}

export const csvSink = (table: TableSpec, path: string): TableSink => {
  const file = new AtomicFile(path, { syncAhead: true })
  const header = Buffer.from(stringify([columnNames(table)]))
  let rows = 0
  file.write(header)
  return {
    format: "csv",
    write: (batch, held) => {
      if (batch.rows === 0) return
      file.write(csvBytes(table, batch, held))
      rows += batch.rows
    },
    append: (written) => {
      if (written.kind !== "csv") throw wrongRows("csv", written)
      copyCsvRows(written.file, header, file)
      rows += written.rows
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

/** The Arrow schema of a table; every field carries its description as `description` metadata. */
export const arrowSchema = (table: TableSpec): ArrowSchema =>
  new ArrowSchema(
    columnNames(table).map((n) =>
      new Field(n, arrowType(table.columns[n]!), table.columns[n]!.nullable, new Map([["description", table.columns[n]!.description]]))
    ),
    new Map([["description", table.grain]])
  )

// Arrow columns are built straight from the encoded typed arrays (makeData), several times
// faster than apache-arrow's builders (PERFORMANCE.md), with the same bytes: values and offsets
// are what the builders hold, and bitmaps are padded to 64 bytes as the builders flush them.
const bitmapBytes = (length: number) => Math.max(64, Math.ceil(Math.ceil(length / 8) / 64) * 64)

const bitmapOf = (flags: Uint8Array, set: number): Uint8Array => {
  const bits = new Uint8Array(bitmapBytes(flags.length))
  for (let i = 0; i < flags.length; i++) if (flags[i] === set) bits[i >> 3]! |= 1 << (i & 7)
  return bits
}

const validity = (nulls: Uint8Array): { nullBitmap: Uint8Array | undefined; nullCount: number } => {
  let nullCount = 0
  for (let i = 0; i < nulls.length; i++) nullCount += nulls[i]!
  return { nullBitmap: nullCount === 0 ? undefined : bitmapOf(nulls, 0), nullCount }
}

const utf8Data = (c: Utf8Column, type: DataType): Data<Utf8> =>
  makeData({ type: type as Utf8, length: c.nulls.length, ...validity(c.nulls), valueOffsets: c.offsets, data: c.bytes })

const columnData = (c: EncodedColumn, type: DataType): Data => {
  const length = c.nulls.length
  switch (c.kind) {
    case "utf8":
      return utf8Data(c, type)
    case "int32":
      return makeData({ type: type as Int32, length, ...validity(c.nulls), data: c.values }) // int and date (days)
    case "float64":
      return makeData({ type: type as Float64, length, ...validity(c.nulls), data: c.values })
    case "bool":
      return makeData({ type: type as Bool, length, ...validity(c.nulls), data: bitmapOf(c.values, 1) })
    case "list": {
      const listType = type as List<Utf8>
      return makeData({ type: listType, length, ...validity(c.nulls), valueOffsets: c.offsets, child: utf8Data(c.items, listType.children[0]!.type) })
    }
  }
}

/** Forwards every chunk the Arrow writer emits straight to the file, so nothing queues in memory. */
class FileByteQueue extends AsyncByteQueue {
  constructor(private readonly file: AtomicFile) {
    super()
  }
  override write(value: Uint8Array) {
    if (value.byteLength > 0) this.file.write(value)
  }
}

const toRecordBatch = (table: TableSpec, schema: ArrowSchema, batch: EncodedRows, held: HeldValues | undefined): RecordBatch => {
  const heldColumns = held === undefined ? {} : encodeHeld(table, held)
  const children = schema.fields.map((field) => columnData(batch.columns[field.name] ?? heldColumns[field.name]!, field.type))
  return new RecordBatch(schema, makeData({ type: new Struct(schema.fields), length: batch.rows, nullCount: 0, children }))
}

/** Rows of a table into an Arrow IPC writer (file or stream format) whose bytes go straight to `file`, batch by batch. */
const arrowBatches = (table: TableSpec, file: AtomicFile, writer: RecordBatchFileWriter | RecordBatchStreamWriter, format: Format) => {
  const schema = arrowSchema(table)
  writer.reset(new FileByteQueue(file), schema)
  let rows = 0
  return {
    rows: () => rows,
    write: (batch: EncodedRows, held?: HeldValues) => {
      if (batch.rows === 0) return
      writer.write(toRecordBatch(table, schema, batch, held))
      rows += batch.rows
    },
    /** Rows written before: a record batch read back from a file of this table, which apache-arrow writes again byte for byte. */
    append: (written: WrittenRows) => {
      if (written.kind !== "arrow") throw wrongRows(format, written)
      const { batch } = written
      // The writer's own test, in its order (a type read back, Int_, is not an instance of Int32):
      // on other columns it would silently close the file and drop the rest.
      if (!arrowUtil.compareSchemas(batch.schema, schema)) {
        throw new Error(`A record batch does not have the columns of ${table.name}; it was written by another version of newsprep.`)
      }
      if (batch.numRows === 0) return
      writer.write(batch)
      rows += batch.numRows
    },
    finish: () => {
      // An empty table still gets its schema (and, in the file format, its footer).
      if (rows === 0) writer.write(toRecordBatch(table, schema, encodeRows(table, []), undefined))
      writer.finish()
    }
  }
}

export const arrowSink = (table: TableSpec, path: string): TableSink => {
  const file = new AtomicFile(path, { syncAhead: true })
  const batches = arrowBatches(table, file, new RecordBatchFileWriter(), "arrow")
  return {
    format: "arrow",
    write: batches.write,
    append: batches.append,
    commit: () => {
      batches.finish()
      return { file: path, rows: batches.rows(), ...file.commit() }
    },
    abort: () => file.abort()
  }
}

type ParquetWasm = typeof import("parquet-wasm")
let parquetWasm: ParquetWasm | undefined
/** Loaded on first use (about 5 MB of WebAssembly), synchronously through the package's Node build. */
const loadParquetWasm = (): ParquetWasm => (parquetWasm ??= createRequire(import.meta.url)("parquet-wasm") as ParquetWasm)

/** Rows per Parquet row group: readers can skip and parallelise by row group. */
const PARQUET_ROW_GROUP_ROWS = 65_536

/**
 * File-level key-value metadata for readers that ignore Arrow field metadata
 * (DuckDB's parquet_kv_metadata, parquet-tools): one `newsprep.table` entry,
 * the JSON description of the table (grain, keys, columns with type and
 * description). One entry on purpose: parquet-wasm passes the map through a
 * hash map whose order changes within a process, so several entries would
 * break byte-identical reruns.
 */
export const parquetKeyValueMetadata = (table: TableSpec): Map<string, string> =>
  new Map([["newsprep.table", JSON.stringify(describeTables().find((t) => t.name === table.name))]])

export const parquetSink = (table: TableSpec, path: string): TableSink => {
  // Never renamed into place: read back at commit, then deleted.
  const spool = new AtomicFile(`${path}.spool`)
  const batches = arrowBatches(table, spool, new RecordBatchStreamWriter(), "parquet")
  const encode = (ipcStream: Uint8Array): Uint8Array => {
    const wasm = loadParquetWasm()
    const arrowTable = wasm.Table.fromIPCStream(ipcStream)
    const properties = new wasm.WriterPropertiesBuilder()
      .setCompression(wasm.Compression.ZSTD)
      .setMaxRowGroupSize(PARQUET_ROW_GROUP_ROWS)
      .setKeyValueMetadata(parquetKeyValueMetadata(table))
      .build()
    return wasm.writeParquet(arrowTable, properties) // consumes (frees) arrowTable
  }
  return {
    format: "parquet",
    write: batches.write,
    append: batches.append,
    commit: () => {
      batches.finish()
      spool.close()
      try {
        const file = new AtomicFile(path)
        try {
          file.write(encode(fs.readFileSync(spool.tempPath)))
          return { file: path, rows: batches.rows(), ...file.commit() }
        } catch (error) {
          file.abort()
          throw error
        }
      } finally {
        spool.abort()
      }
    },
    abort: () => spool.abort()
  }
}

export const sinkFor = (format: Format, table: TableSpec, directory: string): TableSink =>
  format === "csv" ? csvSink(table, `${directory}/${table.name}.csv`)
  : format === "arrow" ? arrowSink(table, `${directory}/${table.name}.arrow`)
  : parquetSink(table, `${directory}/${table.name}.parquet`)
