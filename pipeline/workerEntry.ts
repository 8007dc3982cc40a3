/**
 * A worker thread of the pool in pipeline/worker.ts: answers each request (a
 * batch of input files) with pipeline/batch.ts `processBatch`. Imports only the
 * per-document pipeline, never the CLI or the run, so a worker stays small.
 */
import { parentPort, workerData } from "node:worker_threads"
import { type BatchOptions, type BatchResult, processBatch } from "./batch.ts"
import { type DocumentCache, openCache } from "./cache.ts"
import type { InputFile } from "./inputs.ts"

export interface WorkerSetup {
  readonly options: BatchOptions
  readonly cache: { readonly directory: string; readonly fingerprint: string } | undefined
}

export interface Request {
  readonly id: number
  readonly files: ReadonlyArray<InputFile>
}
export type Reply = { readonly id: number; readonly result: BatchResult } | { readonly id: number; readonly error: string }

if (parentPort !== null && (workerData as WorkerSetup | undefined)?.options !== undefined) {
  const setup = workerData as WorkerSetup
  const cache: DocumentCache | undefined = setup.cache === undefined ? undefined : openCache(setup.cache.directory, setup.cache.fingerprint)
  const port = parentPort
  port.on("message", (request: Request) => {
    try {
      port.postMessage({ id: request.id, result: processBatch(request.files, setup.options, cache) } satisfies Reply)
    } catch (error) {
      port.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies Reply)
    }
  })
}
