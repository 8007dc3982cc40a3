/**
 * manifest.json: what a run produced from what. The newsprep version, the
 * options, every input with its hash and fate, row counts and hashes of the
 * output files, per-stage counters and timings, and the table schemas.
 *
 * A million inputs make a list of about 180 MB, so the list never sits in
 * memory: a run appends each input's record to an `InputLog` (a temporary file
 * beside the outputs), and the manifest is written from it one line per input.
 * Readers take the rest of the manifest (`readManifest`) and walk the inputs
 * line by line (`readManifestInputs`). Written through a temporary file like
 * the tables.
 */
import { Effect, type Metric } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { StringDecoder } from "node:string_decoder"
import packageJson from "../package.json" with { type: "json" }
import type { InputStatus } from "./batch.ts"
import type { RunOptions, OutputError } from "./run.ts"
import { describeTables } from "./schema.ts"
import { AtomicFile, type WrittenFile } from "./sinks.ts"

export const newsprepVersion: string = packageJson.version

/** Everything manifest.json holds except its `inputs` list. */
export interface Manifest {
  readonly newsprep_version: string
  readonly options: Readonly<Record<string, unknown>>
  /** Hash of the code, options and settings the run used (pipeline/upToDate.ts). */
  readonly run_key: string
  readonly row_counts: Readonly<Record<string, number>>
  readonly outputs: ReadonlyArray<{ readonly file: string; readonly rows: number; readonly bytes: number; readonly sha256: string }>
  readonly counters: Readonly<Record<string, unknown>>
  readonly stage_milliseconds: Readonly<Record<string, unknown>>
  readonly tables: unknown
}

/** The `row_counts` and `outputs` of a manifest for these files (CSV rows counted once per table). */
export const describeOutputs = (files: ReadonlyArray<WrittenFile>): Pick<Manifest, "row_counts" | "outputs"> => ({
  row_counts: Object.fromEntries(files.filter((f) => f.file.endsWith(".csv") || !files.some((g) => g.file.endsWith(".csv")))
    .map((f) => [path.basename(f.file).replace(/\.\w+$/, ""), f.rows])),
  outputs: files.map((f) => ({ file: path.basename(f.file), rows: f.rows, bytes: f.bytes, sha256: f.sha256 }))
})

const INPUT_INDENT = "    "

/** The lines of a UTF-8 text file, read in chunks (without their line breaks). */
export function* readLines(file: string): Generator<string> {
  const fd = fs.openSync(file, "r")
  try {
    const chunk = Buffer.allocUnsafe(1 << 20)
    const decoder = new StringDecoder("utf8")
    let rest = ""
    for (let n = fs.readSync(fd, chunk); n > 0; n = fs.readSync(fd, chunk)) {
      const lines = (rest + decoder.write(chunk.subarray(0, n))).split("\n")
      rest = lines.pop()!
      yield* lines
    }
    rest += decoder.end()
    if (rest !== "") yield rest
  } finally {
    fs.closeSync(fd)
  }
}

/**
 * The input records of a run, in input order, in a temporary file: one JSON line each, as the
 * manifest lists them. `close` deletes the file.
 */
export class InputLog {
  private readonly file: AtomicFile
  count = 0
  constructor(directory: string) {
    this.file = new AtomicFile(path.join(directory, "inputs.jsonl"), { hashed: false })
  }
  append(record: InputStatus) {
    this.file.write(`${INPUT_INDENT}${JSON.stringify(record)}\n`)
    this.count++
  }
  /** The lines appended so far; nothing may be appended afterwards. */
  lines(): Generator<string> {
    this.file.close()
    return readLines(this.file.tempPath)
  }
  close() {
    this.file.abort()
  }
}

const INPUTS_PLACEHOLDER = "\u0000inputs"

