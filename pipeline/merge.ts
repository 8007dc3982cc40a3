/**
 * `newsprep merge`: combines the parts written by `--shard K/N` runs into the
 * tables one single-machine run would have written, byte for byte.
 *
 * Shards split the sorted inputs between whole batches (pipeline/shard.ts), so
 * the global order is part 1's rows, then part 2's, and so on, and every
 * Arrow record batch of a part is one batch of the single run. The documents'
 * record batches are read back into rows, labelled with the groups of copies
 * found across all parts and written through the same sinks, which gives the
 * same bytes in every format. The other tables do not change: their record
 * batches go to the Arrow and Parquet sinks as read (apache-arrow writes them
 * again byte for byte), and their CSV rows are copied. Parts must therefore
 * include Arrow (the default formats do), and CSV when the output has it. The
 * manifests are merged too: inputs in order, counters and stage timings summed.
 */
import { RecordBatchReader, type RecordBatch } from "apache-arrow"
import { Console, Effect } from "effect"
import { Command, Flag } from "effect/cli"
import * as fs from "node:fs"
import * as path from "node:path"
import { DEFAULT_DUPLICATE_THRESHOLD, groupStore } from "../stages/duplicates/index.ts"
import { tableNames } from "./batch.ts"
import { labelsAt, labelValues, openSignatureStore, readSignatureFiles, SIGNATURES_FILE } from "./duplicates.ts"
import { encodeRows } from "./encode.ts"
import { syncFileHandle } from "./fileHandle.ts"
import { type Column, columnNames, heldBackColumns, tables } from "./schema.ts"
import { describeOutputs, type Manifest, readManifest, readManifestInputLines, writeManifestFile } from "./manifest.ts"
import { commitSinks, openSinks, OutputError } from "./run.ts"
import { announceGrouping, makeProgress, silentProgress } from "./progress.ts"
import type { Format } from "./sinks.ts"

interface Part {
  readonly folder: string
  readonly index: number
  readonly count: number
  /** Its manifest.json, without the inputs (read from the file when the merged manifest is written). */
  readonly manifest: Manifest
}

const PART_FOLDER = /^(\d+)-of-(\d+)$/

/** The part folders under `roots` (each a part, or a folder of `K-of-N` parts), checked complete. */
export const findParts = (roots: ReadonlyArray<string>): ReadonlyArray<Part> => {
  const folders = roots.flatMap((root) =>
    fs.existsSync(path.join(root, "manifest.json")) && PART_FOLDER.test(path.basename(root))
      ? [root]
      : fs.readdirSync(root).filter((name) => PART_FOLDER.test(name)).map((name) => path.join(root, name))
  )
  const parts = folders.map((folder): Part => {
    const [, index, count] = PART_FOLDER.exec(path.basename(folder))!
    const file = path.join(folder, "manifest.json")
    if (!fs.existsSync(file)) throw new Error(`Part ${folder} has no manifest.json; did its run finish?`)
    return { folder, index: Number(index), count: Number(count), manifest: readManifest(file) }
  }).sort((a, b) => a.index - b.index)
  if (parts.length === 0) throw new Error(`No part folders (K-of-N) found in ${roots.join(", ")}.`)
  const count = parts[0]!.count
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((k) => !parts.some((p) => p.index === k))
  if (parts.some((p) => p.count !== count)) throw new Error("The parts come from runs with different shard counts N.")
  if (missing.length > 0) throw new Error(`Parts ${missing.map((k) => `${k}-of-${count}`).join(", ")} are missing.`)
  if (parts.length !== count) throw new Error("Some part is present twice.")
  return parts
}

const dayMs = 86_400_000
/** One Arrow value back to the row value the flow produced. */
const rowValue = (column: Column, value: unknown): unknown => {
  if (value === null || value === undefined) return null
  switch (column.type) {
    case "date": {
      const ms = value instanceof Date ? value.getTime() : Number(value)
      return new Date(Math.floor(ms / dayMs) * dayMs).toISOString().slice(0, 10)
    }
    case "string_list":
      return Array.from(value as Iterable<string>)
    case "int":
    case "float":
      return Number(value)
    default:
      return value
  }
}

