// Guesses the language of one stretch of text (a sentence or a sample of a body).
// Order: script gate -> marker letters -> trigram ranking (franc's models) over what is left.
// Returns an ISO 639-3 output code ("und" when nothing fits) with a confidence in 0..1:
//   1.0   the script alone decides (one candidate writes in it, e.g. Han -> zho);
//   0.9   marker letters leave exactly one candidate (e.g. Urdu ے ٹ ڑ rule out Persian/Arabic);
//   0.5..0.95 trigram ranking: 0.5 + 0.45 * min(1, gap / fullGap), where gap is franc's
//         normalised score of the best language minus the second best (after merging codes
//         that map to one output code, e.g. pes+prs -> fas). 0.5 = a coin toss between the top
//         two; a gap of fullGap (0.2) or more is where franc was right on nearly all news text.
//   0     und.
import type { CandidatePlan, Candidate } from "./candidates.ts"
import { scoreTrigrams, trigramRankerFor, type TrigramRanker } from "./rank.ts"
import type { TextScan } from "./scan.ts"
import { countMarkersOfEach } from "./scripts.ts"

export interface TextGuess {
  readonly language: string
  readonly confidence: number
  // franc score (1 = best) per output code, only for trigram-ranked guesses: a score per
  // code of `ranked` (no Map per sentence: this runs for every sentence)
  readonly scores: { readonly ranked: ReadonlyArray<string>; readonly values: ReadonlyArray<number> } | undefined
}

export const scoreOf = (guess: TextGuess, output: string): number | undefined => {
  const index = guess.scores?.ranked.indexOf(output) ?? -1
  return index < 0 ? undefined : guess.scores!.values[index]
}

export const unknownGuess: TextGuess = { language: "und", confidence: 0, scores: undefined }

const FULL_GAP = 0.2
const MIN_TRIGRAM_LETTERS = 10 // franc's own minimum length

// The candidates a text's script and marker letters leave, with what guessText needs of
// them worked out once: one object per script and pattern of ruled-out candidates (cached).
export interface Plausible {
  readonly candidates: ReadonlyArray<Candidate>
  readonly outputs: ReadonlySet<string>
  // the guess when at most one output code is left: und, or that code (confidence 1 when the
  // script alone names it, 0.9 when marker letters do)
  readonly settled: TextGuess | undefined
  // trigram ranking among the trigram-model candidates (undefined: none, or franc lacks
  // them): the ranker of all the script's trigram candidates, and the columns of these
  readonly ranker: TrigramRanker | undefined
  readonly columns: Int32Array
  readonly rankedOutputs: ReadonlyArray<string> // the output codes of `columns`
  readonly outputOfColumn: Int32Array // ranker column -> index into rankedOutputs (-1 if not ranked)
}

const toPlausible = (inScript: ReadonlyArray<Candidate>, script: string | undefined, candidates: ReadonlyArray<Candidate>): Plausible => {
  const outputs = new Set(candidates.map((candidate) => candidate.output))
  const byScriptAlone = new Set(inScript.map((candidate) => candidate.output)).size === 1
  const settled = outputs.size === 0
    ? unknownGuess
    : outputs.size === 1
    ? { language: candidates[0]!.output, confidence: byScriptAlone ? 1 : 0.9, scores: undefined }
    : undefined
  const ranked = candidates.filter((candidate) => candidate.kind === "trigram")
  const ranker = settled !== undefined || ranked.length === 0 || script === undefined
    ? undefined
    : trigramRankerFor(script, inScript.filter((candidate) => candidate.kind === "trigram").map((candidate) => candidate.francCode))
  const columnOutputs = (ranker?.languages ?? []).map((francCode) => ranked.find((candidate) => candidate.francCode === francCode)?.output)
  const columns = Int32Array.from(columnOutputs.flatMap((output, column) => (output === undefined ? [] : [column])))
  const rankedOutputs = [...new Set(columnOutputs.filter((output) => output !== undefined))]
  const outputOfColumn = Int32Array.from(columnOutputs, (output) => (output === undefined ? -1 : rankedOutputs.indexOf(output)))
  return { candidates, outputs, settled, ranker, columns, rankedOutputs, outputOfColumn }
}

