// Does a single full stop end a sentence? Takes the text, the position of the "." and of the
// next word (after whitespace and opening quotes), and the abbreviation rules; returns a
// boolean. The rules follow the Golden Rules of pragmatic_segmenter (github
// diasks2/pragmatic_segmenter): abbreviations by category, initials and acronyms end a
// sentence only before a sentence starter, numbers and ordinary words before anything
// that is not lower case.
import { Category, type AbbreviationRules } from "./abbreviations.ts"
import { CharClass, charClasses, isSpace, isWordUnit } from "./characters.ts"

const PERIOD = 0x2e
const HYPHEN = 0x2d
const MAX_PARTS = 6

/** The abbreviation candidate written just before a ".": "Mr", "U.S" (from "U.S."), "т. е". */
export interface WordBefore {
  /** lower case, parts joined by "." without spaces; "" when no letters precede the "." */
  readonly key: string
  /** every part is one letter: initials (A. Q.), acronyms (U.S.), "т. е." */
  readonly singleLetters: boolean
  readonly parts: number
  /** the last part is one upper-case letter */
  readonly upperInitial: boolean
  /** a number comes right before the word: "6 ft.", "2018 г." */
  readonly afterNumber: boolean
}

const NO_WORD: WordBefore = { key: "", singleLetters: false, parts: 0, upperInitial: false, afterNumber: false }

/** Start of the word that ends at `end` (letters, marks, N°, inner hyphens as in "г-н"). */
const wordStart = (text: string, end: number): number => {
  let start = end
  while (start > 0) {
    const unit = text.charCodeAt(start - 1)
    if (isWordUnit(unit)) start--
    else if (unit === HYPHEN && start < end && start > 1 && isWordUnit(text.charCodeAt(start - 2))) start--
    else break
  }
  return start
}

export const readWordBefore = (text: string, dot: number): WordBefore => {
  let start = wordStart(text, dot)
  if (start === dot) return NO_WORD
  const upperInitial = dot - start === 1 && charClasses[text.charCodeAt(start)] === CharClass.Upper
  let singleLetters = dot - start === 1
  // Most words before a "." are one part: no array of parts for them.
  let parts: Array<string> | undefined
  let partCount = 1
  let firstPartLength = dot - start // length of parts[0], the earliest part read so far
  while (partCount < MAX_PARTS) {
    const before = start - 1
    let partEnd: number
    if (before > 0 && text.charCodeAt(before) === PERIOD) partEnd = before // "U.S": no space
    else if (before > 1 && isSpace(text.charCodeAt(before)) && text.charCodeAt(before - 1) === PERIOD && firstPartLength === 1) {
      partEnd = before - 1 // "т. е", "A. Q": spaced, one letter each
    } else break
    const partStart = wordStart(text, partEnd)
    const length = partEnd - partStart
    if (length === 0 || (partEnd !== before && length !== 1)) break
    parts ??= [text.slice(start, dot)]
    parts.unshift(text.slice(partStart, partEnd))
    partCount++
    firstPartLength = length
    singleLetters = singleLetters && length === 1
    start = partStart
  }
  let probe = start - 1
  while (probe >= 0 && isSpace(text.charCodeAt(probe))) probe--
  const afterNumber = probe >= 0 && charClasses[text.charCodeAt(probe)] === CharClass.Digit
  const key = (parts === undefined ? text.slice(start, dot) : parts.join(".")).toLowerCase()
  return { key, singleLetters, parts: partCount, upperInitial, afterNumber }
}

/** The word at `next` is a sentence starter ("The", "How"), and not itself an initial ("A. Smith"). */
export const isSentenceStarter = (text: string, next: number, rules: AbbreviationRules): boolean => {
  let end = next
  while (end < text.length && isWordUnit(text.charCodeAt(end))) end++
  if (end === next) return false
  if (end - next === 1 && text.charCodeAt(end) === PERIOD) return false
  return rules.sentenceStarters.has(text.slice(next, end))
}

export const periodEndsSentence = (
  text: string,
  dot: number,
  next: number,
  rules: AbbreviationRules
): boolean => {
  const nextClass = next < text.length ? charClasses[text.charCodeAt(next)] : CharClass.Other
  if (nextClass === CharClass.Lower) return false
  const word = readWordBefore(text, dot)
  if (word.key === "") return true // a number, a closing bracket, a symbol: "$100.00. It"
  const flags = word.upperInitial && word.parts === 1 ? 0 : (rules.categories.get(word.key) ?? 0)
  if (flags !== 0) {
    if ((flags & Category.AfterNumber) !== 0 && word.afterNumber) return nextClass !== CharClass.Digit
    if ((flags & Category.NeverFinal) !== 0) return false
    if ((flags & Category.BeforeNumber) !== 0 && nextClass === CharClass.Digit) return false
    if ((flags & Category.Prepositive) !== 0) return isSentenceStarter(text, next, rules)
    return nextClass !== CharClass.Digit // ordinary: "Co. It closed", not "Jan. 5"
  }
  if (word.singleLetters) {
    // one lower-case letter ("c. The") acts as an ordinary abbreviation;
    // initials and acronyms (E. Smith, U.S. Government) need a sentence starter after them
    if (word.parts === 1 && !word.upperInitial) return nextClass !== CharClass.Digit
    return isSentenceStarter(text, next, rules)
  }
  return true
}
