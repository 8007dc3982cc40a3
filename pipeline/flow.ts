/**
 * The whole per-document flow on one screen: the stages in order, and how
 * their results become rows of the output tables.
 *
 *   ingest (decode, HTML, JSON Lines) → boilerplate → metadata → hints → dates
 *   → outlets → body → sentences → language → rows → invariants → duplicates (signature)
 *
 * Everything here is plain, synchronous and pure (given the bytes and the
 * options), so it runs the same in the main thread, a worker or a test. Time
 * spent per stage is measured here, once, for every stage. Hints (HTML meta
 * tags and JSON-LD, JSON Lines fields) win over what the stages extract.
 */
import { hash } from "node:crypto"
import { assembleBody, codePointLength, codePointOffsets } from "../stages/body.ts"
import { type FurnitureRules, removeBoilerplate } from "../stages/boilerplate.ts"
import { choosePublicationDate, findDate, type ReferenceDateRange } from "../stages/dates/index.ts"
import { newDraft, wordCount } from "../stages/document.ts"
import { type Signature, signDocument } from "../stages/duplicates/index.ts"
import { expandFile, type SourceDocument } from "../stages/ingest.ts"
import { detectDocumentLanguage, type LanguageOptions } from "../stages/language/detect.ts"
import { extractMetadata } from "../stages/metadata/index.ts"
import { type OutletCandidate, type OutletRegistry, resolveOutlet } from "../stages/outlets.ts"
import { segmentSentences } from "../stages/sentences/segment.ts"
import { documentViolations } from "./invariants.ts"
import type { DocumentRow, RejectRow, RemovalRow, SentenceRow } from "./schema.ts"

export const stageNames = ["decode", "boilerplate", "metadata", "dates", "outlets", "body", "sentences", "language", "duplicates"] as const
export type StageName = (typeof stageNames)[number]

export interface FlowOptions {
  readonly referenceDate: string
  readonly dayFirst: boolean
  /** Told which dates the reference date kept and dropped (for the cache, pipeline/batch.ts). */
  readonly referenceDates?: ReferenceDateRange
  readonly language: LanguageOptions
  readonly furniture: FurnitureRules
  readonly outlets: OutletRegistry
}

export interface SourceFile {
  readonly sourcePath: string
  readonly bytes: Uint8Array
  /** SHA-256 of `bytes` when the caller already has it (the cache key needs it too). */
  readonly sha256?: string
}

export type FlowResult =
  | {
    readonly _tag: "document"
    readonly document: DocumentRow
    readonly sentences: ReadonlyArray<SentenceRow>
    readonly removals: ReadonlyArray<RemovalRow>
    /** For grouping copies across the run (stages/duplicates); not a column. */
    readonly signature: Signature
  }
  | { readonly _tag: "reject"; readonly reject: RejectRow }

/** Milliseconds spent in each stage, indexed like `stageNames`. */
export type StageTimes = Float64Array

// One-shot hashing: no Hash object per call.
const sha256 = (data: Uint8Array | string) => hash("sha256", data, "hex")

export const docIdOf = (sourcePath: string, sourceSha256: string) => sha256(`${sourcePath}\0${sourceSha256}`).slice(0, 16)

const stopwatch = (times: StageTimes) => {
  let t = performance.now()
  return (stage: StageName) => {
    const now = performance.now()
    times[stageNames.indexOf(stage)]! += now - t
    t = now
  }
}

/** One input file -> one result per document it holds (several for JSON Lines). */
export const processFile = (file: SourceFile, options: FlowOptions, times: StageTimes): ReadonlyArray<FlowResult> => {
  const lap = stopwatch(times)
  const sources = expandFile(file.sourcePath, file.bytes)
  lap("decode")
  // A source is the whole file (hash it once) or a part of it, such as one JSON line.
  const hashOf = (bytes: Uint8Array) => (bytes === file.bytes ? file.sha256 ?? sha256(bytes) : sha256(bytes))
  return sources.map((source): FlowResult =>
    source._tag === "reject"
      ? { _tag: "reject", reject: { source_path: source.sourcePath, source_sha256: hashOf(source.bytes), reason: source.reason, detail: source.detail } }
      : processDocument(source, hashOf(source.bytes), file.bytes.length, options, times)
  )
}

