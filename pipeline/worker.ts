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
import { createHash } from "node:crypto"
import * as fs from "node:fs"
import { createRequire } from "node:module"
import * as path from "node:path"
import { fileURLToPath, pathToFileURL } from "node:url"
import { Worker } from "node:worker_threads"
import type { BatchResult } from "./batch.ts"
import type { InputFile } from "./inputs.ts"
import type { Reply, Request, WorkerSetup } from "./workerEntry.ts"

export type { WorkerSetup } from "./workerEntry.ts"

export interface WorkerPool {
  readonly size: number
  readonly run: (files: ReadonlyArray<InputFile>) => Promise<BatchResult>
  readonly close: () => Promise<void>
}

const entryUrl = new URL(import.meta.url.endsWith(".ts") ? "./workerEntry.ts" : "./workerEntry.js", import.meta.url)

// The bundle sits in node_modules/.cache so that its imports of npm packages (effect, ...)
// resolve as the sources' do; its name is a hash of its content, so runs can share it. Where
// that folder cannot be written, the worker registers tsx itself and imports the sources.
interface WorkerCode {
  readonly source: URL | string
  readonly eval: boolean
}
let workerCode: WorkerCode | undefined
const bundleEntry = (): WorkerCode => {
  const require = createRequire(import.meta.url)
  const esbuild = createRequire(require.resolve("tsx"))("esbuild") as typeof import("esbuild")
  const built = esbuild.buildSync({
    entryPoints: [fileURLToPath(entryUrl)],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    write: false,
    logLevel: "silent"
  })
  const code = built.outputFiles[0]!.contents
  const folder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../node_modules/.cache/newsprep")
  const file = path.join(folder, `worker-${createHash("sha256").update(code).digest("hex").slice(0, 16)}.mjs`)
  try {
    if (!fs.existsSync(file)) {
      fs.mkdirSync(folder, { recursive: true })
      const temp = `${file}.tmp-${process.pid}`
      fs.writeFileSync(temp, code)
      fs.renameSync(temp, file)
    }
    return { source: pathToFileURL(file), eval: false }
  } catch {
    const tsxApi = pathToFileURL(require.resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs")).href
    return { source: `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(entryUrl.href)}) })`, eval: true }
  }
}
const codeOfWorker = (): WorkerCode =>
  workerCode ??= entryUrl.pathname.endsWith(".ts") ? bundleEntry() : { source: entryUrl, eval: false }

// Each worker is a whole V8 isolate with its own copy of the models; a young generation
// smaller than V8's default trims its memory (the run's peak RSS counts every worker).
const YOUNG_GENERATION_MB = 16

export const startPool = (size: number, setup: WorkerSetup): WorkerPool => {
  const workers = Array.from({ length: size }, () =>
    new Worker(codeOfWorker().source, {
      eval: codeOfWorker().eval,
      workerData: setup,
      resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB }
    }))
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
