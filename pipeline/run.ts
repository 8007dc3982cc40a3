/**
 * One run: list inputs → cut them into batches (pipeline/shard.ts) → process
 * each batch (pipeline/batch.ts, on every core through pipeline/worker.ts) →
 * write the rows batch by batch, in input order, into the table sinks →
 * commit the tables and write the manifest.
 *
 * Memory stays flat: at most two batches per worker are in flight, and every
 * batch is written (and the Arrow writer drained) before more are read.
 * Tables are written to temporary files and renamed into place only after
 * every table is complete; if the run fails or is interrupted (Ctrl-C), the
 * temporary files are deleted and the previous outputs stay untouched.
 */
import { Effect, Exit, Metric, Schema } from "effect"
import { DEFAULT_DUPLICATE_THRESHOLD } from "../stages/duplicates/index.ts"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { type BatchResult, lookUp, processBatch, settledWithoutFlow, tableNames } from "./batch.ts"
import { cacheFingerprint, cacheSetupFor, openCache } from "./cache.ts"
import { type DuplicateSettings, holdForDuplicates } from "./duplicates.ts"
import { type FlowOptions, stageNames } from "./flow.ts"
import { listInputs, removeStaleTempFiles } from "./inputs.ts"
import { readAhead } from "./readAhead.ts"
import { writeDataPackage } from "./datapackage.ts"
import { InputLog, writeManifest } from "./manifest.ts"
import { writeReport } from "./report/index.ts"
import { announceGrouping, makeProgress, silentProgress } from "./progress.ts"
import { type TableName, tables } from "./schema.ts"
import { partName, type Shard, shardBatches, wholeRun } from "./shard.ts"
import { type Format, sinkFor, type TableSink, type WrittenFile } from "./sinks.ts"
import { upToDate } from "./upToDate.ts"
import { limitHeapGrowth, startPool } from "./worker.ts"

export interface RunOptions {
  readonly input: string
  /** The tables go here; a shard of several writes to `<output>/parts/K-of-N` instead. */
  readonly output: string
  readonly formats: ReadonlyArray<Format>
  readonly maxBytes: number
  readonly flow: FlowOptions
  /** Recorded in the manifest as given on the command line. */
  readonly settings: Readonly<Record<string, unknown>>
  /** Worker threads; 1 (the default) processes in the main thread; "auto": see `workerCount`. */
  readonly workers?: number | "auto"
  /** Which part of the inputs this run processes (default: all). */
  readonly shard?: Shard
  /** Folder of the per-document cache (pipeline/cache.ts); none when absent. */
  readonly cacheDir?: string
  /** Report progress on stderr. */
  readonly progress?: boolean
  /** How copies are grouped (stages/duplicates); the default threshold when absent. */
  readonly duplicates?: DuplicateSettings
  /** Do nothing when the output folder already holds this run's tables (pipeline/upToDate.ts). */
  readonly skipWhenUpToDate?: boolean
}

export interface RunSummary {
  readonly inputs: number
  readonly documents: number
  readonly rejects: number
  readonly files: ReadonlyArray<WrittenFile>
  /** Folder the tables were written to. */
  readonly output: string
  readonly bytes: number
  readonly cacheHits: number
  /** The output folder already held these tables, so nothing was written. */
  readonly upToDate: boolean
}

const defaultDuplicateSettings: DuplicateSettings = { threshold: DEFAULT_DUPLICATE_THRESHOLD, dedupe: false }

export class OutputError extends Schema.TaggedError<OutputError>()("OutputError", {
  message: Schema.String
}) {}

const documentsIn = Metric.counter("documents_in", { description: "Input files read" })
const documentsOut = Metric.counter("documents_out", { description: "Documents written" })
// Counters per reason and kind (the manifest lists them by their attribute): a frequency metric
// takes one update per occurrence, some 150,000 per 20,000 documents on the main thread.
const rejectsByReason = Metric.counter("rejects_by_reason", { description: "Rejected inputs by reason" })
const removalsByKind = Metric.counter("removals_by_kind", { description: "Removed spans by kind" })
const stageMilliseconds = Metric.counter("stage_milliseconds", { description: "Time spent in each stage" })
const sentencesOut = Metric.counter("sentences_out", { description: "Sentences written" })

/**
 * A worker takes about half a second to start (its code and models) and warms up its compiled
 * code alone, which a small run does not win back: on the bench VM (2 cores), 2,000 articles (32
 * batches) took 3.1-3.3 s in one thread and 3.6-3.8 s with 2 workers; 5,000 (79 batches) 6.5-7.0
 * and 6.6-6.7 s; 20,000 were 20-30% faster with 2.
 */
const MIN_BATCHES_PER_WORKER = 40

/**
 * Batches whose files are being read beyond those being processed. A read takes a few turns of
 * the event loop (open, stat, read, close), and the loop turns once per batch when the batches
 * are processed in the main thread.
 */
