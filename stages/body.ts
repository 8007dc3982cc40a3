/**
 * body: turns the kept blocks of a draft into the clean body text, and maps
 * sentence spans of that text back to the decoded text.
 *
 * Normalisations (the ones DESIGN.md lets the raw bytes differ by): one block
 * is one paragraph and paragraphs are joined by a blank line; runs of
 * whitespace (tabs, NBSP and other Unicode spaces) become one space; zero-width
 * characters are dropped; a backslash before a quote ("\’", "\"") is dropped.
 * For every UTF-16 unit of the body, `rawStart`/`rawEnd` give the span of the
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
  /** rawStart[i], rawEnd[i]: the span of `draft.raw` that body unit i stands for. */
  readonly rawStart: Int32Array
  readonly rawEnd: Int32Array
}

const isZeroWidth = (c: number) => c === 0x200b || c === 0x200c || c === 0x200d || c === 0x2060 || c === 0xfeff
const isWhitespace = (c: number) =>
  c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
  c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000
const QUOTES = new Set(["\"", "'", "’", "‘", "“", "”", "`"])

export const assembleBody = (draft: Draft): Body => {
  const { raw } = draft
  const capacity = draft.blocks.reduce((n, b) => n + b.end - b.start + 2, 0)
  const rawStart = new Int32Array(capacity)
  const rawEnd = new Int32Array(capacity)
  const parts: Array<string> = []
  const paragraphs: Array<Paragraph> = []
  let length = 0
  const emit = (s: string, from: number, to: number) => {
    parts.push(s)
    for (let k = 0; k < s.length; k++) {
      rawStart[length] = from
      rawEnd[length] = to
      length++
    }
  }

  for (const block of draft.blocks) {
    const paragraphStart = length
    let i = block.start
    let runStart = i // start of a run of plain characters copied as they are
    const flush = (upTo: number) => {
      for (let k = runStart; k < upTo; k++) {
        rawStart[length] = k
        rawEnd[length] = k + 1
        length++
      }
      if (upTo > runStart) parts.push(raw.slice(runStart, upTo))
    }
    while (i < block.end) {
      const c = raw.charCodeAt(i)
      if (c > 32 && c < 0x7f && c !== 92) i++ // printable ASCII other than \: copied as it is
      else if (isWhitespace(c) || isZeroWidth(c)) {
        flush(i)
        let j = i
        let sawSpace = false
        while (j < block.end && (isWhitespace(raw.charCodeAt(j)) || isZeroWidth(raw.charCodeAt(j)))) {
          if (isWhitespace(raw.charCodeAt(j))) sawSpace = true
          j++
        }
        if (sawSpace && length > paragraphStart && j < block.end) emit(" ", i, j)
        i = runStart = j
      } else if (c === 92 /* \ */ && i + 1 < block.end && QUOTES.has(raw[i + 1]!)) {
        flush(i)
        emit(raw[i + 1]!, i, i + 2)
        i = runStart = i + 2
      } else i++
    }
    flush(block.end)
    if (length > paragraphStart) {
      paragraphs.push({ start: paragraphStart, end: length })
      emit("\n\n", block.end, block.end)
    }
  }
  if (paragraphs.length > 0) {
    // Drop the separator after the last paragraph.
    parts.pop()
    length -= 2
  }
  return { text: parts.join(""), paragraphs, rawStart: rawStart.subarray(0, length), rawEnd: rawEnd.subarray(0, length) }
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

export const codePointLength = (text: string): number => {
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c < 0xdc00 || c > 0xdfff) n++
  }
  return n
}
