/**
 * signature: the compact fingerprint of one clean body, computed once per
 * document in the flow; the texts themselves are never kept for grouping.
 *
 * - `exactHash`: the first 16 hex digits of sha256(body). Equal bodies (after
 *   the normalisations stages/body.ts applies) give equal hashes.
 * - `minHashes`: b-bit MinHash (Broder 1997; Li & König, "b-Bit Minwise
 *   Hashing", WWW 2010) over word shingles: for each of PERMUTATIONS seeded
 *   hash functions, the lowest 8 bits of the minimum hash over the document's
 *   shingles. Two documents agree on a position with probability
 *   J + (1 - J) / 256, where J is the Jaccard similarity of their shingle sets.
 *
 * Shingles: SHINGLE_WORDS consecutive words of the lower-cased body. A word is
 * a run of letters, marks and digits; in Han, Hiragana and Katakana text, which
 * has no spaces, each character is a word. Punctuation and spacing are ignored,
 * so re-wrapped or re-punctuated copies still match.
 *
 * Every hash is a fixed function of fixed seeds: the same text gives the same
 * signature in every run, process and shard.
 */
import { hash as oneShotHash } from "node:crypto"
import { makeMinimaKernel } from "./minima.ts"

/** Words per shingle: 5 is the usual choice for news-length text (Broder; datatrove, dolma). */
export const SHINGLE_WORDS = 5
/** Hash functions, i.e. positions of the signature. */
export const PERMUTATIONS = 128
/** Bits kept of each minimum (b-bit MinHash): one byte per position. */
export const BITS_PER_HASH = 8

export interface Signature {
  /** First 16 hex digits of sha256 of the clean body. */
  readonly exactHash: string
  /** PERMUTATIONS one-byte MinHash values. */
  readonly minHashes: Uint8Array
}

/** Murmur3's 32-bit finaliser: a bijection of 32-bit integers that mixes every input bit into every output bit. */
const mix32 = (h: number): number => {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  return (h ^ (h >>> 16)) >>> 0
}

/** Per-permutation seeds and odd multipliers, derived from a fixed counter (splitmix-like), never from a random source. */
const SEEDS = Int32Array.from({ length: PERMUTATIONS }, (_, i) => mix32(Math.imul(i + 1, 0x9e3779b9)))
const MULTIPLIERS = Int32Array.from({ length: PERMUTATIONS }, (_, i) => mix32(Math.imul(i + 1, 0x7feb352d) ^ 0x5bd1e995) | 1)

/** Code point classes: a character of a word, a word on its own (Han, Hiragana, Katakana: no spaces between words), or neither. */
const WORD_CHAR = 1
const SINGLE_CHAR_WORD = 2
const SEPARATOR = 3
const LETTER_MARK_DIGIT = /[\p{L}\p{M}\p{N}]/u
const UNSPACED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u
const classifyCodePoint = (cp: number): number => {
  const s = String.fromCodePoint(cp)
  return UNSPACED_SCRIPT.test(s) ? SINGLE_CHAR_WORD : LETTER_MARK_DIGIT.test(s) ? WORD_CHAR : SEPARATOR
}
/** High surrogate: the class is that of the code point it opens (in the BMP table only). */
const ASTRAL_LEAD = 4
/**
 * Class of every BMP code unit, built once at load with two regex passes over a string of
 * all of them (the same answers as classifyCodePoint, unit by unit). Surrogates are
 * separators on their own; a high surrogate followed by another unit is read as a pair.
 */
const bmpClasses = (() => {
  const classes = new Uint8Array(0x10000).fill(SEPARATOR)
  const units: Array<string> = []
  for (let unit = 0; unit < 0x10000; unit++) units.push(unit >= 0xd800 && unit <= 0xdfff ? " " : String.fromCharCode(unit))
  const all = units.join("")
  for (const match of all.matchAll(/[\p{L}\p{M}\p{N}]/gu)) classes[match.index] = WORD_CHAR
  // Tested first by classifyCodePoint, so it wins.
  for (const match of all.matchAll(/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu)) classes[match.index] = SINGLE_CHAR_WORD
  classes.fill(ASTRAL_LEAD, 0xd800, 0xdc00)
  return classes
})()
/** Classes of astral code points (emoji, rare Han), found by the regexes once per distinct code point. */
const astralClasses = new Map<number, number>()
const astralClassOf = (cp: number): number => {
  let k = astralClasses.get(cp)
  if (k === undefined) {
    k = classifyCodePoint(cp)
    astralClasses.set(cp, k)
  }
  return k
}

const FNV_OFFSET = 0x811c9dc5
const FNV_PRIME = 0x01000193

/** Polynomial base of the rolling shingle hash. */
const BASE = 0x01000193
/** BASE^SHINGLE_WORDS mod 2^32, to take the oldest word out of the rolling hash. */
const BASE_POWER = Array.from({ length: SHINGLE_WORDS }).reduce<number>((p) => Math.imul(p, BASE), 1)

/** Word hashes of the current document, reused (and grown) across documents: nothing is allocated per word. */
let wordBuffer = new Int32Array(4096)
/** The minima step; shingle hashes are written straight into its memory. */
const kernel = makeMinimaKernel(SEEDS, MULTIPLIERS)

/**
 * Writes the FNV-1a hash of each word of the lower-cased text, in order, into `wordBuffer`
 * and returns their number. A hand-written scan (about 6× faster than a Unicode-property regex).
 */
