/**
 * The whole per-document flow on one screen: the stages in order, and how
 * their results become rows of the output tables.
 *
 *   decode → boilerplate → metadata → dates → outlets → body → sentences → language → rows
 *
 * Everything here is plain, synchronous and pure (given the bytes and the
 * options), so it runs the same in the main thread, a worker or a test. Time
 * spent per stage is measured here, once, for every stage.
 */
import { createHash } from "node:crypto"
import { assembleBody, codePointLength, codePointOffsets } from "../stages/body.ts"
import { type FurnitureRules, removeBoilerplate } from "../stages/boilerplate.ts"
import { choosePublicationDate } from "../stages/dates/index.ts"
import { decode } from "../stages/decode.ts"
import { newDraft, wordCount } from "../stages/document.ts"
import { detectDocumentLanguage, type LanguageOptions } from "../stages/language/detect.ts"
import { extractMetadata } from "../stages/metadata.ts"
import { type OutletRegistry, resolveOutlet } from "../stages/outlets.ts"
import { segmentSentences } from "../stages/sentences/segment.ts"
import type { DocumentRow, RejectRow, RemovalRow, SentenceRow } from "./schema.ts"

export const stageNames = ["decode", "boilerplate", "metadata", "dates", "outlets", "body", "sentences", "language"] as const
export type StageName = (typeof stageNames)[number]

export interface FlowOptions {
  readonly referenceDate: string
  readonly dayFirst: boolean
  readonly language: LanguageOptions
  readonly furniture: FurnitureRules
  readonly outlets: OutletRegistry
}

export interface SourceFile {
  readonly sourcePath: string
  readonly bytes: Uint8Array
}

export type FlowResult =
  | {
    readonly _tag: "document"
    readonly document: DocumentRow
    readonly sentences: ReadonlyArray<SentenceRow>
    readonly removals: ReadonlyArray<RemovalRow>
  }
  | { readonly _tag: "reject"; readonly reject: RejectRow }

/** Milliseconds spent in each stage, indexed like `stageNames`. */
export type StageTimes = Float64Array

const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest("hex")

export const docIdOf = (sourcePath: string, sourceSha256: string) => sha256(`${sourcePath}\0${sourceSha256}`).slice(0, 16)

export const processFile = (file: SourceFile, options: FlowOptions, times: StageTimes): FlowResult => {
  let t = performance.now()
  const lap = (stage: StageName) => {
    const now = performance.now()
    times[stageNames.indexOf(stage)]! += now - t
    t = now
  }
  const sourceSha256 = sha256(file.bytes)
  const reject = (reason: RejectRow["reason"], detail: string): FlowResult =>
    ({ _tag: "reject", reject: { source_path: file.sourcePath, source_sha256: sourceSha256, reason, detail } })

  const decoded = decode(file.bytes)
  lap("decode")
  if (decoded._tag === "reject") return reject(decoded.reason, decoded.detail)

  const cleaned = removeBoilerplate(newDraft(decoded.text), options.furniture)
  lap("boilerplate")
  const draft = extractMetadata(cleaned)
  lap("metadata")
  const date = choosePublicationDate(draft.dateCandidates, options)
  lap("dates")
  const outlet = resolveOutlet(draft.outletCandidates, options.outlets)
  lap("outlets")
  const body = assembleBody(draft)
  lap("body")
  if (body.paragraphs.length === 0) {
    return reject("no_body", "Nothing is left once site furniture and metadata are removed.")
  }

  const spans = body.paragraphs.flatMap((p, paragraphIndex) =>
    segmentSentences(body.text.slice(p.start, p.end)).map((s) => ({
      start: p.start + s.start,
      end: p.start + s.end,
      paragraphIndex
    }))
  )
  const sentenceTexts = spans.map((s) => body.text.slice(s.start, s.end))
  lap("sentences")
  const language = detectDocumentLanguage(sentenceTexts, options.language)
  lap("language")

  const docId = docIdOf(file.sourcePath, sourceSha256)
  const toCodePoint = codePointOffsets(body.text)
  const byte = decoded.byteOffsets
  const sentences = spans.map((s, i): SentenceRow => ({
    doc_id: docId,
    sentence_index: i,
    paragraph_index: s.paragraphIndex,
    text: sentenceTexts[i]!,
    char_start: toCodePoint(s.start),
    char_end: toCodePoint(s.end),
    source_byte_start: byte[body.rawStart[s.start]!]!,
    source_byte_end: byte[body.rawEnd[s.end - 1]!]!,
    language: language.sentences[i]!.language
  }))
  const removed = [...draft.removed].sort((a, b) => a.start - b.start || a.end - b.end)
  const removals = removed.map((r): RemovalRow => ({
    doc_id: docId,
    kind: r.kind,
    text: decoded.text.slice(r.start, r.end),
    source_byte_start: byte[r.start]!,
    source_byte_end: byte[r.end]!
  }))
  const document: DocumentRow = {
    doc_id: docId,
    source_path: file.sourcePath,
    source_sha256: sourceSha256,
    encoding: decoded.encoding,
    title: draft.title ?? null,
    authors: draft.authors,
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
    text: body.text
  }
  lap("body")
  return { _tag: "document", document, sentences, removals }
}
