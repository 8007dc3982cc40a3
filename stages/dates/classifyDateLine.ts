// Tells whether one short line is a date line (a byline/header date, a "Published ..."
// or "Updated ..." line, a copyright notice, a relative "5 hours ago" stamp) and which
// role it plays; an ordinary sentence that mentions a date is not a date line.
// The test: once the date, its weekday/time, the labels and the connector words of
// data/months.json are taken away, what is left must be names, not running prose.

import { findLabels, scanDates, type ScannedDate } from "./findDate.ts"
import { memoByText } from "../document.ts"
import type { DateRole } from "./types.ts"
import { CONNECTOR_WORDS, COPYRIGHT_MARK, RELATIVE_ANCHOR, RELATIVE_ANCHOR_CANDIDATE } from "./words.ts"

/** a date line is short; longer text is a paragraph, whatever it contains */
const MAX_LINE_CHARS = 250
const WORD = /[\p{L}\p{M}][\p{L}\p{M}'’.-]*/gu
const SENTENCE_END = /[.!?؟۔…]["'”’»)]*\s*$/u
const NOTHING_BUT_MARKS = /^[^\p{L}\p{N}]*$/u
/** far enough ahead that no real date is "in the future" while classifying */
const SCAN_OPTIONS = { referenceDate: "9999-12-31", dayFirst: true } as const

interface Leftover {
  /** words of a cased script that start lower-case and are not connectors: prose */
  readonly prose: number
  /** words of a script without case (Urdu): cannot tell names from prose */
  readonly caseless: number
  readonly total: number
}

/** The word without its trailing full stops and apostrophes (what replace(/[.’']+$/u, "") gives, without a regex per word). */
const withoutTrailingDots = (word: string): string => {
  let end = word.length
  for (let c = word.charCodeAt(end - 1); c === 0x2e || c === 0x2019 || c === 0x27; c = word.charCodeAt(end - 1)) end--
  return end === word.length ? word : word.slice(0, end)
}

const countLeftover = (text: string): Leftover => {
  let prose = 0
  let caseless = 0
  let total = 0
  for (const [word] of text.matchAll(WORD)) {
    if (CONNECTOR_WORDS.has(withoutTrailingDots(word.toLowerCase()))) continue
    total += 1
    const first = word.charAt(0)
    if (first.toLowerCase() === first.toUpperCase()) caseless += 1
    else if (first === first.toLowerCase()) prose += 1
  }
  return { prose, caseless, total }
}

const blankOut = (text: string, spans: ReadonlyArray<{ start: number; end: number }>): string =>
  spans.reduce((line, { start, end }) => line.slice(0, start) + " ".repeat(end - start) + line.slice(end), text)

/** Whether a line whose date has no label reads like a header, given where the date is. */
const isHeaderShaped = (line: string, date: ScannedDate | undefined, leftover: Leftover): boolean => {
  if (date === undefined) return leftover.total === 0
  const atStart = NOTHING_BUT_MARKS.test(line.slice(0, date.start))
  const atEnd = NOTHING_BUT_MARKS.test(line.slice(date.end))
  if (atStart) {
    return leftover.prose <= 2 && leftover.caseless <= 3 && leftover.total <= 12 && (leftover.total <= 3 || !SENTENCE_END.test(line))
  }
  return leftover.prose === 0 && leftover.total <= 6 && (leftover.caseless === 0 || (atEnd && leftover.caseless <= 2))
}

const classifyOnce = (line: string): DateRole | undefined => {
  if (line.length > MAX_LINE_CHARS) return undefined
  const scan = scanDates(line, SCAN_OPTIONS)
  const { folded, dates } = scan
  if (dates.length === 0 && !(RELATIVE_ANCHOR_CANDIDATE.test(folded) && RELATIVE_ANCHOR.test(folded))) return undefined
  // a line without a year digit is not scanned for labels; a relative one still needs them
  const labels = dates.length === 0 ? findLabels(folded) : scan.labels
  const leftover = countLeftover(blankOut(folded, [...dates, ...labels]))
  const labelKinds = new Set([...labels.map((label) => label.kind), ...dates.map((date) => date.label)])
  if (labelKinds.has("published") || labelKinds.has("updated")) {
    const ok = leftover.prose <= 1 && leftover.caseless <= 4 && leftover.total <= 12
    return ok ? (labelKinds.has("published") ? "published" : "updated") : undefined
  }
  if (labelKinds.has("copyright") && COPYRIGHT_MARK.test(folded)) {
    return leftover.prose <= 4 && leftover.total <= 15 ? "copyright" : undefined
  }
  return isHeaderShaped(folded, dates[0], leftover) ? "header" : undefined
}

/** Remembered per line: head lines and their fields are asked about again, and recur across documents. */
const classifyRemembered = memoByText(classifyOnce)
export const classifyDateLine = (line: string): DateRole | undefined =>
  line.length > MAX_LINE_CHARS ? undefined : classifyRemembered(line)