const READ_AHEAD_BATCHES = 4

/** Workers a run starts: as asked, or for "auto" one per core but no more than the batches repay; never more than the batches. */
export const workerCount = (requested: number | "auto" | undefined, batches: number, cores = os.availableParallelism()): number => {
  const wanted = requested === "auto" ? Math.min(cores, Math.floor(batches / MIN_BATCHES_PER_WORKER)) : requested ?? 1
  return Math.max(1, Math.min(wanted, batches))
}

/** Where a run writes its tables. */
export const outputFolder = (output: string, shard: Shard = wholeRun): string =>
  shard.count > 1 ? path.join(output, "parts", partName(shard)) : output

/** Opens one sink per table and format; all of them are aborted unless the run succeeds. */
export const openSinks = (formats: ReadonlyArray<Format>, output: string) =>
  Effect.acquireRelease(
    Effect.try({
      try: () => {
        fs.mkdirSync(output, { recursive: true })
        removeStaleTempFiles(output) // left by a run that was killed outright
        return Object.fromEntries(tableNames.map((name) => [name, formats.map((f) => sinkFor(f, tables[name], output))])) as Record<
          TableName,
          Array<TableSink>
        >
      },
      catch: (e) => new OutputError({ message: `Cannot write to ${output}: ${String(e)}` })
    }),
    (open, exit) => Exit.isSuccess(exit) ? Effect.void : Effect.sync(() => Object.values(open).flat().forEach((s) => s.abort()))
  )

export const commitSinks = (sinks: Record<TableName, Array<TableSink>>) =>
  Effect.try({
    try: () => tableNames.flatMap((name) => sinks[name].map((s) => s.commit())),
    catch: (e) => new OutputError({ message: `Cannot finish the output tables: ${String(e)}` })
  })

