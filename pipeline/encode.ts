/**
 * Encoded rows: a table's rows already turned into what the sinks write, CSV
 * records (as csv-stringify writes them) and Arrow column buffers, as a few typed arrays.
 *
 * Rows are encoded where they are made (in the worker threads), travel to the
 * main thread and sit in the per-document cache in this form, so the main
 * thread and a rerun of cached documents only copy bytes.
 *
 * Rows come in segments, one per document (or reject), so that `--dedupe` can
 * drop a copy's rows. Columns only known at the end of the run (the documents'
 * duplicate columns) can be held back: they are left out here and passed to
 * `csvBytes` and the Arrow writer with their values when the rows are written;
 * a table with held-back columns has one row per segment.
 */
import { type Column, columnNames, type ColumnType, type TableSpec } from "./schema.ts"

/** How a list column (authors) is joined into one CSV field. */
export const csvListSeparator = "; "

type AnyRow = Readonly<Record<string, unknown>>

export interface Utf8Column {
  readonly kind: "utf8"
  /** 1 for a null row. */
  readonly nulls: Uint8Array
  /** rows + 1 byte offsets into `bytes`; a null row has an empty range. */
  readonly offsets: Int32Array
  readonly bytes: Uint8Array
}
export type EncodedColumn =
  | Utf8Column
  | { readonly kind: "int32"; readonly nulls: Uint8Array; readonly values: Int32Array }
  | { readonly kind: "float64"; readonly nulls: Uint8Array; readonly values: Float64Array }
  | { readonly kind: "bool"; readonly nulls: Uint8Array; readonly values: Uint8Array }
  | { readonly kind: "list"; readonly nulls: Uint8Array; readonly offsets: Int32Array; readonly items: Utf8Column }

export interface EncodedRows {
  readonly rows: number
  /** Rows of each segment, in order. */
  readonly segmentRows: Int32Array
  /** CSV bytes of each segment, in order. */
  readonly segmentBytes: Int32Array
  /** The CSV records of every row (no header), UTF-8. */
  readonly csv: Uint8Array
  /** Per row (= segment): byte offset within its record where the held-back columns' fields go. */
  readonly heldAt: Int32Array | null
  /** Column name -> values, for every column not held back. */
  readonly columns: Readonly<Record<string, EncodedColumn>>
}

/** Values of held-back columns, by column name, one per row. */
export type HeldValues = Readonly<Record<string, ReadonlyArray<unknown>>>

const csvValue = (column: Column, value: unknown): string | number => {
  if (value === null || value === undefined) return ""
  if (column.type === "string_list") return (value as ReadonlyArray<string>).join(csvListSeparator)
  if (column.type === "bool") return value ? "true" : "false"
  return value as string | number
}

const utf8 = new TextEncoder()

/**
 * Where encoding takes its typed arrays. An array on a buffer of its own (outside the heap, past
 * 64 bytes) cost ~2 µs to allocate and collect, a view on a shared buffer ~0.2 µs, and a
 * document's rows take about a hundred arrays.
 */
export interface Allocator {
  uint8(length: number): Uint8Array
  int32(length: number): Int32Array
  float64(length: number): Float64Array
  /**
   * The first `length` items of `array`, the last array taken and written only there: the rest
   * may be given out again.
   */
  shrink(array: Uint8Array, length: number): Uint8Array
}

const ownArrays: Allocator = {
  uint8: (n) => new Uint8Array(n),
  int32: (n) => new Int32Array(n),
  float64: (n) => new Float64Array(n),
  shrink: (array, n) => array.slice(0, n)
}

const align8 = (n: number) => (n + 7) & ~7

/**
 * Arrays cut one after another from buffers of at least `chunkBytes`, 8-byte aligned and zeroed.
 * A byte is given out once (`shrink` takes back only bytes never written), so an array stays
 * valid as long as it is referenced, and a buffer is freed when none of its arrays is.
 */
