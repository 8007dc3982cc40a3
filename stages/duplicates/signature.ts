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
import { createHash } from "node:crypto"

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
/** Classes of BMP code units, filled on first sight (0 = not yet classified); the regexes run once per distinct character. */
const bmpClasses = new Uint8Array(0x10000)
const classOf = (unit: number): number => {
  const known = bmpClasses[unit]!
  if (known !== 0) return known
  const k = classifyCodePoint(unit)
  bmpClasses[unit] = k
  return k
}

const FNV_OFFSET = 0x811c9dc5
const FNV_PRIME = 0x01000193

/**
 * Calls `onWord` with the FNV-1a hash of each word of the lower-cased text, in
 * order. A hand-written scan (about 6× faster than a Unicode-property regex).
 */
const forEachWordHash = (text: string, onWord: (hash: number) => void) => {
  const t = text.toLowerCase()
  let hash = FNV_OFFSET
  let inWord = false
  const endWord = () => {
    if (inWord) onWord(hash >>> 0)
    hash = FNV_OFFSET
    inWord = false
  }
  for (let i = 0; i < t.length; i++) {
    const unit = t.charCodeAt(i)
    const astral = unit >= 0xd800 && unit < 0xdc00 && i + 1 < t.length
    const k = astral ? classifyCodePoint(t.codePointAt(i)!) : classOf(unit)
    if (k === SEPARATOR) {
      endWord()
    } else {
      if (k === SINGLE_CHAR_WORD) endWord()
      hash = Math.imul(hash ^ unit, FNV_PRIME)
      if (astral) hash = Math.imul(hash ^ t.charCodeAt(++i), FNV_PRIME)
      inWord = true
      if (k === SINGLE_CHAR_WORD) endWord()
    }
  }
  endWord()
}

/** Polynomial base of the rolling shingle hash. */
const BASE = 0x01000193
/** BASE^SHINGLE_WORDS mod 2^32, to take the oldest word out of the rolling hash. */
const BASE_POWER = Array.from({ length: SHINGLE_WORDS }).reduce<number>((p) => Math.imul(p, BASE), 1)

/**
 * The minimum of every permutation over all `shingles` (the first `count`). Values are
 * compared as signed int32 (an order like any other) so the loop stays in small integers;
 * permutation by permutation, the running minimum stays in a register: under 1 ns a step.
 */
const minimaOf = (shingles: Int32Array, count: number): Int32Array => {
  const minima = new Int32Array(PERMUTATIONS)
  for (let i = 0; i < PERMUTATIONS; i++) {
    const seed = SEEDS[i]!
    const multiplier = MULTIPLIERS[i]!
    let min = 0x7fffffff
    for (let s = 0; s < count; s++) {
      // A seeded multiply-xorshift permutation of the (already mixed) shingle hash.
      let h = Math.imul(shingles[s]! ^ seed, multiplier)
      h ^= h >>> 15
      if (h < min) min = h
    }
    minima[i] = min
  }
  return minima
}

/** The MinHash minima of the body's shingles (full 32-bit values, as int32). */
export const minHashMinima = (text: string): Int32Array => {
  let shingles = new Int32Array(256)
  let count = 0
  const add = (shingle: number) => {
    if (count === shingles.length) {
      const grown = new Int32Array(2 * count)
      grown.set(shingles)
      shingles = grown
    }
    shingles[count++] = shingle
  }
  const window = new Int32Array(SHINGLE_WORDS)
  let rolling = 0
  let words = 0
  forEachWordHash(text, (word) => {
    const slot = words % SHINGLE_WORDS
    rolling = (Math.imul(rolling, BASE) + word - Math.imul(words >= SHINGLE_WORDS ? window[slot]! : 0, BASE_POWER)) | 0
    window[slot] = word
    words++
    if (words >= SHINGLE_WORDS) add(mix32(rolling))
  })
  // Shorter than one shingle: the whole (short) word sequence is the one shingle;
  // with no word at all, the text itself is.
  if (words > 0 && words < SHINGLE_WORDS) add(mix32(rolling))
  if (words === 0) {
    let hash = FNV_OFFSET
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME)
    add(mix32(hash))
  }
  return minimaOf(shingles, count)
}

/** The signature of one clean body. Pure; costs one pass over the words plus PERMUTATIONS steps per word. */
export const signDocument = (text: string): Signature => {
  const minima = minHashMinima(text)
  const minHashes = new Uint8Array(PERMUTATIONS)
  for (let i = 0; i < PERMUTATIONS; i++) minHashes[i] = minima[i]! & 0xff
  return { exactHash: createHash("sha256").update(text).digest("hex").slice(0, 16), minHashes }
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
