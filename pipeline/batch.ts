/**
 * One batch of input files → the encoded rows of every table, in input order.
 *
 * Runs the same in the main thread and in a worker (pipeline/worker.ts):
 * takes each file as read ahead (pipeline/readAhead.ts) or reads it, looks it
 * up in the cache, runs the per-document flow (pipeline/flow.ts) on a miss, and
 * encodes the rows (pipeline/encode.ts, which checks every value against its
 * column first), so the caller only copies bytes. Anything unexpected becomes
 * an `error` reject instead of stopping the run.
 */
import { createHash } from "node:crypto"
import * as fs from "node:fs"
import { ReferenceDateRange } from "../stages/dates/index.ts"
import type { DuplicateEntry } from "../stages/duplicates/index.ts"
import type { DocumentCache } from "./cache.ts"
import { type Allocator, Arena, concatRows, encodeRows, type EncodedRows, noRows, RowSchemaError } from "./encode.ts"
import { type FlowOptions, type FlowResult, processFile, stageNames } from "./flow.ts"
import type { InputFile } from "./inputs.ts"
import type { FileContent } from "./readAhead.ts"
import { heldBackColumns, type RejectRow, type TableName, tables } from "./schema.ts"

export interface BatchOptions {
  readonly maxBytes: number
  readonly flow: FlowOptions
}

export interface InputStatus {
  readonly source_path: string
  readonly source_sha256: string
  readonly status: "document" | "reject"
}

export type EncodedTables = Record<TableName, EncodedRows>

/**
 * What one input file gives, encoded: a status, and for each document its signature and one
 * segment in each of documents, sentences and removals (or one rejects segment). This is what
 * the cache keeps per file.
 */
export interface EncodedFile {
  readonly statuses: ReadonlyArray<InputStatus>
  readonly signatures: ReadonlyArray<DuplicateEntry>
  readonly tables: Partial<EncodedTables>
  /** Removed spans per kind and rejects per reason, for the run's counters. */
  readonly removalKinds: Readonly<Record<string, number>>
  readonly rejectReasons: Readonly<Record<string, number>>
}

export interface BatchResult extends EncodedFile {
  readonly tables: EncodedTables
  /** Milliseconds per stage, indexed like flow.ts `stageNames`. */
  readonly times: Float64Array
  readonly bytes: number
  readonly cacheHits: number
}

export const tableNames = Object.keys(tables) as ReadonlyArray<TableName>

const rejectOf = (file: InputFile, reason: "too_large" | "error", detail: string, sha = ""): FlowResult => ({
  _tag: "reject",
  reject: { source_path: file.sourcePath, source_sha256: sha, reason, detail }
})

const countBy = (values: ReadonlyArray<string>): Record<string, number> => {
  const counts: Record<string, number> = {}
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1
  return counts
}

/** Typed arrays for a batch's files are cut from buffers of this size (encode.ts `Arena`). */
const FILE_ARENA_BYTES = 256 * 1024

/** The rows of one file's results, encoded table by table. */
export const encodeFile = (results: ReadonlyArray<FlowResult>, alloc: Allocator = new Arena(FILE_ARENA_BYTES)): EncodedFile => {
  const statuses: Array<InputStatus> = []
  const signatures: Array<DuplicateEntry> = []
  const removalKinds: Array<string> = []
  const rejectReasons: Array<string> = []
  const segments: Record<TableName, Array<EncodedRows>> = { documents: [], sentences: [], removals: [], rejects: [] }
  const addReject = (reject: RejectRow) => {
    segments.rejects.push(encodeRows(tables.rejects, [reject], [], alloc))
    rejectReasons.push(reject.reason)
    statuses.push({ source_path: reject.source_path, source_sha256: reject.source_sha256, status: "reject" })
  }
  for (const result of results) {
    if (result._tag === "reject") {
      addReject(result.reject)
      continue
    }
    const { document } = result
    let rows: { documents: EncodedRows; sentences: EncodedRows; removals: EncodedRows }
    try {
      rows = {
        documents: encodeRows(tables.documents, [document], heldBackColumns.documents, alloc),
        sentences: encodeRows(tables.sentences, result.sentences, [], alloc),
        removals: encodeRows(tables.removals, result.removals, [], alloc)
      }
    } catch (error) {
      if (!(error instanceof RowSchemaError)) throw error
      const detail = `A produced row did not match its table schema: ${error.message}.`
      addReject({ source_path: document.source_path, source_sha256: document.source_sha256, reason: "error", detail })
      continue
    }
    signatures.push({ docId: document.doc_id, sourcePath: document.source_path, publishedDate: document.published_date, signature: result.signature })
    segments.documents.push(rows.documents)
    segments.sentences.push(rows.sentences)
    segments.removals.push(rows.removals)
    for (const removal of result.removals) removalKinds.push(removal.kind)
    statuses.push({ source_path: document.source_path, source_sha256: document.source_sha256, status: "document" })
  }
  const encoded: Partial<EncodedTables> = {}
  for (const name of tableNames) {
    const parts = segments[name]
    if (parts.length > 0) encoded[name] = parts.length === 1 ? parts[0]! : concatRows(parts)
  }
  return {
    statuses,
    signatures,
    tables: encoded,
    removalKinds: countBy(removalKinds),
    rejectReasons: countBy(rejectReasons)
  }
}

/**
 * A read file's content hash and, when the cache holds them, its results. The main thread of a
 * run with workers looks files up before sending them (pipeline/run.ts), so that a batch found
 * whole in the cache needs no worker, and a worker does not hash or look up again.
 */