export class Arena implements Allocator {
  private buffer = new ArrayBuffer(0)
  private at = 0
  constructor(private readonly chunkBytes: number) {}
  private take(bytes: number): number {
    if (this.at + bytes > this.buffer.byteLength) {
      this.buffer = new ArrayBuffer(Math.max(this.chunkBytes, bytes))
      this.at = 0
    }
    const at = this.at
    this.at = align8(at + bytes)
    return at
  }
  uint8(n: number) {
    const at = this.take(n)
    return new Uint8Array(this.buffer, at, n)
  }
  int32(n: number) {
    const at = this.take(4 * n)
    return new Int32Array(this.buffer, at, n)
  }
  float64(n: number) {
    const at = this.take(8 * n)
    return new Float64Array(this.buffer, at, n)
  }
  shrink(array: Uint8Array, n: number) {
    if (array.buffer === this.buffer && align8(array.byteOffset + array.byteLength) === this.at) this.at = align8(array.byteOffset + n)
    return array.subarray(0, n)
  }
}

/** A value that does not fit its column (schema.ts): `encodeRows` refuses the rows rather than write it. */
export class RowSchemaError extends Error {}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/
/** What a non-null value of each column type must be; `int` must also fit Arrow's int32. */
const fitsType: Readonly<Record<ColumnType, (value: unknown) => boolean>> = {
  string: (v) => typeof v === "string",
  int: (v) => typeof v === "number" && (v | 0) === v,
  float: (v) => typeof v === "number" && Number.isFinite(v),
  bool: (v) => typeof v === "boolean",
  date: (v) => typeof v === "string" && ISO_DATE.test(v),
  string_list: (v) => Array.isArray(v) && v.every((item) => typeof item === "string")
}

/** Every value of a column fits its type, and is null only where the column allows it (a missing key never fits). */
const checkColumn = (table: TableSpec, name: string, values: ReadonlyArray<unknown>) => {
  const column = table.columns[name]!
  const fits = fitsType[column.type]
  for (let i = 0; i < values.length; i++) {
    const value = values[i]
    if (value === null ? !column.nullable : !fits(value)) {
      throw new RowSchemaError(`${table.name}.${name} of row ${i} is ${value === undefined ? "missing" : JSON.stringify(value)}, not ${column.nullable ? "null or " : ""}${column.type}`)
    }
  }
}

const utf8Column = (strings: ReadonlyArray<string | null | undefined>, alloc: Allocator): Utf8Column => {
  let units = 0
  for (const s of strings) if (s !== null && s !== undefined) units += s.length
  const offsets = alloc.int32(strings.length + 1)
  const nulls = alloc.uint8(strings.length)
  const bytes = alloc.uint8(units * 3) // UTF-8 takes at most 3 bytes per UTF-16 unit; taken last, so its unused end goes back
  // Buffer.write puts a string at an offset, as TextEncoder.encodeInto does (lone surrogates as
  // U+FFFD too) but without a view and a result object per string: ~10% of all a document's
  // allocations were those.
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let end = 0
  for (let i = 0; i < strings.length; i++) {
    const s = strings[i]
    if (s === null || s === undefined) nulls[i] = 1
    else end += buffer.write(s, end)
    offsets[i + 1] = end
  }
  return { kind: "utf8", nulls, offsets, bytes: alloc.shrink(bytes, end) }
}

// Plain loops: TypedArray.from(values, mapFn) is several times slower in V8.
const nullsOf = (values: ReadonlyArray<unknown>, alloc: Allocator): Uint8Array => {
  const nulls = alloc.uint8(values.length)
  for (let i = 0; i < values.length; i++) if (values[i] === null || values[i] === undefined) nulls[i] = 1
  return nulls
}
const numbersOf = <A extends Int32Array | Float64Array>(values: ReadonlyArray<unknown>, out: A, toNumber: (v: unknown) => number): A => {
  for (let i = 0; i < values.length; i++) out[i] = toNumber(values[i])
  return out
}
const orZero = (v: unknown) => (v as number | null | undefined) ?? 0
const daysOf = (v: unknown) => (v === null || v === undefined ? 0 : Math.floor(Date.parse(`${v as string}T00:00:00Z`) / 86_400_000))