const batchRows = (batch: RecordBatch, names: ReadonlyArray<string>, columns: ReadonlyArray<Column>) => {
  const vectors = names.map((name) => batch.getChild(name)!)
  const rows: Array<Record<string, unknown>> = []
  for (let r = 0; r < batch.numRows; r++) {
    const row: Record<string, unknown> = {}
    names.forEach((name, c) => {
      row[name] = rowValue(columns[c]!, vectors[c]!.get(r))
    })
    rows.push(row)
  }
  return rows
}

/**
 * Calls `f` on each record batch of an Arrow IPC file in turn, reading one batch at a time: a
 * part's table can be far larger than memory (a part of 100,000 articles has ~700 MB of
 * sentences.arrow). Interruptible between batches.
 */
const forEachRecordBatch = Effect.fn("forEachRecordBatch")(function*(file: string, f: (batch: RecordBatch) => void) {
  const failed = (e: unknown) => new OutputError({ message: `Cannot merge ${file}: ${e instanceof Error ? e.message : String(e)}` })
  const handle = yield* Effect.acquireRelease(
    Effect.try({ try: () => syncFileHandle(file), catch: failed }),
    (h) => Effect.promise(() => h.close()) // the reader closes it when done; a second close does nothing
  )
  const reader = yield* Effect.tryPromise({ try: () => RecordBatchReader.from(handle), catch: failed })
  for (;;) {
    const next = yield* Effect.tryPromise({ try: () => reader.next(), catch: failed })
    if (next.done === true) return
    yield* Effect.try({ try: () => f(next.value), catch: failed })
  }
}, Effect.scoped)

const sumInto = (target: Record<string, unknown>, source: Readonly<Record<string, unknown>>) => {
  for (const [key, value] of Object.entries(source)) {
    if (typeof value === "number") target[key] = ((target[key] as number | undefined) ?? 0) + value
    else if (value !== null && typeof value === "object") sumInto((target[key] ??= {}) as Record<string, unknown>, value as Record<string, unknown>)
  }
}