/** Writes manifest.json into `output`: `manifest`, with `inputs` one line per input from `inputLines` (each already indented). */
export const writeManifestFile = (output: string, manifest: Omit<Manifest, "tables">, inputLines: Iterable<string>) => {
  const [before, after] = JSON.stringify({ ...manifest, inputs: INPUTS_PLACEHOLDER, tables: describeTables() }, null, 2)
    .split(JSON.stringify(INPUTS_PLACEHOLDER))
  const file = new AtomicFile(path.join(output, "manifest.json"), { hashed: false })
  try {
    file.write(`${before}[`)
    let separator = "\n"
    for (const line of inputLines) {
      file.write(separator)
      file.write(line)
      separator = ",\n"
    }
    file.write(separator === "\n" ? `]${after}\n` : `\n  ]${after}\n`)
    file.commit()
  } catch (error) {
    file.abort()
    throw error
  }
}

const metricValue = (snapshot: Metric.Metric.Snapshot): unknown => (snapshot.state as { count?: unknown }).count

/**
 * The run's metrics as the manifest lists them: time per stage under `stage_milliseconds`, a
 * counter with an attribute (removals by kind, rejects by reason) as an object by its value.
 */
const manifestMetrics = (metrics: ReadonlyArray<Metric.Metric.Snapshot>) => {
  const counters: Record<string, unknown> = {}
  const stageMilliseconds: Record<string, unknown> = {}
  const byAttribute: Record<string, Array<[string, unknown]>> = {}
  for (const snapshot of metrics) {
    const [attribute] = Object.entries(snapshot.attributes ?? {})
    if (attribute === undefined) counters[snapshot.id] = metricValue(snapshot)
    else if (attribute[0] === "stage") stageMilliseconds[String(attribute[1])] = metricValue(snapshot)
    else (byAttribute[snapshot.id] ??= []).push([String(attribute[1]), metricValue(snapshot)])
  }
  for (const [id, entries] of Object.entries(byAttribute)) counters[id] = Object.fromEntries(entries.sort(([a], [b]) => a.localeCompare(b)))
  return { counters, stage_milliseconds: stageMilliseconds }
}

export const writeManifest = (
  options: RunOptions,
  runKey: string,
  inputs: InputLog,
  files: ReadonlyArray<WrittenFile>,
  metrics: ReadonlyArray<Metric.Metric.Snapshot>
): Effect.Effect<void, OutputError> =>
  Effect.sync(() => {
    writeManifestFile(options.output, {
      newsprep_version: newsprepVersion,
      options: options.settings,
      run_key: runKey,
      ...describeOutputs(files),
      ...manifestMetrics(metrics)
    }, inputs.lines())
  })

const INPUTS_OPEN = `  "inputs": [`

/**
 * The lines of the manifest `file`, each with its place: the line that opens a non-empty `inputs`
 * list, one input, the line that closes the list, or any other line.
 */
function* manifestLines(file: string): Generator<readonly ["open" | "input" | "close" | "other", string]> {
  let inInputs = false
  for (const line of readLines(file)) {
    if (!inInputs) {
      inInputs = line === INPUTS_OPEN
      yield [inInputs ? "open" : "other", line]
    } else if (line.startsWith("  ]")) {
      inInputs = false
      yield ["close", line]
    } else {
      yield ["input", line]
    }
  }
}

/** The manifest in `file` without its inputs (`inputs` is left out), read line by line. */
export const readManifest = (file: string): Manifest => {
  const kept: Array<string> = []
  for (const [place, line] of manifestLines(file)) {
    if (place === "other") kept.push(line)
    else if (place === "close") kept.push(`  "inputs": null${line.slice(3)}`)
  }
  const { inputs: _inputs, ...manifest } = JSON.parse(kept.join("\n")) as Manifest & { inputs?: unknown }
  return manifest
}

/**
 * The lines of the `inputs` list in the manifest `file`, as written (indented, without
 * separating commas); throws on a list not written one input per line (an older newsprep).
 */
export function* readManifestInputLines(file: string): Generator<string> {
  for (const [place, line] of manifestLines(file)) {
    if (place === "close") return
    if (place !== "input") continue
    const input = line.endsWith(",") ? line.slice(0, -1) : line
    if (!input.startsWith(`${INPUT_INDENT}{`) || !input.endsWith("}")) {
      throw new Error(`${file} does not list one input per line; it was written by another version of newsprep.`)
    }
    yield input
  }
}

/** The inputs the manifest `file` lists, in order. */
export function* readManifestInputs(file: string): Generator<InputStatus> {
  for (const line of readManifestInputLines(file)) yield JSON.parse(line) as InputStatus
}