const encodeColumn = (column: Column, values: ReadonlyArray<unknown>, alloc: Allocator = ownArrays): EncodedColumn => {
  switch (column.type) {
    case "string":
      return utf8Column(values as ReadonlyArray<string | null>, alloc)
    case "int":
      return { kind: "int32", nulls: nullsOf(values, alloc), values: numbersOf(values, alloc.int32(values.length), orZero) }
    case "float":
      return { kind: "float64", nulls: nullsOf(values, alloc), values: numbersOf(values, alloc.float64(values.length), orZero) }
    case "date":
      return { kind: "int32", nulls: nullsOf(values, alloc), values: numbersOf(values, alloc.int32(values.length), daysOf) }
    case "bool": {
      const bits = alloc.uint8(values.length)
      for (let i = 0; i < values.length; i++) if (values[i] === true) bits[i] = 1
      return { kind: "bool", nulls: nullsOf(values, alloc), values: bits }
    }
    case "string_list": {
      const offsets = alloc.int32(values.length + 1)
      const items: Array<string> = []
      for (let i = 0; i < values.length; i++) {
        for (const item of (values[i] ?? []) as ReadonlyArray<string>) items.push(item)
        offsets[i + 1] = items.length
      }
      return { kind: "list", nulls: nullsOf(values, alloc), offsets, items: utf8Column(items, alloc) }
    }
  }
}

