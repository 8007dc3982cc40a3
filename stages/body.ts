/**
 * body: turns the kept blocks of a draft into the clean body text, and maps
 * sentence spans of that text back to the decoded text.
 *
 * Normalisations (the ones DESIGN.md lets the raw bytes differ by): one block
 * is one paragraph and paragraphs are joined by a blank line; runs of
 * whitespace (tabs, NBSP and other Unicode spaces) become one space; zero-width
 * characters are dropped; a backslash before a quote ("\’", "\"") is dropped.
 * For every UTF-16 unit of the body, `rawStartOf`/`rawEndOf` give the span of the
 * decoded text it came from, so provenance survives every normalisation.
 */
import type { Draft } from "./document.ts"

export interface Paragraph {
  readonly start: number
  readonly end: number
}

export interface Body {
  readonly text: string
  readonly paragraphs: ReadonlyArray<Paragraph>
  /** [rawStartOf(i), rawEndOf(i)): the span of `draft.raw` that body unit i stands for. */
  rawStartOf(i: number): number
  rawEndOf(i: number): number
}

/**
 * Where the body's units come from, as runs of units (not a span per unit: a body is mostly
 * long runs copied as they are, and the spans are read only at sentence edges). Run k starts at
 * body unit bodyStarts[k]; a copied run's units stand for one raw unit each from rawStarts[k]
 * on, any other run's units (a folded space, an unescaped quote, a paragraph break) for all of
 * [rawStarts[k], rawEnds[k]).
 */
class RawRuns {
  readonly bodyStarts: Array<number> = []
  readonly rawStarts: Array<number> = []
  readonly rawEnds: Array<number> = []
  readonly copied: Array<boolean> = []
  add(bodyStart: number, rawStart: number, rawEnd: number, copied: boolean) {
    this.bodyStarts.push(bodyStart)
    this.rawStarts.push(rawStart)
    this.rawEnds.push(rawEnd)
    this.copied.push(copied)
  }
  pop() {
    this.bodyStarts.pop()
    this.rawStarts.pop()
    this.rawEnds.pop()
    this.copied.pop()
  }
  /** The run holding body unit i: the last that starts at or before it. */
  private runOf(i: number): number {
    let low = 0
    let high = this.bodyStarts.length - 1
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if (this.bodyStarts[middle]! <= i) low = middle
      else high = middle - 1
    }
    return low
  }
  startOf(i: number): number {
    const k = this.runOf(i)
    return this.copied[k] ? this.rawStarts[k]! + i - this.bodyStarts[k]! : this.rawStarts[k]!
  }
  endOf(i: number): number {
    const k = this.runOf(i)
    return this.copied[k] ? this.rawStarts[k]! + i - this.bodyStarts[k]! + 1 : this.rawEnds[k]!
  }
}

// A class, not closures made per document (V8 drops their optimized code at every full
// collection: see boilerplate/lineMatcher.ts).
class AssembledBody implements Body {
  constructor(readonly text: string, readonly paragraphs: ReadonlyArray<Paragraph>, private readonly runs: RawRuns) {}
  rawStartOf(i: number): number {
    return this.runs.startOf(i)
  }
  rawEndOf(i: number): number {
    return this.runs.endOf(i)
  }
}

/** What assembleBody does at a code unit: copy it, fold it into a space, drop it, or look at what follows (a backslash). */
const COPIED = 0
const WHITESPACE = 1
const ZERO_WIDTH = 2
const BACKSLASH = 3
const unitKinds = (() => {
  const kinds = new Uint8Array(0x10000)
  const whitespace = [32, 9, 10, 11, 12, 13, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000]
  for (let c = 0x2000; c <= 0x200a; c++) whitespace.push(c)
  for (const c of whitespace) kinds[c] = WHITESPACE
  for (const c of [0x200b, 0x200c, 0x200d, 0x2060, 0xfeff]) kinds[c] = ZERO_WIDTH
  kinds[92] = BACKSLASH
  return kinds
})()
/** Quotes a backslash may escape ("\’", "\""): the backslash is dropped. */
const QUOTES = "\"'’‘“”`"
const isQuote = (() => {
  const quotes = new Uint8Array(0x10000)
  for (let i = 0; i < QUOTES.length; i++) quotes[QUOTES.charCodeAt(i)] = 1
  return quotes
})()

