/**
 * Per-document result cache for incremental runs.
 *
 * An input file's results (its documents' rows, encoded as the sinks write them, or its
 * reject) are stored under sha256(fingerprint, source_path, source_sha256), where the
 * fingerprint covers the newsprep version, the source of every stage and rule file, and the
 * flow options but the reference date. An entry records instead the reference dates its
 * results hold for (stages/dates `ReferenceDateRange`), so a daily run with the default
 * reference date, today, still finds yesterday's entries. A rerun looks each input up by its
 * content hash and processes only files without a usable entry: unchanged files cost a read,
 * a hash and a deserialisation, and their rows are written without encoding them again; a
 * changed or added file re-processes only itself.
 *
 * On disk: one entry per input file, `DIR/<2 hex>/<key>.entry`, in a packed form that reads
 * back in one JSON.parse of a header of a few hundred bytes plus views on one buffer, in an
 * order the table specs fix (`packEntry`; about 15 µs an entry, where v8.deserialize took ~170
 * on its hundred-odd typed arrays of encoded rows), written through a temporary name and
 * renamed, so concurrent workers and shards may share a cache folder and an interrupted run
 * never leaves a torn entry. Entries are written in Node's thread pool while processing goes on;
 * a run waits for them (`flush`) before it ends. Entries are never updated in place (one whose
 * reference dates do not cover the run's is replaced whole); delete the folder to reclaim space
 * (entries of old versions are simply no longer read). The grouping of copies of a whole run is
 * kept beside the entries, in `DIR/groups/` (pipeline/duplicates.ts).
 */
import { createHash } from "node:crypto"
import * as fs from "node:fs"
import * as path from "node:path"
import { threadId } from "node:worker_threads"
import { ReferenceDateRange } from "../stages/dates/types.ts"
import type { DuplicateEntry } from "../stages/duplicates/index.ts"
import { type EncodedFile, type InputStatus, tableNames } from "./batch.ts"
import type { EncodedColumn, EncodedRows, Utf8Column } from "./encode.ts"
import type { FlowOptions } from "./flow.ts"
import { newsprepVersion } from "./manifest.ts"
import { type Column, type ColumnType, heldBackColumns, type TableName, tables } from "./schema.ts"
import { hashProjectFiles } from "../bin/bundle.mjs"

/** Everything whose change can change a document's rows (the whole pipeline folder, to be safe). */
const codeRoots = ["stages", "data", "pipeline", "package.json"]

/** Hash of the newsprep version and the source of every stage, rule file and flow step. */
export const codeFingerprint = (): string => hashProjectFiles(createHash("sha256").update(newsprepVersion), codeRoots).digest("hex")

/** JSON that keeps Maps, Sets and RegExps, with object keys in a fixed order. */
const stableJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Map) return { map: [...v.entries()] }
    if (v instanceof Set) return { set: [...v] }
    if (v instanceof RegExp) return { regexp: v.toString() }
    if (v !== null && typeof v === "object" && !Array.isArray(v) && !ArrayBuffer.isView(v)) {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]))
    }
    return v
  })

/** Hash of the code, the flow options and `extra`. */
export const cacheFingerprint = (flow: FlowOptions, extra: Readonly<Record<string, unknown>> = {}): string =>
  createHash("sha256").update(codeFingerprint()).update(stableJson(flow)).update(stableJson(extra)).digest("hex")

/** Where a run keeps its per-document results, and what selects them. */
export interface CacheSetup {
  readonly directory: string
  /** `cacheFingerprint` of the flow options without the reference date. */
  readonly fingerprint: string
  readonly referenceDate: string
}

export const cacheSetupFor = (directory: string, { referenceDate, ...flow }: FlowOptions): CacheSetup => ({
  directory,
  fingerprint: cacheFingerprint(flow as FlowOptions),
  referenceDate
})

