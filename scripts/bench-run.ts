/**
 * One measured pipeline run for scripts/bench.ts, in a process of its own (run from a bundle, as
 * `npm run pipeline` is): prints the wall time, peak RSS and counts as one JSON line.
 * Usage: node <bundle> INPUT OUTPUT WORKERS [CACHE_DIR] [skip-when-up-to-date]
 */
import { NodeServices } from "@effect/platform-node"
import { Effect } from "effect"
import { makeFlowOptions } from "../pipeline/defaults.ts"
import { runPipeline } from "../pipeline/run.ts"

export interface Measured {
  readonly seconds: number
  readonly peakRssMb: number
  readonly documents: number
  readonly bytes: number
  readonly cacheHits: number
  readonly upToDate: boolean
}

const run = async (input: string, output: string, workers: number, cacheDir: string | undefined, skipWhenUpToDate: boolean) => {
  const start = performance.now()
  const summary = await Effect.runPromise(
    runPipeline({
      input,
      output,
      formats: ["csv", "arrow"],
      maxBytes: 64 * 1024 * 1024,
      flow: makeFlowOptions({ referenceDate: "2026-11-23" }),
      settings: { bench: true },
      workers,
      skipWhenUpToDate,
      ...(cacheDir === undefined ? {} : { cacheDir })
    }).pipe(Effect.provide(NodeServices.layer))
  )
  const result: Measured = {
    seconds: (performance.now() - start) / 1000,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    documents: summary.documents,
    bytes: summary.bytes,
    cacheHits: summary.cacheHits,
    upToDate: summary.upToDate
  }
  process.stdout.write(JSON.stringify(result) + "\n")
}


const [input, output, workers, cacheDir, skip] = process.argv.slice(2)
if (input !== undefined && output !== undefined) {
  await run(input, output, Number(workers ?? 1), cacheDir ? cacheDir : undefined, skip === "skip-when-up-to-date")
}