export interface CacheLookup {
  readonly sha256: string
  readonly hit: EncodedFile | undefined
}

/** Whether a file is rejected before reading: then there is nothing to hash or look up. */
const tooLarge = (file: InputFile, options: BatchOptions) => file.size > options.maxBytes

/** `content` hashed and looked up in `cache`; undefined for a file not read ahead, not read, or too large. */
export const lookUp = (file: InputFile, content: FileContent, options: BatchOptions, cache: DocumentCache): CacheLookup | undefined => {
  if (!(content instanceof Uint8Array) || tooLarge(file, options)) return undefined
  const sha256 = createHash("sha256").update(content).digest("hex")
  return { sha256, hit: cache.get(file.sourcePath, sha256) }
}

/**
 * Whether a batch's rows come without running the flow: every file is too large, unreadable or
 * found in the cache (`lookups` as from `lookUp`).
 */
export const settledWithoutFlow = (
  files: ReadonlyArray<InputFile>,
  contents: ReadonlyArray<FileContent>,
  lookups: ReadonlyArray<CacheLookup | undefined>,
  options: BatchOptions
): boolean =>
  files.every((file, i) => tooLarge(file, options) || lookups[i]?.hit !== undefined || (contents[i] !== undefined && !(contents[i] instanceof Uint8Array)))

const processInput = (
  file: InputFile,
  content: FileContent,
  options: BatchOptions,
  times: Float64Array,
  cache: DocumentCache | undefined,
  alloc: Allocator,
  lookup: CacheLookup | undefined
): { encoded: EncodedFile; bytes: number; cached: boolean } => {
  const rejected = (reason: "too_large" | "error", detail: string, bytes: number) =>
    ({ encoded: encodeFile([rejectOf(file, reason, detail)], alloc), bytes, cached: false })
  if (tooLarge(file, options)) {
    return rejected("too_large", `The file has ${file.size} bytes, more than the limit of ${options.maxBytes} (--max-bytes).`, 0)
  }
  let bytes: Uint8Array
  try {
    if (content === undefined) bytes = fs.readFileSync(file.absolutePath)
    else if (content instanceof Uint8Array) bytes = content
    else throw new Error(content.readError)
  } catch (error) {
    return rejected("error", `Cannot read the file: ${error instanceof Error ? error.message : String(error)}`, 0)
  }
  // Looked up here unless the main thread did it (pipeline/run.ts); without a cache nothing is hashed.
  const { sha256: sha, hit } = lookup ?? (cache === undefined ? { sha256: "", hit: undefined } : lookUp(file, bytes, options, cache)!)
  if (hit !== undefined) return { encoded: hit, bytes: bytes.byteLength, cached: true }
  let results: ReadonlyArray<FlowResult>
  const referenceDates = new ReferenceDateRange()
  try {
    const source = sha === "" ? { sourcePath: file.sourcePath, bytes } : { sourcePath: file.sourcePath, bytes, sha256: sha }
    results = processFile(source, cache === undefined ? options.flow : { ...options.flow, referenceDates }, times)
  } catch (error) {
    return rejected("error", `Unexpected failure while processing: ${error instanceof Error ? error.message : String(error)}`, bytes.byteLength)
  }
  const encoded = encodeFile(results, alloc)
  // An `error` reject may be a passing accident; only settled results are kept.
  if (cache !== undefined && encoded.rejectReasons["error"] === undefined) cache.set(file.sourcePath, sha, encoded, referenceDates)
  return { encoded, bytes: bytes.byteLength, cached: false }
}

const addCounts = (target: Record<string, number>, counts: Readonly<Record<string, number>>) => {
  for (const [key, n] of Object.entries(counts)) target[key] = (target[key] ?? 0) + n
}

/**
 * Processes a batch; `contents[i]` is file i as read ahead (pipeline/readAhead.ts), or undefined
 * to read it here; `lookups[i]`, when given, is its `lookUp` in `cache`, done already.
 */
export const processBatch = (
  files: ReadonlyArray<InputFile>,
  contents: ReadonlyArray<FileContent>,
  options: BatchOptions,
  cache?: DocumentCache,
  lookups?: ReadonlyArray<CacheLookup | undefined>
): BatchResult => {
  const times = new Float64Array(stageNames.length)
  // Each file's rows are cut from this arena, then copied into one buffer per table (concatRows
  // below); the arena's buffers are dropped with the batch.
  const alloc = new Arena(FILE_ARENA_BYTES)
  const inputs = files.map((file, i) => processInput(file, contents[i], options, times, cache, alloc, lookups?.[i]))
  const encoded = inputs.map((input) => input.encoded)
  const removalKinds: Record<string, number> = {}
  const rejectReasons: Record<string, number> = {}
  for (const e of encoded) {
    addCounts(removalKinds, e.removalKinds)
    addCounts(rejectReasons, e.rejectReasons)
  }
  const tablesOfBatch = Object.fromEntries(tableNames.map((name) => {
    const parts = encoded.flatMap((e) => e.tables[name] ?? [])
    return [name, parts.length === 0 ? noRows(tables[name], heldBackColumns[name]) : concatRows(parts)]
  })) as EncodedTables
  return {
    tables: tablesOfBatch,
    signatures: encoded.flatMap((e) => e.signatures),
    statuses: encoded.flatMap((e) => e.statuses),
    removalKinds,
    rejectReasons,
    times,
    bytes: inputs.reduce((n, input) => n + input.bytes, 0),
    cacheHits: inputs.filter((input) => input.cached).length
  }
}
