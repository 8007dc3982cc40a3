/**
 * One run: list inputs → process each file (pipeline/flow.ts) → stream rows
 * into the table sinks → commit the tables and write the manifest.
 *
 * Tables are written to temporary files and renamed into place only after
 * every table is complete; if the run fails or is interrupted (Ctrl-C), the
 * temporary files are deleted and the previous outputs stay untouched.
 */
import { Effect, Exit, Metric, Schema } from "effect"
import * as fs from "node:fs"
import { type FlowOptions, type FlowResult, processFile, stageNames } from "./flow.ts"
import { type InputFile, listInputs } from "./inputs.ts"
import { writeManifest } from "./manifest.ts"
import { rowSchema, type TableName, tables } from "./schema.ts"
import { type Format, sinkFor, type TableSink, type WrittenFile } from "./sinks.ts"

export interface RunOptions {
  readonly input: string
  readonly output: string
  readonly formats: ReadonlyArray<Format>
  readonly maxBytes: number
  readonly flow: FlowOptions
  /** Recorded in the manifest as given on the command line. */
  readonly settings: Readonly<Record<string, unknown>>
}

export interface RunSummary {
  readonly inputs: number
  readonly documents: number
  readonly rejects: number
  readonly files: ReadonlyArray<WrittenFile>
}

export class OutputError extends Schema.TaggedError<OutputError>()("OutputError", {
  message: Schema.String
}) {}

/** Files per batch: each batch is read, processed and written as one unit of work. */
const BATCH_FILES = 64

const documentsIn = Metric.counter("documents_in", { description: "Input files read" })
const documentsOut = Metric.counter("documents_out", { description: "Documents written" })
const rejectsByReason = Metric.frequency("rejects_by_reason", { description: "Rejected inputs by reason" })
const removalsByKind = Metric.frequency("removals_by_kind", { description: "Removed spans by kind" })
const stageMilliseconds = Metric.counter("stage_milliseconds", { description: "Time spent in each stage" })
const sentencesOut = Metric.counter("sentences_out", { description: "Sentences written" })

const tableNames = Object.keys(tables) as ReadonlyArray<TableName>
const isValidRow = Object.fromEntries(
  tableNames.map((name) => [name, Schema.is(rowSchema(tables[name]))])
) as unknown as Record<TableName, (u: unknown) => boolean>

const readInput = (file: InputFile, maxBytes: number): { bytes: Uint8Array } | { tooLarge: true } =>
  file.size > maxBytes ? { tooLarge: true } : { bytes: fs.readFileSync(file.absolutePath) }

/** Processes one input; anything unexpected becomes an `error` reject instead of stopping the run. */
const processInput = (file: InputFile, options: RunOptions, times: Float64Array): FlowResult => {
  const rejectRow = (reason: "too_large" | "error", detail: string, sha = ""): FlowResult => ({
    _tag: "reject",
    reject: { source_path: file.sourcePath, source_sha256: sha, reason, detail }
  })
  try {
    const read = readInput(file, options.maxBytes)
    if ("tooLarge" in read) {
      return rejectRow("too_large", `The file has ${file.size} bytes, more than the limit of ${options.maxBytes} (--max-bytes).`)
    }
    const result = processFile({ sourcePath: file.sourcePath, bytes: read.bytes }, options.flow, times)
    if (result._tag === "document") {
      const invalid = !isValidRow.documents(result.document) ||
        !result.sentences.every(isValidRow.sentences) || !result.removals.every(isValidRow.removals)
      if (invalid) {
        return rejectRow("error", "A produced row did not match its table schema.", result.document.source_sha256)
      }
    }
    return result
  } catch (error) {
    return rejectRow("error", `Unexpected failure while processing: ${error instanceof Error ? error.message : String(error)}`)
  }
}

export const runPipeline = Effect.fn("runPipeline")(function*(options: RunOptions) {
  const inputs = yield* listInputs(options.input, options.output)
  yield* Effect.try({
    try: () => fs.mkdirSync(options.output, { recursive: true }),
    catch: (e) => new OutputError({ message: `Cannot create output folder ${options.output}: ${String(e)}` })
  })

  const sinks = yield* Effect.acquireRelease(
    Effect.try({
      try: () =>
        Object.fromEntries(tableNames.map((name) => [name, options.formats.map((f) => sinkFor(f, tables[name], options.output))])) as Record<
          TableName,
          Array<TableSink>
        >,
      catch: (e) => new OutputError({ message: `Cannot write to ${options.output}: ${String(e)}` })
    }),
    (open, exit) => Exit.isSuccess(exit) ? Effect.void : Effect.sync(() => Object.values(open).flat().forEach((s) => s.abort()))
  )
  const write = (name: TableName, rows: ReadonlyArray<Record<string, unknown>>) => sinks[name].forEach((s) => s.write(rows))

  const times = new Float64Array(stageNames.length)
  const inputStatus: Array<{ source_path: string; source_sha256: string; status: "document" | "reject" }> = []
  let documents = 0
  let rejects = 0

  for (let from = 0; from < inputs.length; from += BATCH_FILES) {
    const batch = inputs.slice(from, from + BATCH_FILES)
    const results = batch.map((file) => processInput(file, options, times))
    const rows = { documents: [], sentences: [], removals: [], rejects: [] } as Record<TableName, Array<Record<string, unknown>>>
    for (const result of results) {
      if (result._tag === "document") {
        rows.documents.push(result.document)
        rows.sentences.push(...result.sentences)
        rows.removals.push(...result.removals)
        inputStatus.push({ source_path: result.document.source_path, source_sha256: result.document.source_sha256, status: "document" })
        for (const removal of result.removals) yield* Metric.update(removalsByKind, removal.kind)
      } else {
        rows.rejects.push(result.reject)
        inputStatus.push({ source_path: result.reject.source_path, source_sha256: result.reject.source_sha256, status: "reject" })
        yield* Metric.update(rejectsByReason, result.reject.reason)
      }
    }
    for (const name of tableNames) write(name, rows[name])
    documents += rows.documents.length
    rejects += rows.rejects.length
    yield* Metric.update(documentsIn, batch.length)
    yield* Metric.update(documentsOut, rows.documents.length)
    yield* Metric.update(sentencesOut, rows.sentences.length)
    yield* Effect.yieldNow // let an interrupt (Ctrl-C) in between batches
  }
  for (const [i, stage] of stageNames.entries()) {
    yield* Metric.update(Metric.withAttributes(stageMilliseconds, { stage }), Math.round(times[i]!))
  }

  // All tables are complete: rename them into place, then write the manifest.
  const files = yield* Effect.try({
    try: () => tableNames.flatMap((name) => sinks[name].map((s) => s.commit())),
    catch: (e) => new OutputError({ message: `Cannot finish the output tables: ${String(e)}` })
  })
  const metrics = yield* Metric.snapshot
  yield* writeManifest(options, inputStatus, files, metrics)
  return { inputs: inputs.length, documents, rejects, files } satisfies RunSummary
}, Effect.scoped)