// csv-stringify's fields (default options): a field that holds a comma, a quote or a line break
// is quoted, its quotes doubled; any other is written as it is (a number as `"" + n`). Written
// here, per field: csv-stringify's per-field casting took ~2.2 µs a sentence row, and calling it
// for the quoted fields only (most sentences hold a comma) still ~0.3 s per 20,000 articles.
// test/pipeline/sinks.test.ts holds the fields to csv-stringify's (a property test) and the
// bytes on whole batches.
const NEEDS_QUOTING = /[",\r\n]/
const QUOTE = /"/g
export const csvField = (value: string | number): string =>
  typeof value === "number" ? "" + value : NEEDS_QUOTING.test(value) ? `"${value.replace(QUOTE, '""')}"` : value

const COMMA = 0x2c
const NEWLINE = 0x0a
const QUOTE_BYTE = 0x22

/**
 * How a column's CSV fields are written (`writeField`). String and int columns are written from
 * the bytes and numbers encoded for Arrow (the same UTF-8, and `"" + n` for an int32), so no
 * string is built per field; other columns (few values: dates, floats, booleans, lists) from
 * their csvField. Data, not a closure per column: V8 drops the optimized code of closures made
 * per call at every full collection (see stages/boilerplate/lineMatcher.ts).
 */
type CsvColumn =
  | { readonly kind: "utf8"; readonly values: ReadonlyArray<unknown>; readonly offsets: Int32Array; readonly bytes: Uint8Array }
  | { readonly kind: "int32"; readonly nulls: Uint8Array; readonly numbers: Int32Array }
  | { readonly kind: "fields"; readonly fields: ReadonlyArray<string> }

/** The CSV bytes being written, with room for every field (see `csvColumn`'s bounds). */
interface CsvOut {
  readonly bytes: Uint8Array
  /** A Buffer on `bytes`, to write a string at an offset. */
  readonly buffer: Buffer
  at: number
}

const copyBytes = (out: CsvOut, from: Uint8Array, start: number, end: number) => {
  if (end - start > 64) {
    out.bytes.set(from.subarray(start, end), out.at)
    out.at += end - start
  } else for (let k = start; k < end; k++) out.bytes[out.at++] = from[k]!
}

const writeInt = (out: CsvOut, n: number) => {
  const { bytes } = out
  if (n < 0) {
    bytes[out.at++] = 0x2d // "-"
    n = -n // int32: -2147483648 becomes 2147483648, still exact
  }
  let digits = 1
  for (let rest = n; rest >= 10; rest = Math.floor(rest / 10)) digits++
  for (let k = out.at + digits - 1; k >= out.at; k--) {
    bytes[k] = 0x30 + (n % 10)
    n = Math.floor(n / 10)
  }
  out.at += digits
}

/** How a column's fields are written, and the most bytes they take for all rows. */
const csvColumn = (column: Column, values: ReadonlyArray<unknown>, encoded: EncodedColumn): { csv: CsvColumn; maxBytes: number } => {
  if (encoded.kind === "utf8") {
    // quoted, and every byte a doubled quote at worst
    return { csv: { kind: "utf8", values, offsets: encoded.offsets, bytes: encoded.bytes }, maxBytes: 2 * encoded.bytes.length + 2 * values.length }
  }
  if (encoded.kind === "int32" && column.type === "int") {
    return { csv: { kind: "int32", nulls: encoded.nulls, numbers: encoded.values }, maxBytes: 11 * values.length }
  }
  const fields = new Array<string>(values.length)
  let length = 0
  for (let i = 0; i < values.length; i++) length += (fields[i] = csvField(csvValue(column, values[i]))).length
  return { csv: { kind: "fields", fields }, maxBytes: 3 * length }
}

/** Writes row `i`'s field of a column at `out.at`. */
const writeField = (out: CsvOut, column: CsvColumn, i: number) => {
  switch (column.kind) {
    case "utf8": {
      const { values, offsets, bytes } = column
      const value = values[i] as string | null
      if (value === null || !NEEDS_QUOTING.test(value)) return copyBytes(out, bytes, offsets[i]!, offsets[i + 1]!)
      out.bytes[out.at++] = QUOTE_BYTE
      if (!value.includes("\"")) copyBytes(out, bytes, offsets[i]!, offsets[i + 1]!)
      else {
        for (let k = offsets[i]!; k < offsets[i + 1]!; k++) {
          if (bytes[k] === QUOTE_BYTE) out.bytes[out.at++] = QUOTE_BYTE
          out.bytes[out.at++] = bytes[k]!
        }
      }
      out.bytes[out.at++] = QUOTE_BYTE
      return
    }
    case "int32":
      if (column.nulls[i] === 0) writeInt(out, column.numbers[i]!)
      return
    case "fields":
      out.at += out.buffer.write(column.fields[i]!, out.at)
  }
}

/** Writes row `i`'s fields of the columns `from`..`to`, separated by commas. */
const writeFields = (out: CsvOut, columns: ReadonlyArray<CsvColumn | undefined>, from: number, to: number, i: number) => {
  writeField(out, columns[from]!, i)
  for (let c = from + 1; c < to; c++) {
    out.bytes[out.at++] = COMMA
    writeField(out, columns[c]!, i)
  }
}

/**
 * Encodes rows of `table`, after checking every value against its column (throws
 * `RowSchemaError`). Without held-back columns the rows are one segment; with them (a
 * contiguous run of columns, neither first nor last), every row is a segment of its own.
 */
export const encodeRows = (
  table: TableSpec,
  rows: ReadonlyArray<AnyRow>,
  heldBack: ReadonlyArray<string> = [],
  alloc: Allocator = ownArrays
): EncodedRows => {
  const names = columnNames(table)
  const columns: Record<string, EncodedColumn> = {}
  let maxBytes = names.length * rows.length // commas and line ends
  // Loops, not callbacks: closures made per call are compiled again after every full collection.
  const csvColumns = new Array<CsvColumn | undefined>(names.length) // undefined: held back
  for (let c = 0; c < names.length; c++) {
    const name = names[c]!
    if (heldBack.includes(name)) continue
    const values = new Array<unknown>(rows.length)
    for (let i = 0; i < rows.length; i++) values[i] = rows[i]![name]
    checkColumn(table, name, values)
    const encoded = (columns[name] = encodeColumn(table.columns[name]!, values, alloc))
    const csv = csvColumn(table.columns[name]!, values, encoded)
    csvColumns[c] = csv.csv
    maxBytes += csv.maxBytes
  }
  const held = heldBack.length === 0 ? undefined : { segmentBytes: alloc.int32(rows.length), heldAt: alloc.int32(rows.length) }
  const bytes = alloc.uint8(maxBytes) // taken last, so its unused end goes back
  const out: CsvOut = { bytes, buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), at: 0 }
  if (held === undefined) {
    for (let i = 0; i < rows.length; i++) {
      writeFields(out, csvColumns, 0, names.length, i)
      out.bytes[out.at++] = NEWLINE
    }
    return {
      rows: rows.length,
      segmentRows: Int32Array.of(rows.length),
      segmentBytes: Int32Array.of(out.at),
      csv: alloc.shrink(bytes, out.at),
      heldAt: null,
      columns
    }
  }
  // before,<held fields>,after: each row is encoded as "before," + ",after\n" and remembers the gap.
  const first = names.indexOf(heldBack[0]!)
  const afterHeld = first + heldBack.length
  const { segmentBytes, heldAt } = held
  for (let i = 0; i < rows.length; i++) {
    const start = out.at
    writeFields(out, csvColumns, 0, first, i)
    out.bytes[out.at++] = COMMA
    heldAt[i] = out.at - start
    out.bytes[out.at++] = COMMA
    writeFields(out, csvColumns, afterHeld, names.length, i)
    out.bytes[out.at++] = NEWLINE
    segmentBytes[i] = out.at - start
  }
  return {
    rows: rows.length,
    segmentRows: new Int32Array(rows.length).fill(1),
    segmentBytes,
    csv: alloc.shrink(bytes, out.at),
    heldAt,
    columns
  }
}

