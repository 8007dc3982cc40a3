/**
 * out/report.html: a run report a person reads at a glance. Takes the run's
 * options and written files; reads the tables back (pipeline/report/tables.ts),
 * the stage timings from manifest.json and, for a few sample documents, their
 * raw input to show the removed spans in place. Rendering is pure
 * (pipeline/report/html.ts); this module does the reading and the writing.
 */
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { newsprepVersion, readManifest } from "../manifest.ts"
import { OutputError, type RunOptions } from "../run.ts"
import type { WrittenFile } from "../sinks.ts"
import type { Counts } from "./charts.ts"
import { renderReport, type ReportData, type SampleDocument, type Segment } from "./html.ts"
import { readTable } from "./tables.ts"

/** Documents shown in full with their removals, spread evenly over the run. */
const SAMPLE_DOCUMENTS = 6
/** Raw inputs larger than this are shown as a list of removals only. */
const RAW_VIEW_MAX_BYTES = 256 * 1024
/** Spans longer than this many months are charted per year. */
const MONTHS_PER_CHART = 48

const increment = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1)
const entries = (map: ReadonlyMap<string, number>): Counts => [...map.entries()]

/** Months (or years, for long spans) from the first to the last date, gaps included as zero. */
export const dateSeries = (dates: ReadonlyMap<string, number>): Counts => {
  const months = [...dates.keys()].sort()
  if (months.length === 0) return []
  const index = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1
  const first = index(months[0]!)
  const last = index(months[months.length - 1]!)
  const label = (i: number) => `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`
  if (last - first < MONTHS_PER_CHART) {
    return Array.from({ length: last - first + 1 }, (_, k) => [label(first + k), dates.get(label(first + k)) ?? 0] as const)
  }
  const years = new Map<string, number>()
  for (const [month, n] of dates) years.set(month.slice(0, 4), (years.get(month.slice(0, 4)) ?? 0) + n)
  const firstYear = Math.floor(first / 12)
  return Array.from({ length: Math.floor(last / 12) - firstYear + 1 }, (_, k) => [String(firstYear + k), years.get(String(firstYear + k)) ?? 0] as const)
}

/** The raw input cut into kept and removed pieces, decoded with the document's encoding. */
export const rawSegments = (
  bytes: Uint8Array,
  encoding: string,
  removals: ReadonlyArray<{ readonly kind: string; readonly start: number; readonly end: number }>
): ReadonlyArray<Segment> => {
  const decoder = new TextDecoder(encoding)
  const decode = (from: number, to: number) => decoder.decode(bytes.subarray(from, to)).replace(/^\ufeff/, "")
  const segments: Array<Segment> = []
  let at = 0
  for (const r of [...removals].sort((a, b) => a.start - b.start)) {
    if (r.start < at || r.end > bytes.length) continue
    if (r.start > at) segments.push({ text: decode(at, r.start), kind: null })
    segments.push({ text: decode(r.start, r.end), kind: r.kind })
    at = r.end
  }
  if (at < bytes.length) segments.push({ text: decode(at, bytes.length), kind: null })
  return segments
}

const readStageMilliseconds = (output: string): Counts => {
  try {
    return Object.entries(readManifest(path.join(output, "manifest.json")).stage_milliseconds).map(([stage, ms]) => [stage, Number(ms) || 0] as const)
  } catch {
    return []
  }
}

