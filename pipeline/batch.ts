/**
 * One batch of input files → the rows of every table, in input order.
 *
 * Runs the same in the main thread and in a worker (pipeline/worker.ts):
 * reads each file, looks it up in the cache, runs the per-document flow
 * (pipeline/flow.ts) on a miss, and checks every produced row against its
 * table schema. Anything unexpected becomes an `error` reject instead of
 * stopping the run.
 */
import { Schema } from "effect"
import { createHash } from "node:crypto"
import * as fs from "node:fs"
import type { DuplicateEntry } from "../stages/duplicates/index.ts"
import type { DocumentCache } from "./cache.ts"
import { type FlowOptions, type FlowResult, processFile, stageNames } from "./flow.ts"
import type { InputFile } from "./inputs.ts"
import { rowSchema, type TableName, tables } from "./schema.ts"

export interface BatchOptions {
  readonly maxBytes: number
  readonly flow: FlowOptions
}

export interface InputStatus {
  readonly source_path: string
  readonly source_sha256: string
  readonly status: "document" | "reject"
}

export type TableRows = Record<TableName, Array<Record<string, unknown>>>

export interface BatchResult {
  readonly rows: TableRows
  /** One per row of rows.documents, in the same order. */
  readonly signatures: ReadonlyArray<DuplicateEntry>
  readonly statuses: ReadonlyArray<InputStatus>
  /** Milliseconds per stage, indexed like flow.ts `stageNames`. */
  readonly times: Float64Array
  readonly bytes: number
  readonly cacheHits: number
}

export const tableNames = Object.keys(tables) as ReadonlyArray<TableName>
const isValidRow = Object.fromEntries(
  tableNames.map((name) => [name, Schema.is(rowSchema(tables[name]))])
) as unknown as Record<TableName, (u: unknown) => boolean>

const rejectOf = (file: InputFile, reason: "too_large" | "error", detail: string, sha = ""): FlowResult => ({
  _tag: "reject",
  reject: { source_path: file.sourcePath, source_sha256: sha, reason, detail }
})

const checkRows = (file: InputFile, result: FlowResult): FlowResult => {
  if (result._tag !== "document") return result
  const valid = isValidRow.documents(result.document) && result.sentences.every(isValidRow.sentences) &&
    result.removals.every(isValidRow.removals)
  return valid ? result : rejectOf(file, "error", "A produced row did not match its table schema.", result.document.source_sha256)
}

const processInput = (
  file: InputFile,
  options: BatchOptions,
  times: Float64Array,
  cache: DocumentCache | undefined
): { results: ReadonlyArray<FlowResult>; bytes: number; cached: boolean } => {
  if (file.size > options.maxBytes) {
    const detail = `The file has ${file.size} bytes, more than the limit of ${options.maxBytes} (--max-bytes).`
    return { results: [rejectOf(file, "too_large", detail)], bytes: 0, cached: false }
  }
  let bytes: Uint8Array
  try {
    bytes = fs.readFileSync(file.absolutePath)
  } catch (error) {
    return { results: [rejectOf(file, "error", `Cannot read the file: ${error instanceof Error ? error.message : String(error)}`)], bytes: 0, cached: false }
  }
  const sha = cache === undefined ? "" : createHash("sha256").update(bytes).digest("hex")
  const hit = cache?.get(file.sourcePath, sha)
  if (hit !== undefined) return { results: hit, bytes: bytes.byteLength, cached: true }
  let results: ReadonlyArray<FlowResult>
  try {
    const source = sha === "" ? { sourcePath: file.sourcePath, bytes } : { sourcePath: file.sourcePath, bytes, sha256: sha }
    results = processFile(source, options.flow, times).map((result) => checkRows(file, result))
  } catch (error) {
    const detail = `Unexpected failure while processing: ${error instanceof Error ? error.message : String(error)}`
    return { results: [rejectOf(file, "error", detail)], bytes: bytes.byteLength, cached: false }
  }
  // An `error` reject may be a passing accident; only settled results are kept.
  const settled = results.every((result) => !(result._tag === "reject" && result.reject.reason === "error"))
  if (cache !== undefined && settled) cache.set(file.sourcePath, sha, results)
  return { results, bytes: bytes.byteLength, cached: false }
}

export const processBatch = (files: ReadonlyArray<InputFile>, options: BatchOptions, cache?: DocumentCache): BatchResult => {
  const times = new Float64Array(stageNames.length)
  const rows: TableRows = { documents: [], sentences: [], removals: [], rejects: [] }
  const statuses: Array<InputStatus> = []
  const signatures: Array<DuplicateEntry> = []
  let bytes = 0
  let cacheHits = 0
  for (const file of files) {
    const input = processInput(file, options, times, cache)
    bytes += input.bytes
    if (input.cached) cacheHits++
    for (const result of input.results) {
    if (result._tag === "document") {
      rows.documents.push(result.document)
      signatures.push({
        docId: result.document.doc_id,
        sourcePath: result.document.source_path,
        publishedDate: result.document.published_date,
        signature: result.signature
      })
      for (const sentence of result.sentences) rows.sentences.push(sentence)
      for (const removal of result.removals) rows.removals.push(removal)
      statuses.push({ source_path: result.document.source_path, source_sha256: result.document.source_sha256, status: "document" })
    } else {
      rows.rejects.push(result.reject)
      statuses.push({ source_path: result.reject.source_path, source_sha256: result.reject.source_sha256, status: "reject" })
    }
    }
  }
  return { rows, signatures, statuses, times, bytes, cacheHits }
}
