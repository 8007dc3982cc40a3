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
import { countMarkersOfEach, type ScriptCounts } from "./scripts.ts"
import { rankByTrigrams } from "./rank.ts"

export interface TextGuess {
  readonly language: string
  readonly confidence: number
  // output code -> franc score (1 = best); only for trigram-ranked guesses
  readonly scores: ReadonlyMap<string, number> | undefined
}

export const unknownGuess: TextGuess = { language: "und", confidence: 0, scores: undefined }

const FULL_GAP = 0.2
const MIN_TRIGRAM_LETTERS = 10 // franc's own minimum length

// Candidates of the text's script whose exclusion letters are absent (or rare enough to be a
// quoted name), and marker-only languages whose markers are present.
export const plausibleCandidates = (
  text: string,
  counts: ScriptCounts,
  plan: CandidatePlan
): { readonly inScript: ReadonlyArray<Candidate>; readonly plausible: ReadonlyArray<Candidate> } => {
  const inScript = counts.dominant === undefined ? [] : (plan.byScript.get(counts.dominant) ?? [])
  if (inScript.length <= 1) return { inScript, plausible: inScript }
  const tolerated = Math.max(0, Math.floor(counts.letters * plan.markerDensity))
  const found = countMarkersOfEach(text, plan.markersByScript.get(counts.dominant!)!) // one count per candidate of inScript
  const plausible = inScript.filter((candidate, i) =>
    candidate.requiredMarkers !== undefined ? found[i]! > tolerated : candidate.excludedBy.size === 0 || found[i]! <= tolerated
  )
  // Contradictory markers (everything ruled out): ignore them rather than guess from nothing.
  return { inScript, plausible: plausible.length === 0 ? inScript.filter((c) => c.kind !== "marker") : plausible }
}

export const guessText = (
  text: string,
  counts: ScriptCounts,
  plan: CandidatePlan,
  allowTrigrams: boolean
): TextGuess => {
  if (counts.letters === 0 || counts.dominant === undefined) return unknownGuess
  const { inScript, plausible } = plausibleCandidates(text, counts, plan)
  const outputs = new Set(plausible.map((candidate) => candidate.output))
  if (outputs.size === 0) return unknownGuess
  const only = plausible[0]!
  if (outputs.size === 1) {
    const byScriptAlone = new Set(inScript.map((candidate) => candidate.output)).size === 1
    return { language: only.output, confidence: byScriptAlone ? 1 : 0.9, scores: undefined }
  }
  const ranked = plausible.filter((candidate) => candidate.kind === "trigram")
  if (!allowTrigrams || counts.letters < MIN_TRIGRAM_LETTERS || ranked.length === 0) return unknownGuess
  const scores = new Map<string, number>()
  for (const [francCode, score] of rankByTrigrams(text, counts.dominant, ranked.map((c) => c.francCode))) {
    const output = ranked.find((candidate) => candidate.francCode === francCode)?.output
    if (output !== undefined && !scores.has(output)) scores.set(output, score)
  }
  // The two highest scores (the first of equals wins, as a stable sort would have it).
  let best: readonly [string, number] | undefined
  let second: readonly [string, number] | undefined
  for (const entry of scores) {
    if (best === undefined || entry[1] > best[1]) [best, second] = [entry, best]
    else if (second === undefined || entry[1] > second[1]) second = entry
  }
  if (best === undefined) return unknownGuess
  const gap = best[1] - (second?.[1] ?? 0)
  return { language: best[0], confidence: 0.5 + 0.45 * Math.min(1, gap / FULL_GAP), scores }
}
