/**
 * The document as it travels through the stages. The decoded text (`raw`) never
 * changes; stages only narrow the list of kept blocks and append removed spans,
 * so every offset stays an offset into `raw` and provenance is exact by
 * construction. `stages/text.ts` turns the kept blocks into the clean body.
 */
import type { RemovalKind } from "../pipeline/schema.ts"

/** A kept piece of one line of `raw`: UTF-16 offsets, end exclusive, trimmed. */
export interface Block {
  readonly start: number
  readonly end: number
}

export interface RemovedSpan {
  readonly kind: RemovalKind
  readonly start: number
  readonly end: number
}

/** A line that may carry a publication date, with the role its position gives it. */
export interface DateCandidate {
  readonly text: string
  readonly role: "published" | "updated" | "header" | "footer" | "copyright"
}

/** A text that may name the outlet, with the role its position gives it. */
export interface OutletCandidate {
  readonly text: string
  readonly role: "published_in" | "masthead" | "footer" | "copyright" | "domain" | "syndication" | "agency"
}

export interface Draft {
  readonly raw: string
  readonly blocks: ReadonlyArray<Block>
  readonly removed: ReadonlyArray<RemovedSpan>
  readonly title: string | undefined
  readonly authors: ReadonlyArray<string>
  readonly dateline: string | undefined
  readonly dateCandidates: ReadonlyArray<DateCandidate>
  readonly outletCandidates: ReadonlyArray<OutletCandidate>
}

// Whitespace that scrapers leave around lines: ASCII, NBSP, the Unicode spaces (JavaScript's
// \s), zero-width spaces and joiners, and BOM; tested per UTF-16 unit.
const isSpaceUnit = (c: number): boolean =>
  c === 32 || (c >= 9 && c <= 13) ||
  (c >= 0xa0 &&
    (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200d) || c === 0x2028 || c === 0x2029 || c === 0x202f ||
      c === 0x205f || c === 0x3000 || c === 0xfeff))

export const isSpace = (ch: string | undefined): boolean => ch !== undefined && ch.length === 1 && isSpaceUnit(ch.charCodeAt(0))

/** Shrinks [start, end) of `raw` so it neither starts nor ends with whitespace. */
export const trimSpan = (raw: string, start: number, end: number): Block => {
  while (start < end && isSpaceUnit(raw.charCodeAt(start))) start++
  while (end > start && isSpaceUnit(raw.charCodeAt(end - 1))) end--
  return { start, end }
}

/** Splits the decoded text into one block per non-blank line (any of \n, \r\n, \r ends a line). */
export const splitBlocks = (raw: string): Array<Block> => {
  const blocks: Array<Block> = []
  // Line ends are found with indexOf (much faster than testing every unit).
  let nextLf = raw.indexOf("\n")
  let nextCr = raw.indexOf("\r")
  let lineStart = 0
  while (lineStart <= raw.length) {
    if (nextLf !== -1 && nextLf < lineStart) nextLf = raw.indexOf("\n", lineStart)
    if (nextCr !== -1 && nextCr < lineStart) nextCr = raw.indexOf("\r", lineStart)
    const lineEnd = Math.min(nextLf === -1 ? raw.length : nextLf, nextCr === -1 ? raw.length : nextCr)
    let start = lineStart
    let end = lineEnd
    while (start < end && isSpaceUnit(raw.charCodeAt(start))) start++
    while (end > start && isSpaceUnit(raw.charCodeAt(end - 1))) end--
    if (end > start) blocks.push({ start, end })
    lineStart = lineEnd + 1
  }
  return blocks
}

export const newDraft = (raw: string): Draft => ({
  raw,
  blocks: splitBlocks(raw),
  removed: [],
  title: undefined,
  authors: [],
  dateline: undefined,
  dateCandidates: [],
  outletCandidates: []
})

/**
 * Remembers the answers of a pure function of a line's text. Stages ask about the same lines
 * again (the boilerplate tail, then the metadata tail; a head line, then its date), and
 * bylines and date lines recur across documents. Bounded: forgets everything when full.
 */
