// Throughput of the sentence splitter alone on English-like news text.
// Generates a few MB deterministically (seeded PRNG): paragraphs of sentences with titles,
// initials, acronyms, dates, decimals, money, quotes and brackets; times segmentSentences
// paragraph by paragraph, as the pipeline calls it, and prints MB/s (UTF-16 chars / 1e6 per s).
// Run: npx tsx scripts/bench-sentences.ts [megabytes]
import { fileURLToPath } from "node:url"
import { segmentSentences } from "../stages/sentences/segment.ts"

/** mulberry32: small, fast, deterministic */
const seededRandom = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const WORDS = (
  "the of and to in a is that for it as was with be by on not he this are or his from at which but have " +
  "an they you were her she there been one all we their has would when if so no will more said government " +
  "minister security talks regional country officials foreign policy military economic relations visit " +
  "agreement border trade support week report president election party leaders analysts according"
).split(" ")
const NAMES = ["Smith", "Khan", "Lavrov", "Wells", "Asif", "Jones", "Ahmed", "Petrov"]
const OPENINGS = [
  "Mr. {N} said", "Dr. {N} told reporters", "Lt. Gen. {N} added", "Prof. A. Q. {N} wrote",
  "The U.S. Government said", "On Jan. 5 the U.N. said", "In 2017 the company", "Officials",
  "Acme Inc. said", "According to St. Petersburg officials,", "The report (see p. 12)"
]
const ENDINGS = [
  ".", ".", ".", ".", "?", "!", " at 5 p.m.", ", e.g. in the north.", " by 3.5 per cent.",
  " worth $100.00.", ", i.e. now.", " etc.", "...", " in the U.S."
]

const generateSentence = (random: () => number): string => {
  const pick = <A>(items: ReadonlyArray<A>): A => items[Math.floor(random() * items.length)] as A
  const opening = pick(OPENINGS).replace("{N}", pick(NAMES))
  const words: Array<string> = []
  const count = 6 + Math.floor(random() * 18)
  for (let i = 0; i < count; i++) words.push(pick(WORDS))
  const body = `${opening} ${words.join(" ")}${pick(ENDINGS)}`
  return random() < 0.12 ? `"${body.slice(0, -1)}," ${pick(NAMES)} said.` : body
}

export const generateParagraphs = (megabytes: number, seed = 42): ReadonlyArray<string> => {
  const random = seededRandom(seed)
  const paragraphs: Array<string> = []
  let size = 0
  while (size < megabytes * 1e6) {
    const sentences: Array<string> = []
    const count = 2 + Math.floor(random() * 10)
    for (let i = 0; i < count; i++) sentences.push(generateSentence(random))
    const paragraph = sentences.join(" ")
    paragraphs.push(paragraph)
    size += paragraph.length
  }
  return paragraphs
}

export interface SentenceBench {
  readonly mbPerSecond: number
  readonly megabytes: number
  readonly sentences: number
}

export const benchSentences = (megabytes = 4, rounds = 5): SentenceBench => {
  const paragraphs = generateParagraphs(megabytes)
  const chars = paragraphs.reduce((sum, paragraph) => sum + paragraph.length, 0)
  let sentences = 0
  const timings: Array<number> = []
  for (let round = 0; round <= rounds; round++) {
    sentences = 0
    const started = performance.now()
    for (const paragraph of paragraphs) sentences += segmentSentences(paragraph, "eng").length
    if (round > 0) timings.push(performance.now() - started) // round 0 warms up the JIT
  }
  timings.sort((a, b) => a - b)
  const median = timings[Math.floor(timings.length / 2)] ?? Number.NaN
  return { mbPerSecond: chars / 1e6 / (median / 1000), megabytes: chars / 1e6, sentences }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const result = benchSentences(Number(process.argv[2] ?? 4))
  console.log(
    `segmentSentences: ${result.mbPerSecond.toFixed(1)} MB/s ` +
      `(${result.megabytes.toFixed(1)} MB, ${result.sentences} sentences per round, median of 5)`
  )
}