const concatTyped = <A extends Int32Array | Float64Array | Uint8Array>(parts: ReadonlyArray<A>, make: (n: number) => A): A => {
  let length = 0
  for (const p of parts) length += p.length
  const out = make(length)
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

const concatBytes = (parts: ReadonlyArray<Uint8Array>, alloc: Allocator = ownArrays): Uint8Array => concatTyped(parts, (n) => alloc.uint8(n))

/** Offsets of consecutive parts, each shifted by the values before it (rows + 1 entries). */
const concatOffsets = (parts: ReadonlyArray<Int32Array>, alloc: Allocator): Int32Array => {
  const out = alloc.int32(parts.reduce((n, p) => n + p.length - 1, 0) + 1)
  let at = 0
  let base = 0
  for (const p of parts) {
    for (let i = 1; i < p.length; i++) out[at + i] = base + p[i]!
    at += p.length - 1
    base += p[p.length - 1]!
  }
  return out
}

const concatUtf8 = (parts: ReadonlyArray<Utf8Column>, alloc: Allocator): Utf8Column => ({
  kind: "utf8",
  nulls: concatBytes(parts.map((p) => p.nulls), alloc),
  offsets: concatOffsets(parts.map((p) => p.offsets), alloc),
  bytes: concatBytes(parts.map((p) => p.bytes), alloc)
})

const concatColumn = (parts: ReadonlyArray<EncodedColumn>, alloc: Allocator): EncodedColumn => {
  const first = parts[0]!
  if (first.kind === "utf8") return concatUtf8(parts as ReadonlyArray<Utf8Column>, alloc)
  const nulls = concatBytes(parts.map((p) => p.nulls), alloc)
  switch (first.kind) {
    case "int32":
      return { kind: "int32", nulls, values: concatTyped(parts.map((p) => (p as typeof first).values), (n) => alloc.int32(n)) }
    case "float64":
      return { kind: "float64", nulls, values: concatTyped(parts.map((p) => (p as typeof first).values), (n) => alloc.float64(n)) }
    case "bool":
      return { kind: "bool", nulls, values: concatBytes(parts.map((p) => (p as typeof first).values), alloc) }
    case "list": {
      const lists = parts as ReadonlyArray<typeof first>
      return { kind: "list", nulls, offsets: concatOffsets(lists.map((p) => p.offsets), alloc), items: concatUtf8(lists.map((p) => p.items), alloc) }
    }
  }
}

/** Rows of a table that has no rows yet. */
export const noRows = (table: TableSpec, heldBack: ReadonlyArray<string> = []): EncodedRows => {
  const encoded = encodeRows(table, [], heldBack)
  return { ...encoded, segmentRows: new Int32Array(0), segmentBytes: new Int32Array(0) }
}

/** Bytes of a column's arrays. */
const columnBytes = (c: EncodedColumn): number =>
  c.nulls.byteLength +
  (c.kind === "utf8" ? c.offsets.byteLength + c.bytes.byteLength : c.kind === "list" ? c.offsets.byteLength + columnBytes(c.items) : c.values.byteLength)

/** Bytes of the arrays of `rows`. */
const rowsBytes = (rows: EncodedRows): number => {
  let bytes = rows.csv.byteLength + rows.segmentRows.byteLength + rows.segmentBytes.byteLength + (rows.heldAt?.byteLength ?? 0)
  for (const name in rows.columns) bytes += columnBytes(rows.columns[name]!)
  return bytes
}

/**
 * The rows of `parts` one after the other (all encoded for the same table, with the same
 * columns held back), their arrays packed into one buffer of their own: it can be moved to
 * another thread or spooled without taking anything else along.
 */
export const concatRows = (parts: ReadonlyArray<EncodedRows>): EncodedRows => {
  const first = parts[0]!
  // Room for every part's arrays (concatenated offsets are shorter), and up to 7 bytes of
  // alignment after each result array: at most 5 arrays per column (a list's), 4 per table.
  let bytes = 8 * (5 * Object.keys(first.columns).length + 4)
  for (const p of parts) bytes += rowsBytes(p)
  const alloc = new Arena(bytes)
  const columns: Record<string, EncodedColumn> = {}
  for (const name of Object.keys(first.columns)) columns[name] = concatColumn(parts.map((p) => p.columns[name]!), alloc)
  return {
    rows: parts.reduce((n, p) => n + p.rows, 0),
    segmentRows: concatTyped(parts.map((p) => p.segmentRows), (n) => alloc.int32(n)),
    segmentBytes: concatTyped(parts.map((p) => p.segmentBytes), (n) => alloc.int32(n)),
    csv: concatBytes(parts.map((p) => p.csv), alloc),
    heldAt: first.heldAt === null ? null : concatTyped(parts.map((p) => p.heldAt!), (n) => alloc.int32(n)),
    columns
  }
}

const sliceUtf8 = (c: Utf8Column, from: number, to: number): Utf8Column => ({
  kind: "utf8",
  nulls: c.nulls.subarray(from, to),
  offsets: c.offsets.subarray(from, to + 1).map((o) => o - c.offsets[from]!),
  bytes: c.bytes.subarray(c.offsets[from]!, c.offsets[to]!)
})

const sliceColumn = (c: EncodedColumn, from: number, to: number): EncodedColumn => {
  switch (c.kind) {
    case "utf8":
      return sliceUtf8(c, from, to)
    case "list":
      return {
        kind: "list",
        nulls: c.nulls.subarray(from, to),
        offsets: c.offsets.subarray(from, to + 1).map((o) => o - c.offsets[from]!),
        items: sliceUtf8(c.items, c.offsets[from]!, c.offsets[to]!)
      }
    default:
      return { ...c, nulls: c.nulls.subarray(from, to), values: c.values.subarray(from, to) } as EncodedColumn
  }
}

/** Segment k of `encoded` as rows of their own. */
export const segmentAt = (encoded: EncodedRows, k: number): EncodedRows => {
  let row = 0
  let byte = 0
  for (let s = 0; s < k; s++) {
    row += encoded.segmentRows[s]!
    byte += encoded.segmentBytes[s]!
  }
  const rows = encoded.segmentRows[k]!
  const columns: Record<string, EncodedColumn> = {}
  for (const [name, c] of Object.entries(encoded.columns)) columns[name] = sliceColumn(c, row, row + rows)
  return {
    rows,
    segmentRows: Int32Array.of(rows),
    segmentBytes: Int32Array.of(encoded.segmentBytes[k]!),
    csv: encoded.csv.subarray(byte, byte + encoded.segmentBytes[k]!),
    heldAt: encoded.heldAt === null ? null : encoded.heldAt.subarray(row, row + rows),
    columns
  }
}

/** The segments of `encoded` that `keep` selects, in order. */
export const selectSegments = (table: TableSpec, encoded: EncodedRows, keep: (segment: number) => boolean, heldBack: ReadonlyArray<string> = []): EncodedRows => {
  const kept = Array.from({ length: encoded.segmentRows.length }, (_, k) => k).filter(keep)
  if (kept.length === encoded.segmentRows.length) return encoded
  return kept.length === 0 ? noRows(table, heldBack) : concatRows(kept.map((k) => segmentAt(encoded, k)))
}

/** The CSV bytes of the rows, with the held-back columns' fields filled in from `held`. */
export const csvBytes = (table: TableSpec, encoded: EncodedRows, held?: HeldValues): Uint8Array => {
  if (encoded.heldAt === null) return encoded.csv
  if (held === undefined) throw new Error(`The rows of ${table.name} need the values of their held-back columns.`)
  const names = Object.keys(held)
  const pieces: Array<Uint8Array> = []
  let start = 0
  for (let i = 0; i < encoded.rows; i++) {
    const end = start + encoded.segmentBytes[i]!
    const gap = start + encoded.heldAt[i]!
    const fields = names.map((n) => csvField(csvValue(table.columns[n]!, held[n]![i]))).join(",")
    pieces.push(encoded.csv.subarray(start, gap), utf8.encode(fields), encoded.csv.subarray(gap, end))
    start = end
  }
  return concatBytes(pieces)
}

/** Encodes the held-back columns' values (the Arrow writer needs them as columns). */
export const encodeHeld = (table: TableSpec, held: HeldValues): Readonly<Record<string, EncodedColumn>> =>
  Object.fromEntries(Object.entries(held).map(([name, values]) => [name, encodeColumn(table.columns[name]!, values)]))