/** An input file's results as the cache keeps them: with the reference dates they hold for. */
export interface CacheEntry extends EncodedFile {
  readonly referenceDates: { readonly from: string; readonly before: string }
}

const MAGIC = 0x3243504e // "NPC2", little-endian
const utf8Encoder = new TextEncoder()
const utf8Decoder = new TextDecoder()
const align8 = (n: number) => (n + 7) & ~7

type Typed = Uint8Array | Int32Array | Float64Array
type ArrayType = typeof Uint8Array | typeof Int32Array | typeof Float64Array

/** The columns `encodeRows` encodes for a table, in its order: all but the held-back ones. */
const encodedColumns = {} as Record<TableName, ReadonlyArray<readonly [string, Column]>>
for (const name of tableNames) {
  encodedColumns[name] = Object.entries<Column>(tables[name].columns).filter(([column]) => !heldBackColumns[name].includes(column))
}

/**
 * An entry's typed arrays in a fixed order, which the table specs decide (schema.ts): each
 * signature's MinHashes, then per table present (in `tables` order) its segment arrays, CSV
 * bytes, held-back offsets if the table holds columns back, and the arrays of each encoded
 * column in column order. So the header names no array and gives no type.
 */
const entryArrays = (entry: EncodedFile): Array<Typed> => {
  const arrays: Array<Typed> = entry.signatures.map((s) => s.signature.minHashes)
  for (const name of tableNames) {
    const rows = entry.tables[name]
    if (rows === undefined) continue
    arrays.push(rows.segmentRows, rows.segmentBytes, rows.csv)
    if (heldBackColumns[name].length > 0) arrays.push(rows.heldAt!)
    for (const [column] of encodedColumns[name]) {
      const c = rows.columns[column]!
      arrays.push(c.nulls)
      if (c.kind === "utf8") arrays.push(c.offsets, c.bytes)
      else if (c.kind === "list") arrays.push(c.offsets, c.items.nulls, c.items.offsets, c.items.bytes)
      else arrays.push(c.values)
    }
  }
  return arrays
}

/**
 * An entry as bytes: magic, header length, array count, data length, each array's length (in
 * items, int32), a JSON header with everything but the arrays, then the arrays' bytes, each
 * 8-byte aligned. (Entries whose ~5 kB JSON header named and typed every array took ~135 µs
 * to pack and ~80 to unpack; these ~70 and ~15.)
 */
export const packEntry = (entry: CacheEntry): Uint8Array => {
  const arrays = entryArrays(entry)
  const header = utf8Encoder.encode(JSON.stringify({
    statuses: entry.statuses,
    signatures: entry.signatures.map((s) => [s.docId, s.sourcePath, s.publishedDate, s.signature.exactHash]),
    tables: Object.fromEntries(tableNames.flatMap((name) => {
      const rows = entry.tables[name]
      return rows === undefined ? [] : [[name, rows.rows]]
    })),
    removalKinds: entry.removalKinds,
    rejectReasons: entry.rejectReasons,
    referenceDates: entry.referenceDates
  }))
  const lengthsAt = 16
  const headerAt = lengthsAt + 4 * arrays.length
  const start = align8(headerAt + header.length)
  let dataBytes = 0
  for (const array of arrays) dataBytes += align8(array.byteLength)
  const bytes = new Uint8Array(start + dataBytes)
  const view = new DataView(bytes.buffer)
  view.setUint32(0, MAGIC, true)
  view.setUint32(4, header.length, true)
  view.setUint32(8, arrays.length, true)
  view.setUint32(12, dataBytes, true)
  bytes.set(header, headerAt)
  let at = start
  arrays.forEach((array, i) => {
    view.setInt32(lengthsAt + 4 * i, array.length, true)
    bytes.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), at)
    at += align8(array.byteLength)
  })
  return bytes
}

