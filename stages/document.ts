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
  let lineStart = 0
  for (let i = 0; i <= raw.length; i++) {
    const c = raw.charCodeAt(i)
    if (i === raw.length || c === 10 || c === 13) {
      const block = trimSpan(raw, lineStart, i)
      if (block.end > block.start) blocks.push(block)
      lineStart = i + 1
    }
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

/** Non-breaking, thin and figure spaces read as plain spaces; one for one, so offsets stay valid. */
const ODD_SPACE = /[\u00a0\u2007\u2009\u202f]/g

/** The text of a block as rules see it: odd spaces are plain spaces (same length as the raw slice). */
export const textOf = (draft: Draft, block: Block): string => draft.raw.slice(block.start, block.end).replace(ODD_SPACE, " ")

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
const classify = (cp: number): number => {
  const char = String.fromCodePoint(cp)
  return CLASSIFIED | (/[\p{L}\p{N}]/u.test(char) ? WORD_UNIT : 0) | (/\p{L}/u.test(char) ? LETTER : 0) |
    (/[\p{L}\p{M}\p{N}'’-]/u.test(char) ? LETTER_TAIL : 0)
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

/** Runs of letters and numbers (what /[\p{L}\p{N}]+/gu matches). */
export const wordCount = (text: string): number => {
  let words = 0
  let inWord = false
  for (let i = 0; i < text.length; i += widthAt(text, i)) {
    const isWordUnit = (classesAt(text, i) & WORD_UNIT) !== 0
    if (isWordUnit && !inWord) words++
    inWord = isWordUnit
  }
  return words
}

/** The runs of letters and numbers themselves, in order. */
export const wordsOf = (text: string): Array<string> => {
  const words: Array<string> = []
  let start = -1
  for (let i = 0; i < text.length; i += widthAt(text, i)) {
    const isWordUnit = (classesAt(text, i) & WORD_UNIT) !== 0
    if (isWordUnit && start < 0) start = i
    else if (!isWordUnit && start >= 0) {
      words.push(text.slice(start, i))
      start = -1
    }
  }
  if (start >= 0) words.push(text.slice(start))
  return words
}

/** Words that start with a letter (the matches of \p{L}[\p{L}\p{M}\p{N}'’-]* in Unicode mode), counted up to `limit`. */
const letterWordCount = (text: string, limit: number): number => {
  let words = 0
  let inWord = false
  for (let i = 0; i < text.length && words < limit; i += widthAt(text, i)) {
    const k = classesAt(text, i)
    if (inWord && (k & LETTER_TAIL) !== 0) continue
    inWord = (k & LETTER) !== 0
    if (inWord) words++
  }
  return words
}

/** A paragraph of running prose: enough words (numbers do not count) and a sentence end. Titles, labels and widgets are not. */
export const looksLikeProse = (text: string): boolean => {
  const words = letterWordCount(text, 25)
  // The end must be a sentence end: "Prof. Dr. A and Dr. B" has full stops but is not prose.
  return words >= 25 || (words >= 8 && /[.!?۔؟।…]["'”’»)]*$/u.test(text))
}
