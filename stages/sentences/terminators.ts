// Runs of final punctuation: "." "?!" "...." ". . . ." and the quotes and brackets that close
// them. Takes the text, the start of a run of Latin terminators, the abbreviation rules and the
// list-marker periods; returns where the run (with its closers) ends and where the sentence
// ends, if it does. Ellipsis rules follow the Golden Rules: a spaced ". . ." inside a sentence
// is an omission, four dots end a sentence, and in "word. . . . Next" the first dot ends it.
import type { AbbreviationRules } from "./abbreviations.ts"
import { CharClass, charClasses, isCloser, isOpener, isSpace, isTerminator } from "./characters.ts"
import { periodEndsSentence } from "./period.ts"

const PERIOD = 0x2e
const ELLIPSIS = 0x2026
const NEWLINE = 0x0a
const OPEN_SQUARE = 0x5b
const OPEN_PAREN = 0x28

export interface RunDecision {
  /** first position after the run and its closing quotes/brackets */
  readonly end: number
  /** where the sentence ends (exclusive), or -1 when it goes on */
  readonly cut: number
}

export const decideRun = (
  text: string,
  start: number,
  rules: AbbreviationRules,
  markerPeriods: ReadonlySet<number>
): RunDecision => {
  const length = text.length
  let end = start
  let dots = 0
  let others = 0
  let spaced = false
  while (end < length) {
    const unit = text.charCodeAt(end)
    if (unit === PERIOD) dots++
    else if (unit === ELLIPSIS) dots += 3
    else if (isTerminator[unit] === 1) others++
    else if (
      unit !== NEWLINE && isSpace(unit) && dots > 0 && others === 0 &&
      text.charCodeAt(end + 1) === PERIOD && spacedDotContinues(text, end + 2)
    ) spaced = true
    else break
    end++
  }
  while (end < length && closesRun(text.charCodeAt(end))) end++
  const goesOn: RunDecision = { end, cut: -1 }
  // at the end of the text the last span ends anyway; without whitespace after it
  // ("3.14", "U.S.A", "mean...see", "Jane.Doe") nothing ends
  if (end >= length || !isSpace(text.charCodeAt(end))) return goesOn
  let next = end
  while (next < length && isSpace(text.charCodeAt(next))) next++
  while (next < length && isOpener[text.charCodeAt(next)] === 1) next++
  const nextClass = next < length ? charClasses[text.charCodeAt(next)] : CharClass.Other
  if (isDash(text.charCodeAt(next)) && wordAfterDashIsLower(text, next + 1)) return goesOn // «Готовы!» — сказал он
  const ends: RunDecision = { end, cut: end }
  if (others > 0) return nextClass === CharClass.Lower ? goesOn : ends // "Yahoo! in", "great!' she"
  if (dots === 1) {
    if (markerPeriods.has(start)) return goesOn
    return periodEndsSentence(text, start, next, rules) ? ends : goesOn
  }
  // an ellipsis
  const before = start > 0 ? text.charCodeAt(start - 1) : -1
  if (nextClass === CharClass.Lower || before === OPEN_SQUARE || before === OPEN_PAREN) return goesOn // "[...]"
  if (!spaced) return ends // "that.... She", "wait... Then"
  if (dots < 4) return goesOn // " . . . I didn't": an omission
  const attached = before !== -1 && !isSpace(before)
  return attached ? { end, cut: start + 1 } : ends
}

/** Closing quotes and brackets, and emoji (surrogates, ZWJ, variation selector) right after the run. */
const closesRun = (unit: number): boolean =>
  isCloser[unit] === 1 || (unit >= 0xd800 && unit <= 0xdfff) || unit === 0x200d || unit === 0xfe0f

const isDash = (unit: number): boolean => unit === 0x2014 || unit === 0x2013

const wordAfterDashIsLower = (text: string, from: number): boolean => {
  let next = from
  while (next < text.length && isSpace(text.charCodeAt(next))) next++
  return next < text.length && charClasses[text.charCodeAt(next)] === CharClass.Lower
}

/** In ". . .", the dot at `after - 1` continues the run when a space, a dot, a closer or the end follows. */
const spacedDotContinues = (text: string, after: number): boolean => {
  if (after >= text.length) return true
  const unit = text.charCodeAt(after)
  return isSpace(unit) || unit === PERIOD || isCloser[unit] === 1
}