export const memoByText = <A>(f: (text: string) => A, limit = 4096): (text: string) => A => {
  const answers = new Map<string, A>()
  return (text) => {
    const known = answers.get(text)
    if (known !== undefined || answers.has(text)) return known as A
    if (answers.size >= limit) answers.clear()
    const answer = f(text)
    answers.set(text, answer)
    return answer
  }
}

/** Non-breaking, thin and figure spaces read as plain spaces; one for one, so offsets stay valid. */
const ODD_SPACE = /[\u00a0\u2007\u2009\u202f]/g

// Every stage reads the blocks of the same raw text: clean it once (the last raw text seen is
// remembered; the answer depends only on the text, so this is safe anywhere).
let lastRaw: string | undefined
let lastCleaned = ""
const cleanedRaw = (raw: string): string => {
  if (raw !== lastRaw) {
    lastCleaned = raw.replace(ODD_SPACE, " ")
    lastRaw = raw
  }
  return lastCleaned
}

/** The text of a block as rules see it: odd spaces are plain spaces (same length as the raw slice). */
export const textOf = (draft: Draft, block: Block): string => cleanedRaw(draft.raw).slice(block.start, block.end)

/**
 * Edits to a draft's blocks, applied in one pass so that indexes stay valid while a stage
 * decides. `cut` removes the leading `head` and trailing `tail` characters of a block.
 */
export type BlockEdit =
  | { readonly type: "drop"; readonly index: number; readonly kind: RemovalKind }
  | { readonly type: "cut"; readonly index: number; readonly from: "start" | "end"; readonly length: number; readonly kind: RemovalKind }

export const applyEdits = (draft: Draft, edits: ReadonlyArray<BlockEdit>): Pick<Draft, "blocks" | "removed"> => {
  if (edits.length === 0) return draft
  const blocks = draft.blocks.slice() as Array<Block | undefined>
  const removed = draft.removed.slice()
  for (const edit of edits) {
    const block = blocks[edit.index]
    if (block === undefined) continue
    if (edit.type === "drop") {
      removed.push({ kind: edit.kind, start: block.start, end: block.end })
      blocks[edit.index] = undefined
      continue
    }
    const cut = edit.from === "start"
      ? trimSpan(draft.raw, block.start, block.start + edit.length)
      : trimSpan(draft.raw, block.end - edit.length, block.end)
    if (cut.end > cut.start) removed.push({ kind: edit.kind, start: cut.start, end: cut.end })
    const rest = edit.from === "start"
      ? trimSpan(draft.raw, block.start + edit.length, block.end)
      : trimSpan(draft.raw, block.start, block.end - edit.length)
    blocks[edit.index] = rest.end > rest.start ? rest : undefined
  }
  return { blocks: blocks.filter((b): b is Block => b !== undefined), removed }
}

