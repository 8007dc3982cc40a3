/**
 * A worker thread of the pool in pipeline/worker.ts: answers each request (a
 * batch of input files) with pipeline/batch.ts `processBatch`. Imports only the
 * per-document pipeline, never the CLI or the run, so a worker stays small.
 */
import { parentPort, workerData } from "node:worker_threads"
import { type BatchOptions, type BatchResult, processBatch } from "./batch.ts"
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
}
export type Reply = { readonly id: number; readonly result: BatchResult } | { readonly id: number; readonly error: string }

/**
 * The buffers behind a batch's encoded tables. They are moved to the main thread rather than
 * copied: a copy would cost time on both threads and keep both copies alive until the next GC.
 * (Each table's arrays share one buffer made for this batch by pipeline/encode.ts `concatRows`,
 * or are small arrays of their own for a table without rows; never a pooled Buffer or memory
 * the worker keeps.)
 */
const tableBuffers = (result: BatchResult): Array<ArrayBuffer> => {
  const buffers = new Set<ArrayBuffer>()
  const collect = (value: unknown): void => {
    if (ArrayBuffer.isView(value)) buffers.add(value.buffer as ArrayBuffer)
    else if (value !== null && typeof value === "object") for (const v of Object.values(value)) collect(v)
  }
  collect(result.tables)
  return [...buffers]
}

if (parentPort !== null && (workerData as WorkerSetup | undefined)?.options !== undefined) {
  const setup = workerData as WorkerSetup
  const cache: DocumentCache | undefined = setup.cache === undefined ? undefined : openCache(setup.cache)
  const port = parentPort
  port.on("message", (request: Request) => {
    try {
      const result = processBatch(request.files, request.contents, setup.options, cache)
      port.postMessage({ id: request.id, result } satisfies Reply, tableBuffers(result))
    } catch (error) {
      port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies Reply)
    }
  })
}
