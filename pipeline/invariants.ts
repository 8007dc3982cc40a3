/**
 * The DESIGN.md invariants as data tests over output rows, written once and
 * used by the flow (every document is checked before it is written, so a
 * violation becomes an `error` reject that --strict turns into a failed run)
 * and by the test suite over whole tables.
 */
import type { DocumentRow, RejectRow, RemovalRow, SentenceRow } from "./schema.ts"

/**
 * A text with the normalisations DESIGN.md lets raw bytes and clean text differ by undone:
 * backslashes before quotes dropped, zero-width characters dropped, whitespace runs (NBSP
 * included) as one space, trimmed. Two texts are "the same up to normalisations" when this
 * gives equal strings.
 */
export const normaliseForComparison = (s: string): string =>
  s.replace(/\\(["'’‘“”`])/g, "$1").replace(/[\u200b-\u200d\u2060\ufeff]/g, "").replace(/[\s\u00a0\u202f]+/gu, " ").trim()

const HAS_SURROGATE = /[\ud800-\udfff]/

/** UTF-16 offset of every code point of `text` (a lone surrogate is one), and of its end; undefined when every unit is a code point. */
const utf16Offsets = (text: string): Int32Array | undefined => {
  if (!HAS_SURROGATE.test(text)) return undefined // code point offsets are UTF-16 offsets
  const offsets = new Int32Array(text.length + 1)
  let points = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    const pair = c >= 0xd800 && c < 0xdc00 && i + 1 < text.length && text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) < 0xe000
    offsets[points++] = i
    if (pair) i++
  }
  offsets[points] = text.length
  return offsets.subarray(0, points + 1)
}

/** One document's rows: sentence offsets slice the text, spans lie in the file, indexes and counts agree. One pass over the sentences. */
export const documentViolations = (
  document: DocumentRow,
  sentences: ReadonlyArray<SentenceRow>,
  removals: ReadonlyArray<RemovalRow>,
  fileBytes: number
): Array<string> => {
  const problems: Array<string> = []
  const { text } = document
  const unitOf = utf16Offsets(text)
  const points = unitOf === undefined ? text.length : unitOf.length - 1
  if (document.char_count !== points) problems.push(`char_count ${document.char_count} is not the text's ${points} code points`)
  if (document.sentence_count !== sentences.length) problems.push(`sentence_count ${document.sentence_count} but ${sentences.length} sentences`)
  for (let i = 0; i < sentences.length; i++) {
    const s = sentences[i]!
    if (s.doc_id !== document.doc_id || s.sentence_index !== i) problems.push(`sentence ${i} has doc_id/index ${s.doc_id}/${s.sentence_index}`)
    const inside = 0 <= s.char_start && s.char_start <= s.char_end && s.char_end <= points
    const start = unitOf === undefined ? s.char_start : unitOf[s.char_start]
    const end = unitOf === undefined ? s.char_end : unitOf[s.char_end]
    if (!inside || text.slice(start, end) !== s.text) {
      problems.push(`sentence ${i}: text[${s.char_start}:${s.char_end}] is not its text`)
    }
    if (!(s.source_byte_start < s.source_byte_end && s.source_byte_end <= fileBytes)) {
      problems.push(`sentence ${i}: byte span [${s.source_byte_start}, ${s.source_byte_end}) is not inside the ${fileBytes}-byte file`)
    }
    if (s.paragraph_index < 0 || s.paragraph_index >= document.paragraph_count) problems.push(`sentence ${i}: paragraph_index out of range`)
  }
  for (let i = 0; i < removals.length; i++) {
    const r = removals[i]!
    if (!(r.source_byte_start <= r.source_byte_end && r.source_byte_end <= fileBytes)) problems.push(`removal ${i}: byte span outside the file`)
  }
  return problems
}

/** Whole tables: every input is in exactly one of documents and rejects (a JSON Lines file through its "#L<n>" rows). */
export const accountingViolations = (
  inputs: ReadonlyArray<string>,
  documents: ReadonlyArray<Pick<DocumentRow, "source_path" | "doc_id">>,
  rejects: ReadonlyArray<Pick<RejectRow, "source_path">>
): Array<string> => {
  const problems: Array<string> = []
  const fileOf = (sourcePath: string) => sourcePath.replace(/#L\d+$/, "")
  const seen = new Map<string, number>()
  for (const row of [...documents, ...rejects]) seen.set(row.source_path, (seen.get(row.source_path) ?? 0) + 1)
  for (const [sourcePath, count] of seen) if (count > 1) problems.push(`${sourcePath} appears ${count} times`)
  const accounted = new Set([...seen.keys()].map(fileOf))
  for (const input of inputs) if (!accounted.has(input)) problems.push(`${input} is in neither documents nor rejects`)
  const known = new Set(inputs)
  for (const sourcePath of seen.keys()) if (!known.has(fileOf(sourcePath))) problems.push(`${sourcePath} is not an input`)
  const ids = new Set(documents.map((d) => d.doc_id))
  if (ids.size !== documents.length) problems.push("doc_id is not unique")
  return problems
}

/** Sentences whose text is not documents.text[char_start:char_end] (for tables read back from CSV/Arrow). */
export const sliceViolations = (
  documents: ReadonlyArray<Pick<DocumentRow, "doc_id" | "text">>,
  sentences: ReadonlyArray<Pick<SentenceRow, "doc_id" | "text" | "char_start" | "char_end" | "sentence_index">>
): Array<string> => {
  const points = new Map(documents.map((d) => [d.doc_id, Array.from(d.text)]))
  return sentences.flatMap((s) => {
    const text = points.get(s.doc_id)
    if (text === undefined) return [`sentence ${s.doc_id}/${s.sentence_index} has no document`]
    return text.slice(s.char_start, s.char_end).join("") === s.text ? [] : [`sentence ${s.doc_id}/${s.sentence_index} does not slice its document`]
  })
}
