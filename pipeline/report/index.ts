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
  // Counts read a few short columns of every row; texts are decoded for the samples only.
  for await (const batch of readTable(files, "documents", ["language", "outlet", "published_date"])) {
    for (const d of batch) {
      increment(languages, String(d["language"] ?? "und"))
      increment(outlets, d["outlet"] === null ? "(unknown)" : String(d["outlet"]))
      if (d["published_date"] === null) undated++
      else increment(months, String(d["published_date"]).slice(0, 7))
    }
  }
  const documentColumns = ["doc_id", "source_path", "encoding", "title", "authors", "outlet", "published_date", "language", "word_count", "text"]
  for await (const batch of readTable(files, "documents", documentColumns, (row) => sampleIndexes.has(row))) {
    for (const d of batch) {
      samples.set(String(d["doc_id"]), {
        docId: String(d["doc_id"]),
        sourcePath: String(d["source_path"]),
        encoding: String(d["encoding"]),
        title: d["title"] === null ? null : String(d["title"]),
        authors: (d["authors"] ?? []) as ReadonlyArray<string>,
        outlet: d["outlet"] === null ? null : String(d["outlet"]),
        publishedDate: d["published_date"] === null ? null : String(d["published_date"]),
        language: String(d["language"]),
        wordCount: Number(d["word_count"]),
        text: String(d["text"] ?? "")
      })
    }
  }

  const removalsByKind = new Map<string, number>()
  const sampleRemovalRows = new Set<number>()
  let removalRow = 0
  for await (const batch of readTable(files, "removals", ["doc_id", "kind"])) {
    for (const r of batch) {
      increment(removalsByKind, String(r["kind"]))
      if (samples.has(String(r["doc_id"]))) sampleRemovalRows.add(removalRow)
      removalRow++
    }
  }
  const sampleRemovals = new Map<string, Array<{ kind: string; text: string; start: number; end: number }>>()
  const removalColumns = ["doc_id", "kind", "text", "source_byte_start", "source_byte_end"]
  for await (const batch of readTable(files, "removals", removalColumns, (row) => sampleRemovalRows.has(row))) {
    for (const r of batch) {
      const docId = String(r["doc_id"])
      const list = sampleRemovals.get(docId) ?? []
      list.push({ kind: String(r["kind"]), text: String(r["text"]), start: Number(r["source_byte_start"]), end: Number(r["source_byte_end"]) })
      sampleRemovals.set(docId, list)
    }
  }

  const rejectsByReason = new Map<string, number>()
  for await (const batch of readTable(files, "rejects", ["reason"])) for (const r of batch) increment(rejectsByReason, String(r["reason"]))

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