const noCandidates = toPlausible([], undefined, [])
const MAX_PATTERNS = 1024 // per script's candidate list; few patterns occur
const patternsOf = new WeakMap<ReadonlyArray<Candidate>, Map<number | string, Plausible>>()
let found = new Int32Array(32) // marker counts per candidate (scratch)

// Candidates of the text's script whose exclusion letters are absent (or rare enough to be a
// quoted name), and marker-only languages whose markers are present.
export const plausibleCandidates = (scan: TextScan, plan: CandidatePlan): Plausible => {
  const { counts } = scan
  const script = counts.dominant
  const inScript = script === undefined ? undefined : plan.byScript.get(script)
  if (inScript === undefined) return noCandidates
  let patterns = patternsOf.get(inScript)
  if (patterns === undefined) patternsOf.set(inScript, (patterns = new Map()))
  if (inScript.length <= 1) {
    const cached = patterns.get(0)
    if (cached !== undefined) return cached
    const all = toPlausible(inScript, script, inScript)
    patterns.set(0, all)
    return all
  }
  const tolerated = Math.max(0, Math.floor(counts.letters * plan.markerDensity))
  if (found.length < inScript.length) found = new Int32Array(inScript.length)
  // one count per candidate of inScript
  countMarkersOfEach(scan.markerCounts, scan.markerSlotsSeen, scan.markerSlotsSeenCount, plan.markersByScript.get(script!)!, found)
  // which candidates stay, as bits (or as a string of 0/1 past 30 candidates)
  let bits = 0
  let wide = ""
  for (let i = 0; i < inScript.length; i++) {
    const candidate = inScript[i]!
    const stays = candidate.requiredMarkers !== undefined
      ? found[i]! > tolerated
      : candidate.excludedBy.size === 0 || found[i]! <= tolerated
    if (inScript.length <= 30) bits |= stays ? 1 << i : 0
    else wide += stays ? "1" : "0"
  }
  const pattern = inScript.length <= 30 ? bits : wide
  const cached = patterns.get(pattern)
  if (cached !== undefined) return cached
  const kept = inScript.filter((_, i) => inScript.length <= 30 ? (bits & (1 << i)) !== 0 : wide[i] === "1")
  // Contradictory markers (everything ruled out): ignore them rather than guess from nothing.
  const plausible = toPlausible(inScript, script, kept.length === 0 ? inScript.filter((c) => c.kind !== "marker") : kept)
  if (patterns.size >= MAX_PATTERNS) patterns.clear()
  patterns.set(pattern, plausible)
  return plausible
}

// Guesses the scanned text's language (scan and plausible from the same, latest scan).
export const guessText = (scan: TextScan, plausible: Plausible, allowTrigrams: boolean): TextGuess => {
  const { counts } = scan
  if (counts.letters === 0 || counts.dominant === undefined) return unknownGuess
  if (plausible.settled !== undefined) return plausible.settled
  const { ranker, columns, outputOfColumn } = plausible
  if (!allowTrigrams || counts.letters < MIN_TRIGRAM_LETTERS || ranker === undefined) return unknownGuess
  scoreTrigrams(scan, ranker, columns)
  // Each output code takes the score of its best column (columns best first); the two
  // highest scores in that order, the first of equals winning, as a stable sort would have it.
  const values: Array<number> = []
  for (let o = 0; o < plausible.rankedOutputs.length; o++) values.push(NaN) // NaN: not yet scored
  let best = -1
  let second = -1
  for (let k = 0; k < columns.length; k++) {
    const column = ranker.order[k]!
    const output = outputOfColumn[column]!
    if (!Number.isNaN(values[output])) continue
    const score = ranker.scores[column]!
    values[output] = score
    if (best < 0 || score > values[best]!) {
      second = best
      best = output
    } else if (second < 0 || score > values[second]!) second = output
  }
  if (best < 0) return unknownGuess
  const gap = values[best]! - (second < 0 ? 0 : values[second]!)
  return {
    language: plausible.rankedOutputs[best]!,
    confidence: 0.5 + 0.45 * Math.min(1, gap / FULL_GAP),
    scores: { ranked: plausible.rankedOutputs, values }
  }
}
