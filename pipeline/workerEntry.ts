/**
 * A worker thread of the pool in pipeline/worker.ts: answers each request (a
 * batch of input files) with pipeline/batch.ts `processBatch`. Imports only the
 * per-document pipeline, never the CLI or the run, so a worker stays small.
 */
import { parentPort, workerData } from "node:worker_threads"
import { type BatchOptions, type BatchResult, type CacheLookup, processBatch } from "./batch.ts"
import { type CacheSetup, type DocumentCache, openCache } from "./cache.ts"
import type { InputFile } from "./inputs.ts"
import type { FileContent } from "./readAhead.ts"

export interface WorkerSetup {
  readonly options: BatchOptions
  readonly cache: CacheSetup | undefined
}

export interface Request {
  readonly id: number
  readonly files: ReadonlyArray<InputFile>
  /** The files as the main thread read them ahead (their buffers are moved, not copied). */
  readonly contents: ReadonlyArray<FileContent>
  /** The files as the main thread looked them up in the cache, if it did (their hits' buffers are moved). */
  readonly lookups: ReadonlyArray<CacheLookup | undefined> | undefined
}
/** Asks the worker to finish writing its cache entries (pipeline/cache.ts `flush`); answered with no result. */
export interface FlushRequest {
  readonly id: number
  readonly flush: true
}
export type Reply =
  | { readonly id: number; readonly result: BatchResult }
  | { readonly id: number; readonly flushed: true }
  | { readonly id: number; readonly error: string }

/**
 * The buffers behind the typed arrays in `value` (a batch's encoded tables, a lookup's cached
 * results), to move them to the other thread rather than copy them: a copy would cost time on
 * both threads and keep both copies alive until the next GC. Only for arrays on buffers of their
 * own: a table's arrays share one buffer made for its batch by pipeline/encode.ts `concatRows`
 * (or are small arrays of their own for a table without rows), a cache hit's arrays the buffer
 * its entry was read into; never a pooled Buffer or memory the thread keeps.
 */
export const viewBuffers = (value: unknown): Array<ArrayBuffer> => {
  const buffers = new Set<ArrayBuffer>()
  const collect = (value: unknown): void => {
    if (ArrayBuffer.isView(value)) buffers.add(value.buffer as ArrayBuffer)
    else if (value !== null && typeof value === "object") for (const v of Object.values(value)) collect(v)
  }
  collect(value)
  return [...buffers]
}

if (parentPort !== null && (workerData as WorkerSetup | undefined)?.options !== undefined) {
  const setup = workerData as WorkerSetup
  const cache: DocumentCache | undefined = setup.cache === undefined ? undefined : openCache(setup.cache)
  const port = parentPort
  const fail = (id: number, error: unknown) =>
    port.postMessage({ id, error: error instanceof Error ? error.message : String(error) } satisfies Reply)
  port.on("message", (request: Request | FlushRequest) => {
    if ("flush" in request) {
      const flushed = cache?.flush() ?? Promise.resolve()
      flushed.then(() => port.postMessage({ id: request.id, flushed: true } satisfies Reply), (error) => fail(request.id, error))
      return
    }
    try {
      const result = processBatch(request.files, request.contents, setup.options, cache, request.lookups)
      port.postMessage({ id: request.id, result } satisfies Reply, viewBuffers(result.tables))
    } catch (error) {
      fail(request.id, error)
    }
  })
}
