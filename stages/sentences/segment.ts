// Sentence boundary detection. Takes a text (usually one paragraph, whitespace collapsed)
// and an optional ISO 639-3 language hint; returns the sentences as UTF-16 spans, trimmed,
// ascending, not overlapping, covering every non-whitespace character.
// One pass over candidate characters with table lookups; the rules, in the order applied:
//   lists.ts        inline list items (1. ... 2. ...), found before the scan
//   characters.ts   which characters end sentences (. ! ? … 。 ۔ ؟ । ...), bullets, closers
//   terminators.ts  runs of final punctuation, ellipses, closing quotes and brackets
//   period.ts       abbreviations (data/abbreviations/*.json), initials, acronyms, numbers
//   lines.ts        blank lines and single line breaks
import { abbreviationRulesFor } from "./abbreviations.ts"
import { isCloser, isSpace, isTerminator, ScanKind, scanKinds } from "./characters.ts"
import { lineBreakEndsSentence } from "./lines.ts"
import { findListItems } from "./lists.ts"
import { decideRun } from "./terminators.ts"

export interface SentenceSpan {
  readonly start: number
  readonly end: number
}

/** Positions where a sentence ends (exclusive) and the next may begin, ascending. */
const findCuts = (text: string, language: string | undefined): Array<number> => {
  const rules = abbreviationRulesFor(language)
  const listItems = findListItems(text, rules)
  const cuts: Array<number> = []
  const length = text.length
  for (let i = 0; i < length; i++) {
    const kind = scanKinds[text.charCodeAt(i)]
    if (kind === ScanKind.None) continue
    if (kind === ScanKind.Latin) {
      const decision = decideRun(text, i, rules, listItems.markerPeriods)
      if (decision.cut >= 0) cuts.push(decision.cut)
      i = decision.end - 1
    } else if (kind === ScanKind.Strong) {
      // 。 ۔ ؟ । end a sentence even without a space after them
      let end = i + 1
      while (end < length && isTerminator[text.charCodeAt(end)] === 1) end++
      while (end < length && isCloser[text.charCodeAt(end)] === 1) end++
      cuts.push(end)
      i = end - 1
    } else if (kind === ScanKind.Newline) {
      if (lineBreakEndsSentence(text, i)) cuts.push(i)
    } else if (i > 0 && isSpace(text.charCodeAt(i - 1))) {
      cuts.push(i) // a bullet after whitespace opens a list item
    }
  }
  return listItems.starts.length === 0 ? cuts : mergeAscending(cuts, listItems.starts)
}

const mergeAscending = (a: ReadonlyArray<number>, b: ReadonlyArray<number>): Array<number> => {
  const merged: Array<number> = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    const x = a[i]
    const y = b[j]
    if (y === undefined || (x !== undefined && x <= y)) {
      merged.push(x as number)
      i++
    } else {
      merged.push(y)
      j++
    }
  }
  return merged
}

export const segmentSentences = (text: string, language?: string): ReadonlyArray<SentenceSpan> => {
  const spans: Array<SentenceSpan> = []
  const addTrimmed = (from: number, to: number) => {
    while (from < to && isSpace(text.charCodeAt(from))) from++
    while (to > from && isSpace(text.charCodeAt(to - 1))) to--
    if (from < to) spans.push({ start: from, end: to })
  }
  let from = 0
  for (const cut of findCuts(text, language)) {
    if (cut <= from) continue
    addTrimmed(from, cut)
    from = cut
  }
  addTrimmed(from, text.length)
  return spans
}
