/**
 * manifest.json: what a run produced from what. The newsprep version, the
 * options, every input with its hash and fate, row counts and hashes of the
 * output files, per-stage counters and timings, and the table schemas.
 * Written through a temporary file like the tables.
 */
import { Effect, type Metric } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import packageJson from "../package.json" with { type: "json" }
import type { RunOptions, OutputError } from "./run.ts"
import { describeTables } from "./schema.ts"
import type { WrittenFile } from "./sinks.ts"

export const newsprepVersion: string = packageJson.version

const metricValue = (snapshot: Metric.Metric.Snapshot): unknown => {
  const state = snapshot.state as { count?: unknown; occurrences?: ReadonlyMap<string, number> }
  if (state.occurrences !== undefined) return Object.fromEntries([...state.occurrences.entries()].sort(([a], [b]) => a.localeCompare(b)))
  return state.count
}

export const writeManifest = (
  options: RunOptions,
  runKey: string,
  inputs: ReadonlyArray<{ source_path: string; source_sha256: string; status: string }>,
  files: ReadonlyArray<WrittenFile>,
  metrics: ReadonlyArray<Metric.Metric.Snapshot>
): Effect.Effect<void, OutputError> =>
  Effect.sync(() => {
    const counters: Record<string, unknown> = {}
    const stageMilliseconds: Record<string, unknown> = {}
    for (const snapshot of metrics) {
      const stage = snapshot.attributes?.["stage"]
      if (stage !== undefined) stageMilliseconds[String(stage)] = metricValue(snapshot)
      else counters[snapshot.id] = metricValue(snapshot)
    }
    const manifest = {
      newsprep_version: newsprepVersion,
      options: options.settings,
      // Hash of the code, options and settings this run used (pipeline/upToDate.ts).
      run_key: runKey,
      row_counts: Object.fromEntries(files.filter((f) => f.file.endsWith(".csv") || !files.some((g) => g.file.endsWith(".csv")))
        .map((f) => [path.basename(f.file).replace(/\.\w+$/, ""), f.rows])),
      outputs: files.map((f) => ({ file: path.basename(f.file), rows: f.rows, bytes: f.bytes, sha256: f.sha256 })),
      counters,
      stage_milliseconds: stageMilliseconds,
      inputs,
      tables: describeTables()
    }
    const target = path.join(options.output, "manifest.json")
    const temp = `${target}.tmp-${process.pid}`
    fs.writeFileSync(temp, JSON.stringify(manifest, null, 2) + "\n")
    fs.renameSync(temp, target)
  })