const hashWords = (text: string): number => {
  const t = text.toLowerCase()
  const length = t.length
  // At most one word per code unit.
  if (wordBuffer.length < length) wordBuffer = new Int32Array(length)
  const words = wordBuffer
  let count = 0
  let hash = FNV_OFFSET
  let inWord = false
  for (let i = 0; i < length; i++) {
    const unit = t.charCodeAt(i)
    let k = bmpClasses[unit]!
    if (k === WORD_CHAR) {
      // The common case first: one more character of the open word.
      hash = Math.imul(hash ^ unit, FNV_PRIME)
      inWord = true
      continue
    }
    const astral = k === ASTRAL_LEAD && i + 1 < length
    if (astral) k = astralClassOf(t.codePointAt(i)!)
    else if (k === ASTRAL_LEAD) k = SEPARATOR // a high surrogate ending the text
    if (k === SEPARATOR) {
      if (inWord) words[count++] = hash
      hash = FNV_OFFSET
      inWord = false
    } else if (k === WORD_CHAR) {
      // An astral character of a word: both halves of the pair.
      hash = Math.imul(Math.imul(hash ^ unit, FNV_PRIME) ^ t.charCodeAt(++i), FNV_PRIME)
      inWord = true
    } else {
      // SINGLE_CHAR_WORD: closes the open word, then is a word of its own.
      if (inWord) words[count++] = hash
      let single = Math.imul(FNV_OFFSET ^ unit, FNV_PRIME)
      if (astral) single = Math.imul(single ^ t.charCodeAt(++i), FNV_PRIME)
      words[count++] = single
      hash = FNV_OFFSET
      inWord = false
    }
  }
  if (inWord) words[count++] = hash
  return count
}

/**
 * Writes the hash of every shingle of the text into the kernel's memory and returns their number:
 * mix32 of a polynomial rolling hash of SHINGLE_WORDS consecutive word hashes, updated once per word.
 */
const hashShingles = (text: string): number => {
  const wordCount = hashWords(text)
  const words = wordBuffer
  const shingles = kernel.shingles(wordCount + 1)
  let count = 0
  let rolling = 0
  for (let w = 0; w < wordCount; w++) {
    const leaving = w >= SHINGLE_WORDS ? words[w - SHINGLE_WORDS]! : 0
    rolling = (Math.imul(rolling, BASE) + words[w]! - Math.imul(leaving, BASE_POWER)) | 0
    if (w + 1 >= SHINGLE_WORDS) shingles[count++] = mix32(rolling)
  }
  // Shorter than one shingle: the whole (short) word sequence is the one shingle;
  // with no word at all, the text itself is.
  if (wordCount > 0 && wordCount < SHINGLE_WORDS) shingles[count++] = mix32(rolling)
  if (wordCount === 0) {
    let whole = FNV_OFFSET
    for (let i = 0; i < text.length; i++) whole = Math.imul(whole ^ text.charCodeAt(i), FNV_PRIME)
    shingles[count++] = mix32(whole)
  }
  return count
}

/** The MinHash minima of the body's shingles (full 32-bit values, as int32). */
export const minHashMinima = (text: string): Int32Array => Int32Array.from(kernel.run(hashShingles(text)))

/** The signature of one clean body. Pure; costs one pass over the words plus PERMUTATIONS steps per word. */
export const signDocument = (text: string): Signature => {
  const minima = kernel.run(hashShingles(text))
  const minHashes = new Uint8Array(PERMUTATIONS)
  for (let i = 0; i < PERMUTATIONS; i++) minHashes[i] = minima[i]! & 0xff
  return { exactHash: oneShotHash("sha256", text, "hex").slice(0, 16), minHashes }
}

/** Chance that two unrelated documents agree on one b-bit position. */
const CHANCE_AGREEMENT = 1 / 2 ** BITS_PER_HASH

/**
 * Estimated Jaccard similarity of two signatures' shingle sets: the share of
 * agreeing positions, corrected for chance agreement of b-bit values, in [0, 1].
 */
export const estimateSimilarity = (a: Uint8Array, b: Uint8Array): number => {
  let agree = 0
  for (let i = 0; i < PERMUTATIONS; i++) if (a[i] === b[i]) agree++
  return similarityFromAgreement(agree)
}

/** Estimated Jaccard similarity from the number of agreeing positions, corrected for chance. */
export const similarityFromAgreement = (agree: number): number =>
  agree === PERMUTATIONS ? 1 : Math.max(0, (agree / PERMUTATIONS - CHANCE_AGREEMENT) / (1 - CHANCE_AGREEMENT))

/** A signature as one line of text (exact hash, ':', base64 MinHashes), for spool and shard files. */
export const formatSignature = (s: Signature): string => `${s.exactHash}:${Buffer.from(s.minHashes).toString("base64")}`

/** Reads `formatSignature`'s text back; undefined when it is not one. */
export const parseSignature = (text: string): Signature | undefined => {
  const [exactHash, minHashes] = text.split(":")
  if (exactHash === undefined || minHashes === undefined || !/^[0-9a-f]{16}$/.test(exactHash)) return undefined
  const bytes = new Uint8Array(Buffer.from(minHashes, "base64"))
  return bytes.length === PERMUTATIONS ? { exactHash, minHashes: bytes } : undefined
}
