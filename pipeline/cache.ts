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
 * On disk: one entry per input file, `DIR/<2 hex>/<key>.entry`, in a packed form that
 * reads back in one JSON.parse of a small header plus views on one buffer (`packEntry`;
 * v8.deserialize took ~170 µs per entry, on eighty-odd typed arrays of encoded rows),
 * written through a temporary name and renamed, so concurrent workers and
 * shards may share a cache folder and an interrupted run never leaves a torn
 * entry. Entries are never updated in place (one whose reference dates do not cover the
 * run's is replaced whole); delete the folder to reclaim space (entries of old versions are
 * simply no longer read). The grouping of copies of a whole run is kept beside the entries,
 * in `DIR/groups/` (pipeline/duplicates.ts).
 */
import { createHash } from "node:crypto"
import * as fs from "node:fs"
import * as path from "node:path"
import { threadId } from "node:worker_threads"
import { ReferenceDateRange } from "../stages/dates/types.ts"
import type { EncodedFile } from "./batch.ts"
import type { FlowOptions } from "./flow.ts"
import { newsprepVersion } from "./manifest.ts"
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

const TYPED = "$typed"
const MAGIC = 0x3143504e // "NPC1", little-endian
const arrayTypes = [Uint8Array, Int32Array, Float64Array] as const
type Typed = InstanceType<(typeof arrayTypes)[number]>
const align8 = (n: number) => (n + 7) & ~7

/**
 * An entry as bytes: magic, header length, data length, a JSON header in which every typed
 * array is a reference {$typed: [type, offset, length]}, then the arrays' bytes, each 8-byte
 * aligned. (JSON: the entry holds no `undefined`, which JSON would drop.)
 */
export const packEntry = (entry: CacheEntry): Uint8Array => {
  const arrays: Array<Typed> = []
  let dataBytes = 0
  // The entry with references in place of its arrays, then JSON.stringify without a replacer:
  // with a replacer function, packing took ~220 µs an entry, against ~135 now.
  const withReferences = (value: unknown): unknown => {
    if (value === null || typeof value !== "object") return value
    const type = arrayTypes.findIndex((t) => value instanceof t)
    if (type !== -1) {
      const array = value as Typed
      arrays.push(array)
      const reference = { [TYPED]: [type, dataBytes, array.length] }
      dataBytes = align8(dataBytes + array.byteLength)
      return reference
    }
    if (Array.isArray(value)) return value.map(withReferences)
    const copy: Record<string, unknown> = {}
    for (const key of Object.keys(value)) copy[key] = withReferences((value as Record<string, unknown>)[key])
    return copy
  }
  const header = new TextEncoder().encode(JSON.stringify(withReferences(entry)))
  const start = align8(12 + header.length)
  const bytes = new Uint8Array(start + dataBytes)
  const view = new DataView(bytes.buffer)
  view.setUint32(0, MAGIC, true)
  view.setUint32(4, header.length, true)
  view.setUint32(8, dataBytes, true)
  bytes.set(header, 12)
  let at = start
  for (const array of arrays) {
    bytes.set(new Uint8Array(array.buffer, array.byteOffset, array.byteLength), at)
    at = align8(at + array.byteLength)
  }
  return bytes
}

/** `packEntry`'s bytes back to the entry (arrays are views on `bytes`); throws on anything else. */
export const unpackEntry = (bytes: Uint8Array): CacheEntry => {
  // A buffer of its own, starting at offset 0, keeps every view aligned and in bounds.
  const owned = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
  // (ArrayBuffer's slice copies in one go; a Buffer's own `slice` would not copy at all.)
  const buffer = (owned ? bytes.buffer : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength)) as ArrayBuffer
  const view = new DataView(buffer)
  if (bytes.length < 12 || view.getUint32(0, true) !== MAGIC) throw new Error("not a newsprep cache entry")
  const headerLength = view.getUint32(4, true)
  const start = align8(12 + headerLength)
  if (buffer.byteLength !== start + view.getUint32(8, true)) throw new Error("a truncated newsprep cache entry")
  const header = new TextDecoder().decode(new Uint8Array(buffer, 12, headerLength))
  // JSON.parse without a reviver is several times faster; the references are swapped after.
  const restore = (value: unknown): unknown => {
    if (value === null || typeof value !== "object") return value
    const record = value as Record<string, unknown>
    const reference = record[TYPED] as [number, number, number] | undefined
    if (reference !== undefined) return new arrayTypes[reference[0]]!(buffer, start + reference[1], reference[2])
    for (const key in record) record[key] = restore(record[key])
    return record
  }
  return restore(JSON.parse(header)) as CacheEntry
}

export interface DocumentCache {
  /** The file's results, when an entry holds them for the run's reference date. */
  readonly get: (sourcePath: string, sourceSha256: string) => EncodedFile | undefined
  readonly set: (sourcePath: string, sourceSha256: string, results: EncodedFile, referenceDates: ReferenceDateRange) => void
}

export const openCache = ({ directory, fingerprint, referenceDate }: CacheSetup): DocumentCache => {
  const entryPath = (sourcePath: string, sourceSha256: string) => {
    const key = createHash("sha256").update(`${fingerprint}\0${sourcePath}\0${sourceSha256}`).digest("hex")
    return path.join(directory, key.slice(0, 2), `${key}.entry`)
  }
  return {
    get: (sourcePath, sourceSha256) => {
      let bytes: Buffer
      try {
        bytes = fs.readFileSync(entryPath(sourcePath, sourceSha256))
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
      const target = entryPath(sourcePath, sourceSha256)
      const temp = `${target}.tmp-${process.pid}-${threadId}`
      const bytes = packEntry({ ...results, referenceDates: { from, before } })
      try {
        fs.writeFileSync(temp, bytes)
      } catch (error) {
        // The folder is made when first missing (256 of them), not asked for on every entry.
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error
        fs.mkdirSync(path.dirname(target), { recursive: true })
        fs.writeFileSync(temp, bytes)
      }
      fs.renameSync(temp, target)
    }
  }
}