interface EntryHeader {
  readonly statuses: ReadonlyArray<InputStatus>
  readonly signatures: ReadonlyArray<readonly [string, string, string | null, string]>
  readonly tables: Partial<Record<TableName, number>>
  readonly removalKinds: Readonly<Record<string, number>>
  readonly rejectReasons: Readonly<Record<string, number>>
  readonly referenceDates: CacheEntry["referenceDates"]
}

/** `packEntry`'s bytes back to the entry (arrays are views on `bytes`); throws on anything else. */
export const unpackEntry = (bytes: Uint8Array): CacheEntry => {
  // A buffer of its own, starting at offset 0, keeps every view aligned and in bounds.
  const owned = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
  // (ArrayBuffer's slice copies in one go; a Buffer's own `slice` would not copy at all.)
  const buffer = (owned ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) as ArrayBuffer
  const view = new DataView(buffer)
  if (bytes.length < 16 || view.getUint32(0, true) !== MAGIC) throw new Error("not a newsprep cache entry")
  const headerLength = view.getUint32(4, true)
  const count = view.getUint32(8, true)
  const headerAt = 16 + 4 * count
  const start = align8(headerAt + headerLength)
  if (buffer.byteLength !== start + view.getUint32(12, true)) throw new Error("a truncated newsprep cache entry")
  const header = JSON.parse(utf8Decoder.decode(new Uint8Array(buffer, headerAt, headerLength))) as EntryHeader
  let index = 0
  let at = start
  const next = <A extends ArrayType>(type: A): InstanceType<A> => {
    if (index === count) throw new Error("a newsprep cache entry with too few arrays")
    const length = view.getInt32(16 + 4 * index++, true)
    const array = new type(buffer, at, length) as InstanceType<A> // throws when out of bounds
    at += align8(array.byteLength)
    return array
  }
  const utf8 = (): Utf8Column => ({ kind: "utf8", nulls: next(Uint8Array), offsets: next(Int32Array), bytes: next(Uint8Array) })
  const column = (type: ColumnType): EncodedColumn => {
    switch (type) {
      case "string":
        return utf8()
      case "int":
      case "date":
        return { kind: "int32", nulls: next(Uint8Array), values: next(Int32Array) }
      case "float":
        return { kind: "float64", nulls: next(Uint8Array), values: next(Float64Array) }
      case "bool":
        return { kind: "bool", nulls: next(Uint8Array), values: next(Uint8Array) }
      case "string_list":
        return { kind: "list", nulls: next(Uint8Array), offsets: next(Int32Array), items: utf8() }
    }
  }
  const signatures = header.signatures.map(([docId, sourcePath, publishedDate, exactHash]): DuplicateEntry => ({
    docId, sourcePath, publishedDate, signature: { exactHash, minHashes: next(Uint8Array) }
  }))
  const entryTables: Partial<Record<TableName, EncodedRows>> = {}
  for (const name of tableNames) {
    const rows = header.tables[name]
    if (rows === undefined) continue
    const segmentRows = next(Int32Array)
    const segmentBytes = next(Int32Array)
    const csv = next(Uint8Array)
    const heldAt = heldBackColumns[name].length > 0 ? next(Int32Array) : null
    const columns: Record<string, EncodedColumn> = {}
    for (const [columnName, spec] of encodedColumns[name]) columns[columnName] = column(spec.type)
    entryTables[name] = { rows, segmentRows, segmentBytes, csv, heldAt, columns }
  }
  if (index !== count) throw new Error("a newsprep cache entry with too many arrays")
  const { statuses, removalKinds, rejectReasons, referenceDates } = header
  return { statuses, signatures, tables: entryTables, removalKinds, rejectReasons, referenceDates }
}

export interface DocumentCache {
  /** The file's results, when an entry holds them for the run's reference date. */
  readonly get: (sourcePath: string, sourceSha256: string) => EncodedFile | undefined
  /** Stores the file's results; the entry is written in the background (`flush`). */
  readonly set: (sourcePath: string, sourceSha256: string, results: EncodedFile, referenceDates: ReferenceDateRange) => void
  /** Resolves when every entry set so far is on disk; rejects with the first write that failed. */
  readonly flush: () => Promise<void>
}