export const collectReportData = async (options: Pick<RunOptions, "input" | "output" | "formats">, files: ReadonlyArray<WrittenFile>): Promise<ReportData> => {
  const rowCount = (table: string) => files.find((f) => path.basename(f.file).startsWith(`${table}.`))?.rows ?? 0
  const documentCount = rowCount("documents")
  const sampleIndexes = new Set(Array.from({ length: Math.min(SAMPLE_DOCUMENTS, documentCount) }, (_, k) =>
    Math.floor((k * documentCount) / Math.min(SAMPLE_DOCUMENTS, documentCount))))

  const languages = new Map<string, number>()
  const outlets = new Map<string, number>()
  const months = new Map<string, number>()
  let undated = 0
  const samples = new Map<string, Omit<SampleDocument, "removals" | "raw">>()
  // One pass per table: counts read a few short columns of every row; texts are decoded for
  // the samples only.
  const documentColumns = ["doc_id", "source_path", "encoding", "title", "authors", "outlet", "published_date", "language", "word_count", "text"]
  for await (const batch of readTable(files, "documents", documentColumns)) {
    for (let i = 0; i < batch.rows; i++) {
      const value = (column: string) => batch.value(column, i)
      const language = value("language")
      const outlet = value("outlet")
      const published = value("published_date")
      increment(languages, String(language ?? "und"))
      increment(outlets, outlet === null ? "(unknown)" : String(outlet))
      if (published === null) undated++
      else increment(months, String(published).slice(0, 7))
      if (!sampleIndexes.has(batch.first + i)) continue
      const docId = String(value("doc_id"))
      const title = value("title")
      samples.set(docId, {
        docId,
        sourcePath: String(value("source_path")),
        encoding: String(value("encoding")),
        title: title === null ? null : String(title),
        authors: (value("authors") ?? []) as ReadonlyArray<string>,
        outlet: outlet === null ? null : String(outlet),
        publishedDate: published === null ? null : String(published),
        language: String(language),
        wordCount: Number(value("word_count")),
        text: String(value("text") ?? "")
      })
    }
  }

  const removalsByKind = new Map<string, number>()
  const sampleRemovals = new Map<string, Array<{ kind: string; text: string; start: number; end: number }>>()
  for await (const batch of readTable(files, "removals", ["doc_id", "kind", "text", "source_byte_start", "source_byte_end"])) {
    for (let i = 0; i < batch.rows; i++) {
      const kind = String(batch.value("kind", i))
      increment(removalsByKind, kind)
      const docId = String(batch.value("doc_id", i))
      if (!samples.has(docId)) continue
      const list = sampleRemovals.get(docId) ?? []
      list.push({ kind, text: String(batch.value("text", i)), start: Number(batch.value("source_byte_start", i)), end: Number(batch.value("source_byte_end", i)) })
      sampleRemovals.set(docId, list)
    }
  }

  const rejectsByReason = new Map<string, number>()
  for await (const batch of readTable(files, "rejects", ["reason"])) {
    for (let i = 0; i < batch.rows; i++) increment(rejectsByReason, String(batch.value("reason", i)))
  }

  const rawOf = (sample: Omit<SampleDocument, "removals" | "raw">, removals: ReadonlyArray<{ kind: string; start: number; end: number }>) => {
    try {
      const file = path.join(options.input, sample.sourcePath)
      if (fs.statSync(file).size > RAW_VIEW_MAX_BYTES) return null
      return rawSegments(fs.readFileSync(file), sample.encoding, removals)
    } catch {
      return null // the input moved or the encoding is unknown to TextDecoder: the list of removals still shows
    }
  }

  return {
    version: newsprepVersion,
    input: options.input,
    output: options.output,
    formats: options.formats,
    counts: {
      inputs: documentCount + rowCount("rejects"),
      documents: documentCount,
      rejects: rowCount("rejects"),
      sentences: rowCount("sentences"),
      removals: rowCount("removals")
    },
    rejectsByReason: entries(rejectsByReason),
    removalsByKind: entries(removalsByKind),
    languages: entries(languages),
    outlets: entries(outlets),
    dates: dateSeries(months),
    undated,
    stageMilliseconds: readStageMilliseconds(options.output),
    outputs: files.map((f) => ({ file: path.basename(f.file), rows: f.rows, bytes: f.bytes, sha256: f.sha256 })),
    samples: [...samples.values()].map((s) => {
      const removals = sampleRemovals.get(s.docId) ?? []
      return { ...s, removals, raw: rawOf(s, removals) }
    })
  }
}

/** Writes report.html into the output folder, through a temporary file like every output. */
export const writeReport = (options: RunOptions, files: ReadonlyArray<WrittenFile>): Effect.Effect<void, OutputError> =>
  Effect.tryPromise({
    try: async () => {
      const html = renderReport(await collectReportData(options, files))
      const target = path.join(options.output, "report.html")
      const temp = `${target}.tmp-${process.pid}`
      fs.writeFileSync(temp, html)
      fs.renameSync(temp, target)
    },
    catch: (e) => new OutputError({ message: `Cannot write the run report: ${e instanceof Error ? e.message : String(e)}` })
  })