export const runPipeline = Effect.fn("runPipeline")(function*(options: RunOptions) {
  const shard = options.shard ?? wholeRun
  const output = outputFolder(options.output, shard)
  if ((options.workers ?? 1) !== 1) limitHeapGrowth()
  const inputs = yield* listInputs(options.input, options.output)
  const batches = shardBatches(inputs.length, shard)
  const shardInputs = batches.length === 0 ? inputs.range(0, 0) : inputs.range(batches[0]!.from, batches[batches.length - 1]!.to)
  const duplicateSettings = options.duplicates ?? defaultDuplicateSettings
  // Everything the tables depend on; the manifest records it for the next run's up-to-date check.
  const runKey = cacheFingerprint(options.flow, {
    formats: options.formats,
    maxBytes: options.maxBytes,
    duplicates: duplicateSettings,
    shard,
    settings: options.settings
  })
  if (options.skipWhenUpToDate === true) {
    const done = upToDate(output, runKey, shardInputs)
    if (done !== undefined) {
      removeStaleTempFiles(output) // a killed run's leftovers go, as on any run
      return { ...done, output, cacheHits: 0, upToDate: true } satisfies RunSummary
    }
  }
  const sinks = yield* openSinks(options.formats, output)

  const batchOptions = { maxBytes: options.maxBytes, flow: options.flow }
  const cacheSetup = options.cacheDir === undefined
    ? undefined
    : cacheSetupFor(path.resolve(options.cacheDir), options.flow)
  const workers = workerCount(options.workers, batches.length)
  const pool = workers > 1
    ? yield* Effect.acquireRelease(
      Effect.sync(() => startPool(workers, { options: batchOptions, cache: cacheSetup })),
      (p) => Effect.promise(() => p.close())
    )
    : undefined
  // Cache entries are written in the background (pipeline/cache.ts); an interrupted run still
  // lets this thread's writes finish, so they leave no temporary files.
  const cache = cacheSetup === undefined ? undefined : yield* Effect.acquireRelease(
    Effect.sync(() => openCache(cacheSetup)),
    (c) => Effect.promise(() => c.flush().catch(() => {}))
  )

  // Batches are started ahead (two per worker) and written strictly in order. Their files are
  // read a few batches ahead of that (pipeline/readAhead.ts).
  const takeBatch = readAhead(
    batches.length,
    (b) => inputs.range(batches[b]!.from, batches[b]!.to).toArray(),
    options.maxBytes,
    READ_AHEAD_BATCHES
  )
  const inFlight: Array<Promise<BatchResult>> = []
  let started = 0
  const nextResult = (i: number): Effect.Effect<BatchResult, OutputError> => {
    if (pool === undefined) {
      const { contents, files } = takeBatch(i)
      return Effect.promise(() => contents).pipe(Effect.map((read) => processBatch(files, read, batchOptions, cache)))
    }
    while (started < batches.length && inFlight.length < 2 * pool.size) {
      const { contents, files } = takeBatch(started++)
      // This thread hashes the files and looks them up in the cache as they are read; a batch
      // found whole in the cache is only copied, here, where its rows are written. (A rerun into a
      // new folder took 10 s in one thread and 14 s with two workers that only moved bytes.)
      const promise = contents.then((read) => {
        if (cache === undefined) return pool.run(files, read)
        const lookups = files.map((file, f) => lookUp(file, read[f], batchOptions, cache))
        return settledWithoutFlow(files, read, lookups, batchOptions)
          ? processBatch(files, read, batchOptions, cache, lookups)
          : pool.run(files, read, lookups)
      })
      promise.catch(() => {}) // awaited in order below; a later failure must not go unhandled meanwhile
      inFlight.push(promise)
    }
    const promise = inFlight.shift()!
    return Effect.tryPromise({
      try: () => promise,
      catch: (e) => new OutputError({ message: `A worker failed: ${e instanceof Error ? e.message : String(e)}` })
    })
  }

  const progress = options.progress === true ? makeProgress(shardInputs.length) : silentProgress
  const times = new Float64Array(stageNames.length)
  let documents = 0
  let rejects = 0
  let bytes = 0
  let cacheHits = 0

  // Documents (every table with --dedupe) wait until all copies are known: pipeline/duplicates.ts.
  const duplicates = yield* Effect.acquireRelease(
    Effect.sync(() => holdForDuplicates(output, duplicateSettings, shard.count > 1, shardInputs.length, cacheSetup)),
    (holder) => Effect.sync(() => holder.close())
  )
  // Every input's record for the manifest, in input order, kept on disk (pipeline/manifest.ts).
  const inputLog = yield* Effect.acquireRelease(Effect.sync(() => new InputLog(output)), (log) => Effect.sync(() => log.close()))
  const dedupe = duplicateSettings.dedupe

  for (let i = 0; i < batches.length; i++) {
    const result = yield* nextResult(i)
    duplicates.hold(result)
    for (const name of tableNames) {
      if (!duplicates.held.includes(name)) for (const sink of sinks[name]) sink.write(result.tables[name])
    }
    if (!dedupe) for (const status of result.statuses) inputLog.append(status) // with --dedupe, `release` tells each fate
    for (const [kind, n] of Object.entries(result.removalKinds)) yield* Metric.update(Metric.withAttributes(removalsByKind, { kind }), n)
    for (const [reason, n] of Object.entries(result.rejectReasons)) yield* Metric.update(Metric.withAttributes(rejectsByReason, { reason }), n)
    result.times.forEach((ms, s) => (times[s]! += ms))
    documents += result.tables.documents.rows
    rejects += result.tables.rejects.rows
    bytes += result.bytes
    cacheHits += result.cacheHits
    yield* Metric.update(documentsIn, result.statuses.length)
    yield* Metric.update(documentsOut, result.tables.documents.rows)
    yield* Metric.update(sentencesOut, result.tables.sentences.rows)
    progress.advance(result.statuses.length, result.bytes)
    yield* Effect.yieldNow // let an interrupt (Ctrl-C) in between batches
  }
  progress.finish()
  // Every batch is in: the cache entries reach the disk, and the workers' memory goes before the
  // held rows are written and grouped.
  yield* Effect.tryPromise({
    try: () => Promise.all([cache?.flush(), pool?.flushCaches()]),
    catch: (e) => new OutputError({ message: `Cannot write the cache: ${e instanceof Error ? e.message : String(e)}` })
  })
  if (pool !== undefined) yield* Effect.promise(() => pool.close())
  for (const [i, stage] of stageNames.entries()) {
    yield* Metric.update(Metric.withAttributes(stageMilliseconds, { stage }), Math.round(times[i]!))
  }

  if (options.progress === true) announceGrouping(documents)
  const copies = yield* Effect.try({
    try: () => duplicates.release(sinks, inputLog),
    catch: (e) => new OutputError({ message: `Cannot write the held documents: ${String(e)}` })
  })
  documents -= copies
  rejects += copies

  // All tables are complete: rename them into place, then write the manifest.
  const files = yield* commitSinks(sinks)
  const metrics = yield* Metric.snapshot
  const settings = shard.count > 1 ? { ...options.settings, shard: `${shard.index}/${shard.count}` } : options.settings
  yield* writeManifest({ ...options, output, settings }, runKey, inputLog, files, metrics)
  yield* writeDataPackage(output, files)
  yield* writeReport({ ...options, output }, files)
  return { inputs: inputLog.count, documents, rejects, files, output, bytes, cacheHits, upToDate: false } satisfies RunSummary
}, Effect.scoped,
// Counters of this run only, even when several runs share a process (tests, bench).
(run) => Effect.provideServiceEffect(run, Metric.MetricRegistry, Effect.sync(() => new Map())))
