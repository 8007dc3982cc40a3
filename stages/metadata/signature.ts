/**
 * Signature lines: a byline ("By X", "BY: X", "Written by X", "— X"), an
 * author bio ("The writer is …", "X is a … at …", "X — профессор …"), a
 * contact line (Email:, Twitter/X handles) or a wire credit line
 * ("(Reporting by X; Editing by Y)").
 */
import type { RemovalKind } from "../../pipeline/schema.ts"
import { memoByText } from "../document.ts"
import { parseAuthors } from "./names.ts"
import { patterns } from "./patterns.ts"

// JavaScript's \s, per UTF-16 unit.
const isWhiteSpace = (c: number): boolean =>
  c === 32 || (c >= 9 && c <= 13) ||
  (c >= 0xa0 &&
    (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f ||
      c === 0x205f || c === 0x3000 || c === 0xfeff))

/** Whitespace-separated tokens (what /\S+/g matches), counted without building them; not document.ts wordCount, which counts letter and digit runs. */
export const tokenCount = (text: string): number => {
  let words = 0
  let inWord = false
  for (let i = 0; i < text.length; i++) {
    const space = isWhiteSpace(text.charCodeAt(i))
    if (!space && !inWord) words++
    inWord = !space
  }
  return words
}

/** Whether the text has at most `limit` tokens (tokenCount(text) <= limit); stops counting past the limit, as paragraphs are long. */
export const hasAtMostTokens = (text: string, limit: number): boolean => {
  let words = 0
  let inWord = false
  for (let i = 0; i < text.length; i++) {
    const space = isWhiteSpace(text.charCodeAt(i))
    if (!space && !inWord && ++words > limit) return false
    inWord = !space
  }
  return true
}

export interface Signature {
  readonly kind: RemovalKind
  readonly authors: ReadonlyArray<string>
  /** Length of the byline part when the rest of the line is a bio. */
  readonly bylineLength?: number
  /** Authors that count only when no byline names anyone (wire credits). */
  readonly fallback?: boolean
}

/**
 * Contact, credit and byline lines: every kind but an author bio. `null` when the line is surely
 * no signature (a byline marker naming nobody), undefined when only the bio tests are left.
 */
const readCreditOrByline = (text: string): Signature | null | undefined => {
  if (patterns.contact.test(text)) return { kind: "contact", authors: [] }
  if (patterns.creditLine.test(text)) {
    const authors = [...text.matchAll(patterns.creditAuthors)].flatMap((m) => parseAuthors(m[1]!))
    return { kind: "byline", authors, fallback: true }
  }
  // "Staff Reporter", "Web Desk", "نمائندہ جنگ", "Edited by X": a credit that names no author.
  if (patterns.deskCredit.test(text) || patterns.editorCredit.test(text)) return { kind: "byline", authors: [] }
  const marker = patterns.bylineMarker.exec(text)
  if (marker !== null && hasAtMostTokens(text, 60)) {
    const rest = text.slice(marker[0].length)
    if (patterns.deskCredit.test(rest)) return { kind: "byline", authors: [] }
    const authors = parseAuthors(rest)
    if (authors.length === 0) return null
    const bio = patterns.bioBreak.exec(rest)
    return bio === null ? { kind: "byline", authors } : { kind: "byline", authors, bylineLength: marker[0].length + bio.index }
  }
  if (patterns.closingSignature.test(text) && hasAtMostTokens(text, 8)) {
    const authors = parseAuthors(text.replace(patterns.closingSignature, ""))
    if (authors.length > 0) return { kind: "byline", authors }
  }
  return undefined
}

const readSignatureOnce = (text: string): Signature | undefined => {
  const found = readCreditOrByline(text)
  if (found !== undefined) return found ?? undefined
  if (patterns.bioStart.test(text) || isNamedBio(text)) return { kind: "author_bio", authors: [] }
  return undefined
}

/**
 * The byline of a head line, as readSignature would give it (not a wire credit, which counts only
 * as a fallback). Head lines are never bios there, so the costly bio tests are skipped.
 */
export const readHeadByline = (text: string): Signature | undefined => {
  const found = readCreditOrByline(text)
  return found?.kind === "byline" && found.fallback !== true ? found : undefined
}

// Where a sentence ends: a full stop or semicolon, space, a capital; not after "Dr." and the like.
// The cheap look-behind comes first so that most positions fail at once.
const SENTENCE_BREAK = /(?<=[.;])(?<!(?:^|[\s.])(?:Dr|Prof|Mr|Mrs|Ms|St|Lt|Gen|Col|Maj|Brig|Capt|Sen|Rep|Jr|Sr)\.)\s+(?=\p{Lu})/u
const SENTENCE_BREAK_AT = new RegExp(SENTENCE_BREAK.source, "uy")

/** Where the first SENTENCE_BREAK starts, or -1: tried only right after a full stop or semicolon
 * (a regex opening with a look-behind is slow to try at every position). */
const firstSentenceBreak = (text: string): number => {
  for (let i = 1; i < text.length; i++) {
    const before = text.charCodeAt(i - 1)
    if (before !== 0x2e && before !== 0x3b) continue
    SENTENCE_BREAK_AT.lastIndex = i
    if (SENTENCE_BREAK_AT.test(text)) return i
  }
  return -1
}

/** "X is a senior fellow at Y. Z is an analyst in Almaty.": every sentence of the line is a bio. */
const isNamedBio = (text: string): boolean => {
  if (!hasAtMostTokens(text, 90)) return false
  // The first sentence must open a bio: test it before splitting the whole line.
  const firstBreak = firstSentenceBreak(text)
  const first = firstBreak === -1 ? text : text.slice(0, firstBreak)
  if (!patterns.namedBio.test(first) && !patterns.dashBio.test(first)) return false
  const sentences = text.split(SENTENCE_BREAK)
  return sentences.every((s, i) =>
    patterns.namedBio.test(s) || patterns.dashBio.test(s) || (i > 0 && patterns.bioContinuation.test(s))
  ) && (patterns.namedBio.test(sentences[0]!) || patterns.dashBio.test(sentences[0]!))
}

/** A signature line and what it holds; remembered per text (the tails of two stages ask about the same lines). */
export const readSignature: (text: string) => Signature | undefined = memoByText(readSignatureOnce)

export const looksLikeSignature = (text: string): boolean => readSignature(text) !== undefined
