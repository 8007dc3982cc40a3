/**
 * Worker threads: a small pool that runs pipeline/batch.ts `processBatch` on
 * every core. The main thread keeps the order (results are written by batch
 * number), so the tables do not depend on the number of workers.
 *
 * The worker's code is pipeline/workerEntry.ts. When newsprep runs from its
 * TypeScript sources, that entry and everything it imports are bundled once
 * per process with esbuild (which tsx ships) into one plain ES module, so a
 * worker loads neither tsx nor the CLI: it starts faster and holds less memory.
 */
import { createRequire } from "node:module"
import * as path from "node:path"
import { pathToFileURL } from "node:url"
import * as v8 from "node:v8"
import { Worker } from "node:worker_threads"
import type { BatchResult, CacheLookup } from "./batch.ts"
import { bundle, projectRoot } from "../bin/bundle.mjs"
import type { InputFile } from "./inputs.ts"
import { contentBuffers, type FileContent } from "./readAhead.ts"
import { type FlushRequest, type Reply, type Request, viewBuffers, type WorkerSetup } from "./workerEntry.ts"

export type { WorkerSetup } from "./workerEntry.ts"

export interface WorkerPool {
  readonly size: number
  readonly run: (
    files: ReadonlyArray<InputFile>,
    contents: ReadonlyArray<FileContent>,
    lookups?: ReadonlyArray<CacheLookup | undefined>
  ) => Promise<BatchResult>
  /** Resolves when every cache entry the workers set is on disk (pipeline/cache.ts `flush`). */
  readonly flushCaches: () => Promise<void>
  /** Stops the workers at once (entries still being written may be left as temporary files). */
  readonly close: () => Promise<void>
}

// The worker runs a bundle of pipeline/workerEntry.ts (bin/bundle.mjs), so it loads neither a
// TypeScript loader nor the CLI. Where the bundle cannot be written, the worker registers tsx
// itself and imports the sources.
interface WorkerCode {
  readonly source: URL | string
  readonly eval: boolean
}
let workerCode: WorkerCode | undefined
const codeOfWorker = (): WorkerCode => {
  if (workerCode !== undefined) return workerCode
  try {
    workerCode = { source: bundle("pipeline/workerEntry.ts", "worker"), eval: false }
  } catch {
    const require = createRequire(import.meta.url)
    const tsxApi = pathToFileURL(require.resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs")).href
    const entry = pathToFileURL(path.join(projectRoot, "pipeline", "workerEntry.ts")).href
    workerCode = { source: `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}) })`, eval: true }
  }
  return workerCode
}

// Each worker is a whole V8 isolate, and the run's peak RSS counts every one. A worker keeps
// only ~20-40 MB alive, but V8 lets a heap grow up to 4x its live size before the next full
// collection, so each isolate sat at ~120 MB of heap. Growing by at most half (and a small young
// generation) took 2 workers on 20,000 articles from ~570 to ~350-380 MB peak RSS. The extra
// collections cost nothing measurable while a core was idle, and up to ~10% of wall time when
// both cores were busy. V8 reads the flag at every collection, in every isolate of the process.
// A limit on the heap's size instead cost 20-40% more CPU, and would fail on a large file.
// The young generation trades memory for collections: per worker on 20,000 articles, 8 MB spent
// 2.0 s collecting, 16 MB 1.5 s, and 32 MB 1.0 s but took 2 workers to ~400 MB peak RSS.
const YOUNG_GENERATION_MB = 16
const HEAP_GROWING_PERCENT = 50

/**
 * Lets every heap of the process grow by at most HEAP_GROWING_PERCENT between full collections.
 * A run that may start workers calls it before listing its inputs: a million short files, listed
 * with the default growth, left the main heap large when the workers started, and the run peaked
 * there at 401 MB; limited from the start, it peaked at 378 MB, late in the run.
 */
export const limitHeapGrowth = (): void => v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`)

/**
 * A pool of `size` workers, started at the first batch it is given: a rerun whose batches all come
 * from the cache (pipeline/run.ts) never starts them.
 */
export const startPool = (size: number, setup: WorkerSetup): WorkerPool => {
  const pending = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>()
  const load = Array.from({ length: size }, () => 0)
  const failAll = (error: Error) => {
    for (const waiting of pending.values()) waiting.reject(error)
    pending.clear()
  }
  const start = (): Array<Worker> => {
    limitHeapGrowth()
    return load.map((_, w) => {
      const worker = new Worker(codeOfWorker().source, {
        eval: codeOfWorker().eval,
        workerData: setup,
        resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB }
      })
      worker.on("message", (reply: Reply) => {
        load[w]!--
        const waiting = pending.get(reply.id)
        pending.delete(reply.id)
        if ("error" in reply) waiting?.reject(new Error(reply.error))
        else waiting?.resolve(reply)
      })
      worker.on("error", failAll)
      worker.on("exit", (code) => {
        if (code !== 0) failAll(new Error(`A worker thread stopped with exit code ${code}.`))
      })
      return worker
    })
  }
  let workers: Array<Worker> | undefined
  let nextId = 0
  const ask = (w: number, message: (id: number) => Request | FlushRequest, transfer: Array<ArrayBuffer> = []) =>
    new Promise<Reply>((resolve, reject) => {
      const id = nextId++
      pending.set(id, { resolve, reject })
      load[w]!++
      workers![w]!.postMessage(message(id), transfer)
    })
  return {
    size,
    run: async (files, contents, lookups) => {
      workers ??= start()
      const w = load.indexOf(Math.min(...load)) // the least busy worker
      const reply = await ask(w, (id) => ({ id, files, contents, lookups }), [...contentBuffers(contents), ...viewBuffers(lookups)])
      return (reply as { readonly result: BatchResult }).result
    },
    flushCaches: async () => {
      await Promise.all((workers ?? []).map((_, w) => ask(w, (id) => ({ id, flush: true }))))
    },
    close: async () => {
      await Promise.all((workers ?? []).map((worker) => worker.terminate()))
    }
  }
}