export const mergeParts = Effect.fn("mergeParts")(function*(roots: ReadonlyArray<string>, output: string, { progress = false } = {}) {
  const parts = yield* Effect.try({ try: () => findParts(roots), catch: (e) => new OutputError({ message: String(e instanceof Error ? e.message : e) }) })
  const formats = (parts[0]!.manifest.options["formats"] ?? ["csv", "arrow"]) as ReadonlyArray<Format>
  if (!parts.every((p) => fs.existsSync(path.join(p.folder, "documents.arrow")))) {
    return yield* new OutputError({ message: "Merging reads the parts' Arrow tables; run the shards with --format including arrow." })
  }
  // Copies are grouped across all parts, from the signatures each shard wrote (pipeline/duplicates.ts).
  const threshold = (parts[0]!.manifest.options["duplicate_threshold"] as number | undefined) ?? DEFAULT_DUPLICATE_THRESHOLD
  const documents = parts.reduce((n, p) => n + (p.manifest.row_counts["documents"] ?? 0), 0)
  const store = yield* Effect.acquireRelease(
    Effect.sync(() => {
      fs.mkdirSync(output, { recursive: true })
      return openSignatureStore(output, documents)
    }),
    (s) => Effect.sync(() => s.close())
  )
  if (progress) announceGrouping(documents)
  const grouping = yield* Effect.try({
    try: () => groupStore(readSignatureFiles(parts.map((p) => path.join(p.folder, SIGNATURES_FILE)), store), threshold),
    catch: (e) => new OutputError({ message: `Cannot group copies across the parts: ${e instanceof Error ? e.message : String(e)}` })
  })
  let documentIndex = 0
  const sinks = yield* openSinks(formats, output)
  // Rows of every table, with the MB/s of their Arrow data.
  const totalRows = parts.reduce((n, p) => n + tableNames.reduce((m, name) => m + (p.manifest.row_counts[name] ?? 0), 0), 0)
  const report = progress ? makeProgress(totalRows, "rows") : silentProgress
  const advance = (batch: RecordBatch) => report.advance(batch.numRows, batch.data.byteLength)
  for (const name of tableNames) {
    const table = tables[name]
    const names = columnNames(table)
    const columns = names.map((n) => (table.columns as Readonly<Record<string, Column>>)[n]!)
    for (const part of parts) {
      const arrowFile = path.join(part.folder, `${name}.arrow`)
      if (heldBackColumns[name].length > 0) {
        // Rows with columns of the whole run (the documents' copies): decoded, labelled, encoded again.
        yield* forEachRecordBatch(arrowFile, (batch) => {
          if (batch.numRows === 0) return // the placeholder batch of an empty table
          const rows = encodeRows(table, batchRows(batch, names, columns), heldBackColumns[name])
          const labels = labelValues(labelsAt(rows.rows, grouping, documentIndex))
          documentIndex += rows.rows
          for (const sink of sinks[name]) sink.write(rows, labels)
          advance(batch)
        })
        continue
      }
      // Rows that do not change: the part's record batches and CSV rows are written as they are
      // (decoding and encoding them again took two thirds of a merge).
      let rows = 0
      yield* forEachRecordBatch(arrowFile, (batch) => {
        rows += batch.numRows
        for (const sink of sinks[name]) if (sink.format !== "csv") sink.append({ kind: "arrow", batch })
        advance(batch)
      })
      const csvFile = path.join(part.folder, `${name}.csv`)
      for (const sink of sinks[name]) {
        if (sink.format !== "csv") continue
        yield* Effect.try({
          try: () => sink.append({ kind: "csv", file: csvFile, rows }),
          catch: (e) => new OutputError({ message: `Cannot merge ${csvFile}: ${e instanceof Error ? e.message : String(e)}` })
        })
      }
    }
  }
  report.finish()
  const files = yield* commitSinks(sinks)

  const first = parts[0]!.manifest
  const counters: Record<string, unknown> = {}
  const stageMilliseconds: Record<string, unknown> = {}
  for (const { manifest } of parts) {
    sumInto(counters, manifest.counters)
    sumInto(stageMilliseconds, manifest.stage_milliseconds)
  }
  const { shard: _shard, ...options } = first.options
  let inputs = 0
  const inputLines = function*() {
    for (const part of parts) {
      for (const line of readManifestInputLines(path.join(part.folder, "manifest.json"))) {
        inputs++
        yield line
      }
    }
  }
  yield* Effect.try({
    try: () =>
      writeManifestFile(output, {
        ...first,
        options: { ...options, merged_from: parts.map((p) => path.basename(p.folder)) },
        ...describeOutputs(files),
        counters,
        stage_milliseconds: stageMilliseconds
      }, inputLines()),
    catch: (e) => new OutputError({ message: `Cannot write ${path.join(output, "manifest.json")}: ${String(e)}` })
  })
  return { parts: parts.length, files, inputs }
}, Effect.scoped)

export const mergeCommand = Command.make("merge", {
  parts: Flag.String("parts").pipe(
    Flag.withDescription("Comma-separated folders holding the K-of-N part folders (or the part folders themselves)")
  ),
  output: Flag.String("output").pipe(Flag.withDescription("Folder the merged tables and manifest.json are written to"), Flag.withDefault("out")),
  quiet: Flag.Boolean("quiet").pipe(Flag.withDescription("No progress reports on stderr"), Flag.withDefault(false))
}, (f) =>
  Effect.gen(function*() {
    const roots = f.parts.split(",").map((s) => s.trim()).filter((s) => s !== "")
    const merged = yield* mergeParts(roots, f.output, { progress: !f.quiet })
    yield* Console.error(`newsprep merge: ${merged.parts} parts, ${merged.inputs} inputs -> tables in ${f.output}/`)
  })).pipe(Command.withDescription("Combine the parts of --shard K/N runs into the tables of one run"))
