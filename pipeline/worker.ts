/**
 * Worker threads: a small pool that runs pipeline/batch.ts `processBatch` on
 * every core. The main thread keeps the order (results are written by batch
 * number), so the tables do not depend on the number of workers.
 *
 * This file is both the pool (imported by run.ts) and the worker's entry
 * point (when loaded as a worker it answers batch requests). Workers load
 * TypeScript through tsx, as the main program does.
 */
import { createRequire } from "node:module"
import { pathToFileURL } from "node:url"
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads"
import { type BatchOptions, type BatchResult, processBatch } from "./batch.ts"
import { type DocumentCache, openCache } from "./cache.ts"
import type { InputFile } from "./inputs.ts"

export interface WorkerSetup {
  readonly options: BatchOptions
  readonly cache: { readonly directory: string; readonly fingerprint: string } | undefined
}

interface Request {
  readonly id: number
  readonly files: ReadonlyArray<InputFile>
}
type Reply = { readonly id: number; readonly result: BatchResult } | { readonly id: number; readonly error: string }

export interface WorkerPool {
  readonly size: number
  readonly run: (files: ReadonlyArray<InputFile>) => Promise<BatchResult>
  readonly close: () => Promise<void>
}

// A worker's entry cannot be TypeScript itself: a tiny CommonJS bootstrap registers tsx's
// loader in the worker, then imports this file
// through tsx's ESM API.
const tsxApi = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs")).href
const bootstrap = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}) })`

// Each worker is a whole V8 isolate with its own copy of the models; a young generation
// smaller than V8's default trims its memory (the run's peak RSS counts every worker).
const YOUNG_GENERATION_MB = 16

export const startPool = (size: number, setup: WorkerSetup): WorkerPool => {
  const workers = Array.from({ length: size }, () =>
    new Worker(bootstrap, { eval: true, workerData: setup, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } }))
  const pending = new Map<number, { resolve: (r: BatchResult) => void; reject: (e: Error) => void }>()
  const load = workers.map(() => 0)
  const failAll = (error: Error) => {
    for (const waiting of pending.values()) waiting.reject(error)
    pending.clear()
  }
  workers.forEach((worker, w) => {
    worker.on("message", (reply: Reply) => {
      load[w]!--
      const waiting = pending.get(reply.id)
      pending.delete(reply.id)
      if ("error" in reply) waiting?.reject(new Error(reply.error))
      else waiting?.resolve(reply.result)
    })
    worker.on("error", failAll)
    worker.on("exit", (code) => {
      if (code !== 0) failAll(new Error(`A worker thread stopped with exit code ${code}.`))
    })
  })
  let nextId = 0
  return {
    size,
    run: (files) =>
      new Promise<BatchResult>((resolve, reject) => {
        const id = nextId++
        pending.set(id, { resolve, reject })
        const w = load.indexOf(Math.min(...load)) // the least busy worker
        load[w]!++
        workers[w]!.postMessage({ id, files } satisfies Request)
      }),
    close: async () => {
      await Promise.all(workers.map((worker) => worker.terminate()))
    }
  }
}

if (!isMainThread && parentPort !== null && (workerData as WorkerSetup | undefined)?.options !== undefined) {
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