const processDocument = (
  source: SourceDocument,
  sourceSha256: string,
  fileBytes: number,
  options: FlowOptions,
  times: StageTimes
): FlowResult => {
  const lap = stopwatch(times)
  const reject = (reason: RejectRow["reason"], detail: string): FlowResult =>
    ({ _tag: "reject", reject: { source_path: source.sourcePath, source_sha256: sourceSha256, reason, detail } })
  const { hints } = source

  const cleaned = removeBoilerplate(newDraft(source.text), options.furniture)
  lap("boilerplate")
  const draft = extractMetadata(cleaned, options.outlets)
  lap("metadata")
  const hintedDate = hints.date === undefined ? undefined : findDate(hints.date, options)
  const date = hintedDate ?? choosePublicationDate(draft.dateCandidates, options)
  lap("dates")
  const hintedOutlet: Array<OutletCandidate> = [
    ...(hints.outlet === undefined ? [] : [{ text: hints.outlet, role: "masthead" as const }]),
    ...(hints.url === undefined ? [] : [{ text: hints.url, role: "domain" as const }])
  ]
  const fromHints = resolveOutlet(hintedOutlet, options.outlets)
  // A site name given as data (JSON Lines field, og:site_name) stands even outside the registry.
  const outlet = fromHints.outlet !== undefined
    ? fromHints
    : hints.outlet !== undefined
    ? { outlet: hints.outlet, outletRaw: hints.outlet }
    : resolveOutlet(draft.outletCandidates, options.outlets)
  lap("outlets")
  const body = assembleBody(draft)
  lap("body")
  if (body.paragraphs.length === 0) {
    return reject("no_body", source.kind === "html"
      ? "The page holds no article text once navigation, forms and site furniture are removed."
      : "Nothing is left once site furniture and metadata are removed.")
  }

  const spans: Array<{ readonly start: number; readonly end: number; readonly paragraphIndex: number }> = []
  const sentenceTexts: Array<string> = []
  body.paragraphs.forEach((p, paragraphIndex) => {
    const paragraph = body.text.slice(p.start, p.end)
    for (const s of segmentSentences(paragraph)) {
      spans.push({ start: p.start + s.start, end: p.start + s.end, paragraphIndex })
      sentenceTexts.push(paragraph.slice(s.start, s.end))
    }
  })
  lap("sentences")
  const language = detectDocumentLanguage(body.text, spans, options.language)
  lap("language")

  const docId = docIdOf(source.sourcePath, sourceSha256)
  const toCodePoint = codePointOffsets(body.text)
  const { byteStart, byteEnd } = source
  const sentences = spans.map((s, i): SentenceRow => ({
    doc_id: docId,
    sentence_index: i,
    paragraph_index: s.paragraphIndex,
    text: sentenceTexts[i]!,
    char_start: toCodePoint(s.start),
    char_end: toCodePoint(s.end),
    source_byte_start: byteStart[body.rawStartOf(s.start)]!,
    source_byte_end: byteEnd[body.rawEndOf(s.end - 1) - 1]!,
    language: language.sentences[i]!.language
  }))
  const removed = [...draft.removed].sort((a, b) => a.start - b.start || a.end - b.end)
  const removals = removed.map((r): RemovalRow => ({
    doc_id: docId,
    kind: r.kind,
    text: source.text.slice(r.start, r.end),
    source_byte_start: byteStart[r.start]!,
    source_byte_end: byteEnd[r.end - 1]!
  }))
  const hintedAuthors = hints.authors !== undefined && hints.authors.length > 0 ? hints.authors : undefined
  const document: DocumentRow = {
    doc_id: docId,
    source_path: source.sourcePath,
    source_sha256: sourceSha256,
    encoding: source.encoding,
    title: hints.title ?? draft.title ?? null,
    authors: hintedAuthors ?? draft.authors,
    outlet: outlet.outlet ?? null,
    outlet_raw: outlet.outletRaw ?? null,
    published_date: date?.date ?? null,
    date_precision: date?.precision ?? null,
    published_time: date?.time ?? null,
    utc_offset: date?.utcOffset ?? null,
    date_raw: date?.raw ?? null,
    dateline: draft.dateline ?? null,
    language: language.document.language,
    language_confidence: Math.round(language.document.confidence * 1000) / 1000,
    paragraph_count: body.paragraphs.length,
    sentence_count: sentences.length,
    word_count: wordCount(body.text),
    char_count: codePointLength(body.text),
    removed_char_count: removals.reduce((n, r) => n + codePointLength(r.text), 0),
    // Set across documents once the run has seen them all (stages/duplicates).
    duplicate_group: null,
    is_representative: true,
    duplicate_similarity: null,
    text: body.text
  }
  lap("body")
  const problems = documentViolations(document, sentences, removals, fileBytes)
  if (problems.length > 0) return reject("error", `The rows failed validation: ${problems.slice(0, 3).join("; ")}.`)
  const signature = signDocument(document.text)
  lap("duplicates")
  return { _tag: "document", document, sentences, removals, signature }
}