/** The whitespace and zero-width units, as the inside of a regex character class. */
const foldedClass = (() => {
  const units: Array<string> = []
  for (let c = 0; c < 0x10000; c++) {
    if (unitKinds[c] === WHITESPACE || unitKinds[c] === ZERO_WIDTH) units.push(`\\u${c.toString(16).padStart(4, "0")}`)
  }
  return units.join("")
})()
/**
 * Units that may not be copied as they are: whitespace or zero-width, except a space
 * followed by a unit that is neither (a space between words stands for itself), and a
 * backslash before a quote. Every match is one unit long. The regex engine skips the
 * ordinary text between them faster than a loop over every unit.
 */
const NEEDS_A_LOOK = new RegExp(`[${foldedClass.replace("\\u0020", "")}]| (?![^${foldedClass}])|\\\\(?=[${QUOTES}])`, "g")

/** The next unit at or after `from` that NEEDS_A_LOOK, or `limit` if none comes before it. */
const nextToLookAt = (raw: string, from: number, limit: number): number => {
  NEEDS_A_LOOK.lastIndex = from
  if (!NEEDS_A_LOOK.test(raw)) return limit
  return Math.min(NEEDS_A_LOOK.lastIndex - 1, limit)
}

export const assembleBody = (draft: Draft): Body => {
  const { raw, blocks } = draft
  const runs = new RawRuns()
  const parts: Array<string> = []
  const paragraphs: Array<Paragraph> = []
  let length = 0 // no closure captures it, so it stays in a register

  for (const block of blocks) {
    const paragraphStart = length
    const end = block.end
    // A space at either edge of the block is dropped, which NEEDS_A_LOOK (seeing the
    // text around the block) cannot tell: those two units are always looked at.
    const copyLimit = raw.charCodeAt(end - 1) === 32 ? end - 1 : end
    let i = block.start
    while (i < end) {
      let next = i === block.start && raw.charCodeAt(i) === 32 ? i : nextToLookAt(raw, i, copyLimit)
      const kind = next < end ? unitKinds[raw.charCodeAt(next)]! : COPIED
      // A backslash whose quote lies outside the block is copied with the run.
      if (kind === BACKSLASH && !(next + 1 < end && isQuote[raw.charCodeAt(next + 1)] === 1)) next++
      if (next > i) {
        // Copy the run [i, next) as it is.
        runs.add(length, i, next, true)
        length += next - i
        parts.push(raw.slice(i, next))
        i = next
        continue
      }
      if (kind === BACKSLASH) {
        // "\’" -> "’", standing for both units.
        parts.push(raw[i + 1]!)
        runs.add(length, i, i + 2, false)
        length++
        i += 2
      } else {
        // A run of whitespace and zero-width characters: one space if it holds whitespace and
        // lies inside the paragraph, nothing otherwise.
        let j = i
        let sawSpace = false
        while (j < end) {
          const k = unitKinds[raw.charCodeAt(j)]
          if (k === WHITESPACE) sawSpace = true
          else if (k !== ZERO_WIDTH) break
          j++
        }
        if (sawSpace && length > paragraphStart && j < end) {
          parts.push(" ")
          runs.add(length, i, j, false)
          length++
        }
        i = j
      }
    }
    if (length > paragraphStart) {
      paragraphs.push({ start: paragraphStart, end: length })
      // The blank line between paragraphs stands for no raw text.
      parts.push("\n\n")
      runs.add(length, end, end, false)
      length += 2
    }
  }
  if (paragraphs.length > 0) {
    // Drop the separator after the last paragraph.
    parts.pop()
    runs.pop()
    length -= 2
  }
  return new AssembledBody(parts.join(""), paragraphs, runs)
}

/** Maps UTF-16 offsets of `text` to code point offsets (what Python's str slicing uses). */
export const codePointOffsets = (text: string): ((utf16: number) => number) => {
  if (!/[\ud800-\udfff]/.test(text)) return (i) => i
  const table = new Int32Array(text.length + 1)
  let cp = 0
  for (let i = 0; i < text.length; i++) {
    table[i] = cp
    const c = text.charCodeAt(i)
    if (c < 0xd800 || c > 0xdbff) cp++
  }
  table[text.length] = cp
  return (i) => table[i]!
}

const LOW_SURROGATE = /[\udc00-\udfff]/

export const codePointLength = (text: string): number => {
  // Units DC00–DFFF (second halves of pairs) are not counted; most texts have none.
  if (!LOW_SURROGATE.test(text)) return text.length
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0xdc00 || c > 0xdfff) n++
  }
  return n
}