/**
 * Entry bytes waiting to be written, at most; past it `set` writes synchronously. Writing an entry
 * file (create, write, rename) cost ~250 µs of the processing thread on the bench VM, 5.6 s of a
 * one-thread cold run of 20,000 articles; in Node's thread pool it runs beside the processing
 * (on the idle core of a one-thread run). Its steps move on whenever the thread is between
 * batches.
 */
const MAX_PENDING_BYTES = 8 * 1024 * 1024

export const openCache = ({ directory, fingerprint, referenceDate }: CacheSetup, maxPendingBytes = MAX_PENDING_BYTES): DocumentCache => {
  const entryPath = (sourcePath: string, sourceSha256: string) => {
    const key = createHash("sha256").update(`${fingerprint}\0${sourcePath}\0${sourceSha256}`).digest("hex")
    return path.join(directory, key.slice(0, 2), `${key}.entry`)
  }
  let pendingBytes = 0
  let pendingWrites = 0
  let failure: Error | undefined
  let drained: Array<() => void> = []
  const settle = () => {
    if (pendingWrites > 0) return
    for (const resolve of drained) resolve()
    drained = []
  }
  // The folders are made when first missing (256 of them), not asked for on every entry.
  const writeNow = (temp: string, target: string, bytes: Uint8Array) => {
    try {
      fs.writeFileSync(temp, bytes)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error
      fs.mkdirSync(path.dirname(target), { recursive: true })
      fs.writeFileSync(temp, bytes)
    }
    fs.renameSync(temp, target)
  }
  const writeLater = (temp: string, target: string, bytes: Uint8Array) => {
    pendingBytes += bytes.byteLength
    pendingWrites++
    const done = (error: Error | null) => {
      pendingBytes -= bytes.byteLength
      pendingWrites--
      if (error !== null) {
        failure ??= error
        fs.rm(temp, { force: true }, () => {})
      }
      settle()
    }
    const rename = (error: Error | null) => (error !== null ? done(error) : fs.rename(temp, target, done))
    fs.writeFile(temp, bytes, (error) => {
      if (error?.code !== "ENOENT") return rename(error)
      fs.mkdir(path.dirname(target), { recursive: true }, (made) => (made !== null ? done(made) : fs.writeFile(temp, bytes, rename)))
    })
  }
  return {
    get: (sourcePath, sourceSha256) => {
      const file = entryPath(sourcePath, sourceSha256)
      // A miss is asked first: a failed read costs an exception, ~20-90 µs (more on a deep stack),
      // where asking costs ~3; a cold run asks for every file.
      if (!fs.existsSync(file)) return undefined
      let bytes: Buffer
      try {
        bytes = fs.readFileSync(file)
      } catch {
        return undefined
      }
      let entry: CacheEntry
      try {
        entry = unpackEntry(bytes)
      } catch {
        return undefined // a foreign or damaged file is a miss, and gets rewritten
      }
      const { referenceDates, ...results } = entry
      return ReferenceDateRange.holds(referenceDates, referenceDate) ? results : undefined
    },
    set: (sourcePath, sourceSha256, results, { from, before }) => {
      if (failure !== undefined) throw failure
      const target = entryPath(sourcePath, sourceSha256)
      const temp = `${target}.tmp-${process.pid}-${threadId}`
      const bytes = packEntry({ ...results, referenceDates: { from, before } })
      if (pendingBytes + bytes.byteLength > maxPendingBytes) writeNow(temp, target, bytes)
      else writeLater(temp, target, bytes)
    },
    flush: () =>
      new Promise<void>((resolve) => {
        drained.push(resolve)
        settle()
      }).then(() => {
        if (failure !== undefined) throw failure
      })
  }
}
