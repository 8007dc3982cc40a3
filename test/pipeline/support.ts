/** Runs the whole pipeline in-process on a folder, as the tests of test/pipeline do. */
import { NodeServices } from "@effect/platform-node"
import { Effect } from "effect"
import { makeFlowOptions } from "../../pipeline/defaults.ts"
import { type RunOptions, runPipeline } from "../../pipeline/run.ts"

export const REFERENCE_DATE = "2026-11-23"

export const runOn = (input: string, output: string, extra: Partial<RunOptions> = {}) =>
  Effect.runPromise(
    runPipeline({
      input,
      output,
      formats: ["csv", "arrow"],
      maxBytes: 64 * 1024 * 1024,
      flow: makeFlowOptions({ referenceDate: REFERENCE_DATE }),
      settings: { formats: ["csv", "arrow"], duplicate_threshold: 0.6 },
      ...extra
    }).pipe(Effect.provide(NodeServices.layer))
  )
