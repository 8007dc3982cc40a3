/**
 * Pull quotes: a standalone line that repeats (part of) a longer body paragraph, marked as
 * "pull_quote" in the kinds of the boilerplate stage (stages/boilerplate.ts).
 */
import type { RemovalKind } from "../../pipeline/schema.ts"
import { lowerUnitOf, scanLowerWords, scanWords, wordCount } from "../document.ts"

// Scratch arrays for markPullQuotes, reused from document to document (allocating fresh typed
// arrays for every document costs more than the work done in them). Grown on demand.
let paragraphArrays = { firstWord: new Int32Array(256), joinedLength: new Int32Array(256) }
let wordArrays = {
  starts: new Int32Array(4096),
  ends: new Int32Array(4096),
  hashes: new Int32Array(4096),
  wordSlot: new Int32Array(4096),
  entryParagraph: new Int32Array(4096),
  entryPrevious: new Int32Array(4096)
}
let slotArrays = { slotHash: new Int32Array(1024), slotUsed: new Uint8Array(1024), slotCount: new Int32Array(1024), slotLast: new Int32Array(1024) }
const paragraphScratch = (n: number) => {
  if (paragraphArrays.firstWord.length < n) paragraphArrays = { firstWord: new Int32Array(2 * n), joinedLength: new Int32Array(2 * n) }
  return paragraphArrays
}
const wordScratch = (n: number) => {
  if (wordArrays.starts.length < n) {
    const m = 2 * n
    wordArrays = {
      starts: new Int32Array(m),
      ends: new Int32Array(m),
      hashes: new Int32Array(m),
      wordSlot: new Int32Array(m),
      entryParagraph: new Int32Array(m),
      entryPrevious: new Int32Array(m)
    }
  }
  return wordArrays
}
/** Slot arrays of `size` entries, cleared. */
const slotScratch = (size: number) => {
  if (slotArrays.slotHash.length < size) {
    slotArrays = { slotHash: new Int32Array(size), slotUsed: new Uint8Array(size), slotCount: new Int32Array(size), slotLast: new Int32Array(size) }
  } else {
    slotArrays.slotUsed.fill(0, 0, size)
    slotArrays.slotCount.fill(0, 0, size)
  }
  return slotArrays
}

/**
 * Pull quotes: a standalone line that repeats (part of) a longer body paragraph. Texts are
 * compared as their lower-case words joined by single spaces, so a paragraph holds a quote when
 * the quote's words appear in it in a row. A paragraph can hold the quote only if it holds each
 * of its words, so only the paragraphs that hold the quote's rarest word are compared:
 * near-linear even with thousands of paragraphs. Words are indexed by a hash of their characters
 * in typed arrays (a collision only adds paragraphs to compare) and compared in place, unsliced.
 */
export const markPullQuotes = (texts: ReadonlyArray<string>, kinds: Array<RemovalKind | undefined>, headEnd: number): void => {
  // The words of each paragraph, as read in its lower-case text: offsets into `source[j]` (the
  // text itself when lower-casing maps it unit for unit, else its lower-cased copy), and hashes.
  const source: Array<string> = []
  const mapped: Array<boolean> = [] // source[j] is the text as printed: compare its units lower-cased
  const candidates: Array<number> = []
  let capacity = 0
  for (let j = headEnd; j < texts.length; j++) {
    if (kinds[j] === undefined) capacity += 2 * texts[j]!.length + 1
  }
  const { firstWord, joinedLength } = paragraphScratch(texts.length + 1)
  const { starts, ends, hashes, wordSlot, entryParagraph, entryPrevious } = wordScratch(capacity)
  let words = 0
  for (let j = 0; j < texts.length; j++) {
    firstWord[j] = words
    joinedLength[j] = 0 // of the words joined by single spaces
    if (j < headEnd || kinds[j] !== undefined) continue
    const text = texts[j]!
    let end = scanLowerWords(text, starts, ends, hashes, words)
    let count = end - words
    source[j] = text
    mapped[j] = end >= 0
    if (end < 0) {
      const lower = text.toLowerCase()
      source[j] = lower
      end = scanWords(lower, starts, ends, hashes, words)
      count = wordCount(text) // of the text as printed (lower-casing can split a word)
    }
    for (let w = words; w < end; w++) joinedLength[j] = joinedLength[j]! + ends[w]! - starts[w]! + 1
    if (end > words) joinedLength[j] = joinedLength[j]! - 1
    words = end
    if (count >= 6 && count <= 80) candidates.push(j)
  }
  firstWord[texts.length] = words
  if (candidates.length === 0) return
  // Open-addressed table: hash -> the paragraphs holding a word with that hash (a linked list).
  let bits = 4
  while (1 << bits < 2 * words) bits++
  const size = 1 << bits
  const { slotHash, slotUsed, slotCount, slotLast } = slotScratch(size)
  let entries = 0
  for (let j = headEnd; j < texts.length; j++) {
    for (let w = firstWord[j]!; w < firstWord[j + 1]!; w++) {
      const hash = hashes[w]!
      let slot = Math.imul(hash, 0x9e3779b1) >>> (32 - bits)
      while (slotUsed[slot] === 1 && slotHash[slot] !== hash) slot = (slot + 1) & (size - 1)
      if (slotUsed[slot] === 0) {
        slotUsed[slot] = 1
        slotHash[slot] = hash
        slotLast[slot] = -1
      }
      wordSlot[w] = slot
      const last = slotLast[slot]!
      if (last >= 0 && entryParagraph[last] === j) continue
      entryParagraph[entries] = j
      entryPrevious[entries] = last
      slotLast[slot] = entries++
      slotCount[slot] = slotCount[slot]! + 1
    }
  }
  const unitAt = (j: number, k: number) => (mapped[j] ? lowerUnitOf(source[j]!.charCodeAt(k)) : source[j]!.charCodeAt(k))
  /** Whether word `aw` of paragraph `a` and word `bw` of paragraph `b` are the same lower-case word. */
  const sameWord = (a: number, aw: number, b: number, bw: number): boolean => {
    if (hashes[aw] !== hashes[bw]) return false
    const aStart = starts[aw]!
    const bStart = starts[bw]!
    const length = ends[aw]! - aStart
    if (ends[bw]! - bStart !== length) return false
    for (let k = 0; k < length; k++) if (unitAt(a, aStart + k) !== unitAt(b, bStart + k)) return false
    return true
  }
  /** Whether the words of paragraph `i` appear in a row among those of paragraph `j`. */
  const holdsQuote = (j: number, i: number): boolean => {
    const quoteFirst = firstWord[i]!
    const quoteWords = firstWord[i + 1]! - quoteFirst
    const last = firstWord[j + 1]! - quoteWords
    for (let at = firstWord[j]!; at <= last; at++) {
      let k = 0
      while (k < quoteWords && sameWord(j, at + k, i, quoteFirst + k)) k++
      if (k === quoteWords) return true
    }
    return false
  }
  for (const i of candidates) {
    if (kinds[i] !== undefined) continue
    let rarest = -1
    for (let w = firstWord[i]!; w < firstWord[i + 1]!; w++) {
      const slot = wordSlot[w]!
      if (rarest < 0 || slotCount[slot]! < slotCount[rarest]!) rarest = slot
    }
    for (let e = slotLast[rarest]!; e >= 0; e = entryPrevious[e]!) {
      const j = entryParagraph[e]!
      if (j !== i && kinds[j] === undefined && joinedLength[j]! > joinedLength[i]! && holdsQuote(j, i)) {
        kinds[i] = "pull_quote"
        break
      }
    }
  }
}