// Word counting by scanning, not matching: these run on every block in several stages.
// Classes of a code point, as bits: the letters/numbers of a `wordCount` word, the letter that
// starts a prose word, and what may continue one (letters, marks, numbers, ' ’ -).
const WORD_UNIT = 1
const LETTER = 2
const LETTER_TAIL = 4
const CLASSIFIED = 8
// A BMP unit that toLowerCase maps to one unit (lowerUnits) of the same word class, whatever
// its neighbours (not Σ, whose lower case depends on the next letter).
const SIMPLE_LOWER = 16
const lowerUnits = new Uint16Array(0x10000)
const isWordChar = (char: string) => /[\p{L}\p{N}]/u.test(char)
const classify = (cp: number): number => {
  const char = String.fromCodePoint(cp)
  const lower = char.toLowerCase()
  const simpleLower = cp < 0x10000 && (cp < 0xd800 || cp >= 0xe000) && cp !== 0x3a3 && lower.length === 1 && isWordChar(lower) === isWordChar(char)
  if (simpleLower) lowerUnits[cp] = lower.charCodeAt(0)
  return CLASSIFIED | (isWordChar(char) ? WORD_UNIT : 0) | (/\p{L}/u.test(char) ? LETTER : 0) |
    (/[\p{L}\p{M}\p{N}'’-]/u.test(char) ? LETTER_TAIL : 0) | (simpleLower ? SIMPLE_LOWER : 0)
}
const bmpClasses = new Uint8Array(0x10000) // filled on first sight of each unit
const astralClasses = new Map<number, number>()

/** The classes of the code point at `i` (a lone surrogate is a code point of its own, in no class). */
const classesAt = (text: string, i: number): number => {
  const unit = text.charCodeAt(i)
  if (unit >= 0xd800 && unit < 0xdc00 && i + 1 < text.length) {
    const next = text.charCodeAt(i + 1)
    if (next >= 0xdc00 && next < 0xe000) {
      const cp = text.codePointAt(i)!
      let k = astralClasses.get(cp)
      if (k === undefined) astralClasses.set(cp, k = classify(cp))
      return k
    }
  }
  let k = bmpClasses[unit]!
  if (k === 0) bmpClasses[unit] = k = unit >= 0xd800 && unit < 0xe000 ? CLASSIFIED : classify(unit)
  return k
}
const widthAt = (text: string, i: number): number => {
  const unit = text.charCodeAt(i)
  if (unit >= 0xd800 && unit < 0xdc00 && i + 1 < text.length) {
    const next = text.charCodeAt(i + 1)
    if (next >= 0xdc00 && next < 0xe000) return 2
  }
  return 1
}

/** The classes of a BMP unit that is not a surrogate (the common case, kept small for inlining). */
const unitClasses = (unit: number): number => {
  const k = bmpClasses[unit]!
  return k !== 0 ? k : (bmpClasses[unit] = classify(unit))
}

/** Runs of letters and numbers (what /[\p{L}\p{N}]+/gu matches). */
export const wordCount = (text: string): number => {
  let words = 0
  let previous = 0 // 1 after a word unit (WORD_UNIT is bit 0)
  for (let i = 0; i < text.length;) {
    const unit = text.charCodeAt(i)
    let inWord: number
    if (unit < 0xd800 || unit >= 0xe000) {
      inWord = unitClasses(unit) & WORD_UNIT
      i++
    } else {
      inWord = classesAt(text, i) & WORD_UNIT
      i += widthAt(text, i)
    }
    // Counted without a branch: words start at unpredictable places (twice as fast on news text).
    words += inWord & (previous ^ 1)
    previous = inWord
  }
  return words
}

/**
 * Calls `onWord(start, end)` for each run of letters and numbers, in order (UTF-16 offsets).
 * Scanning without slicing lets callers compare or hash words in place.
 */
const forEachWord = (text: string, onWord: (start: number, end: number) => void): void => {
  let start = -1
  for (let i = 0; i < text.length;) {
    const unit = text.charCodeAt(i)
    let isWordUnit: boolean
    let width = 1
    if (unit < 0xd800 || unit >= 0xe000) isWordUnit = (unitClasses(unit) & WORD_UNIT) !== 0
    else {
      isWordUnit = (classesAt(text, i) & WORD_UNIT) !== 0
      width = widthAt(text, i)
    }
    if (isWordUnit && start < 0) start = i
    else if (!isWordUnit && start >= 0) {
      onWord(start, i)
      start = -1
    }
    i += width
  }
  if (start >= 0) onWord(start, text.length)
}

/** The width (1 or 2 UTF-16 units) of the code point at `i`: positive when it belongs to a word (a letter or number), negative when not. */
const wordUnitWidth = (text: string, i: number): number => {
  const unit = text.charCodeAt(i)
  if (unit < 0xd800 || unit >= 0xe000) return (unitClasses(unit) & WORD_UNIT) !== 0 ? 1 : -1
  const width = widthAt(text, i)
  return (classesAt(text, i) & WORD_UNIT) !== 0 ? width : -width
}

/**
 * The words of `text.toLowerCase()` (as wordsOf reads them), found without lower-casing: writes
 * each word's offsets and the hash of its lower-case units from index `at` on, and returns the
 * index after the last. When lower-casing the text is not one unit for one unit of the same
 * class, returns -1 (read the lower-cased text itself then). The count found is also
 * wordCount(text).
 */
export const scanLowerWords = (text: string, starts: Int32Array, ends: Int32Array, hashes: Int32Array, at: number): number => {
  let start = -1
  let hash = 0
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    const k = unitClasses(unit) // a surrogate is never SIMPLE_LOWER
    if ((k & SIMPLE_LOWER) === 0) return -1
    if ((k & WORD_UNIT) !== 0) {
      if (start < 0) {
        start = i
        hash = 0
      }
      hash = (Math.imul(hash, 31) + lowerUnits[unit]!) | 0
    } else if (start >= 0) {
      starts[at] = start
      ends[at] = i
      hashes[at++] = hash
      start = -1
    }
  }
  if (start >= 0) {
    starts[at] = start
    ends[at] = text.length
    hashes[at++] = hash
  }
  return at
}

/** The words of `text` (as wordsOf reads them), written like scanLowerWords does; returns the index after the last. */
export const scanWords = (text: string, starts: Int32Array, ends: Int32Array, hashes: Int32Array, at: number): number => {
  let start = -1
  for (let i = 0; ;) {
    const width = i < text.length ? wordUnitWidth(text, i) : 0 // 0: the end
    if (width > 0) {
      if (start < 0) start = i
      i += width
      continue
    }
    if (start >= 0) {
      let hash = 0
      for (let c = start; c < i; c++) hash = (Math.imul(hash, 31) + text.charCodeAt(c)) | 0
      starts[at] = start
      ends[at] = i
      hashes[at++] = hash
      start = -1
    }
    if (width === 0) return at
    i -= width
  }
}

/** The lower case of a unit that scanLowerWords accepted. */
export const lowerUnitOf = (unit: number): number => lowerUnits[unit]!

/** The runs of letters and numbers themselves, in order. */
export const wordsOf = (text: string): Array<string> => {
  const words: Array<string> = []
  forEachWord(text, (start, end) => words.push(text.slice(start, end)))
  return words
}

/** Words that start with a letter (the matches of \p{L}[\p{L}\p{M}\p{N}'’-]* in Unicode mode), counted up to `limit`. */
const letterWordCount = (text: string, limit: number): number => {
  let words = 0
  let inWord = false
  for (let i = 0; i < text.length && words < limit;) {
    const unit = text.charCodeAt(i)
    let k: number
    if (unit < 0xd800 || unit >= 0xe000) {
      k = unitClasses(unit)
      i++
    } else {
      k = classesAt(text, i)
      i += widthAt(text, i)
    }
    if (inWord && (k & LETTER_TAIL) !== 0) continue
    inWord = (k & LETTER) !== 0
    if (inWord) words++
  }
  return words
}

// A sentence end: a terminator followed only by closing quotes and brackets (all single UTF-16 units).
const TERMINATORS = new Set(Array.from(".!?۔؟।…", (c) => c.charCodeAt(0)))
const CLOSERS = new Set(Array.from("\"'”’»)", (c) => c.charCodeAt(0)))

/** What /[.!?۔؟।…]["'”’»)]*$/u tests, scanned from the end. */
const endsSentence = (text: string): boolean => {
  let i = text.length - 1
  while (i >= 0 && CLOSERS.has(text.charCodeAt(i))) i--
  return i >= 0 && TERMINATORS.has(text.charCodeAt(i))
}

/** A paragraph of running prose: enough words (numbers do not count) and a sentence end. Titles, labels and widgets are not. */
export const looksLikeProse = (text: string): boolean => {
  const words = letterWordCount(text, 25)
  // The end must be a sentence end: "Prof. Dr. A and Dr. B" has full stops but is not prose.
  return words >= 25 || (words >= 8 && endsSentence(text))
}
