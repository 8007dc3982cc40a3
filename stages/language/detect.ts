// Language stage: takes the clean body's sentences (in order) and the candidate languages,
// returns the document's language and one guess per sentence, as ISO 639-3 codes
// (macrolanguages: fas, ara, zho, pus, uzb, msa ...; "und" when unknown) with confidences.
// Rules: franc 6.2's trigram models restricted to the candidates; script and marker-letter
// gates and code maps from data/languages.json; thresholds from PERFORMANCE.md and the issue.
//   - Document = letter-weighted vote of the sentences long enough to judge, over the whole
//     body (franc itself reads only the first 2,048 chars). Confidence = winner's share of the
//     voting letters x the letter-weighted mean confidence of its votes.
//   - A sentence of at least RELIABLE_LENGTH chars is judged on its own; if the document's
//     language scores within PRIOR_MARGIN of the best, the document's language is kept
//     (confidence CLOSE_CALL_CONFIDENCE): name-dense sentences fool trigrams.
//   - A shorter sentence takes the document's language (confidence x INHERIT_FACTOR) unless
//     its script or marker letters rule that out; then it gets the one language its script
//     and markers allow, or "und". A confident wrong label on a short sentence is the failure
//     this avoids.
import languageData from "../../data/languages.json" with { type: "json" }
import { buildCandidatePlan, type CandidatePlan } from "./candidates.ts"
import { guessText, type Plausible, plausibleCandidates, scoreOf, unknownGuess, type TextGuess } from "./guess.ts"
import { scanText } from "./scan.ts"
import type { ScriptCounts } from "./scripts.ts"

export interface LanguageGuess {
  readonly language: string // ISO 639-3 (macrolanguage codes), "und" when unknown
  readonly confidence: number // 0..1, see guess.ts for what each level means
}

export interface LanguageOptions {
  readonly candidates: ReadonlyArray<string> // ISO 639-3 codes, e.g. ["eng", "urd", "rus"]
}

export const defaultLanguageOptions: LanguageOptions = { candidates: languageData.defaultCandidates }

const RELIABLE_LENGTH = 40 // chars; franc is 70-85% right below this
const PRIOR_MARGIN = 0.2 // franc score gap within which the document's language is kept
const CLOSE_CALL_CONFIDENCE = 0.6
const INHERIT_FACTOR = 0.9
const SAMPLE_WINDOWS = 4 // fallback sample when no sentence is long enough to vote
const SAMPLE_WINDOW_LENGTH = 512

const plans = new WeakMap<LanguageOptions, CandidatePlan>()
const planFor = (options: LanguageOptions): CandidatePlan => {
  const cached = plans.get(options)
  if (cached !== undefined) return cached
  const plan = buildCandidatePlan(options.candidates)
  plans.set(options, plan)
  return plan
}

// Languages (output codes) requested but detectable by nobody (franc 6.2 lacks them and no
// marker letters identify them), for the caller to report.
export const unsupportedLanguages = (options: LanguageOptions): ReadonlyArray<string> => planFor(options).unsupported

/** A sentence of a document: its span [start, end) of the document's text. */
export interface SentenceSpan {
  readonly start: number
  readonly end: number
}

interface SentenceEvidence extends SentenceSpan {
  readonly counts: ScriptCounts
  readonly plausible: Plausible
  readonly guess: TextGuess // own guess: trigram-ranked if long, script/markers only if short
  readonly long: boolean
}

const toGuess = ({ language, confidence }: TextGuess): LanguageGuess => ({ language, confidence })

// Evenly spread windows over the whole body, so a long body costs a bounded amount.
const sampleBody = (sentences: ReadonlyArray<string>): string => {
  const body = sentences.join(" ")
  const total = SAMPLE_WINDOWS * SAMPLE_WINDOW_LENGTH
  if (body.length <= total) return body
  const stride = Math.floor((body.length - SAMPLE_WINDOW_LENGTH) / (SAMPLE_WINDOWS - 1))
  return Array.from({ length: SAMPLE_WINDOWS }, (_, i) =>
    body.slice(i * stride, i * stride + SAMPLE_WINDOW_LENGTH)
  ).join(" ")
}

const voteDocument = (text: string, evidence: ReadonlyArray<SentenceEvidence>, plan: CandidatePlan): TextGuess => {
  const letters = new Map<string, number>()
  const weightedConfidence = new Map<string, number>()
  let voting = 0
  for (const { guess, counts } of evidence) {
    if (guess.language === "und") continue
    letters.set(guess.language, (letters.get(guess.language) ?? 0) + counts.letters)
    weightedConfidence.set(guess.language, (weightedConfidence.get(guess.language) ?? 0) + counts.letters * guess.confidence)
    voting += counts.letters
  }
  if (voting === 0) {
    const sample = sampleBody(evidence.map(({ start, end }) => text.slice(start, end)))
    const scan = scanText(sample)
    return guessText(scan, plausibleCandidates(scan, plan), true)
  }
  const [winner, winnerLetters] = [...letters].sort((a, b) => b[1] - a[1])[0]!
  const meanConfidence = (weightedConfidence.get(winner) ?? 0) / winnerLetters
  return { language: winner, confidence: (winnerLetters / voting) * meanConfidence, scores: undefined }
}

const judgeSentence = (sentence: SentenceEvidence, document: TextGuess): LanguageGuess => {
  const { guess, counts, plausible, long } = sentence
  if (counts.letters === 0) return toGuess(unknownGuess)
  if (long) {
    const documentScore = scoreOf(guess, document.language)
    const best = scoreOf(guess, guess.language)
    if (guess.language !== document.language && documentScore !== undefined && best !== undefined && best - documentScore <= PRIOR_MARGIN) {
      return { language: document.language, confidence: CLOSE_CALL_CONFIDENCE }
    }
    return toGuess(guess)
  }
  const documentFits = document.language !== "und" && plausible.outputs.has(document.language)
  if (documentFits) return { language: document.language, confidence: document.confidence * INHERIT_FACTOR }
  return toGuess(guess)
}

/** The language of a document whose sentences are these spans of `text`, and of each sentence. */
export const detectDocumentLanguage = (
  text: string,
  sentences: ReadonlyArray<SentenceSpan>,
  options: LanguageOptions
): { document: LanguageGuess; sentences: ReadonlyArray<LanguageGuess> } => {
  const plan = planFor(options)
  // Loops, not callbacks: V8 drops the optimized code of closures made per call at every full
  // collection (see stages/boilerplate/lineMatcher.ts).
  const evidence: Array<SentenceEvidence> = []
  for (const { start, end } of sentences) {
    const scan = scanText(text, start, end) // scratch: used up before the next sentence's scan
    const long = end - start >= RELIABLE_LENGTH
    const plausible = plausibleCandidates(scan, plan)
    evidence.push({ start, end, counts: scan.counts, plausible, long, guess: guessText(scan, plausible, long) })
  }
  const document = voteDocument(text, evidence, plan)
  const judged: Array<LanguageGuess> = []
  for (const sentence of evidence) judged.push(judgeSentence(sentence, document))
  return { document: toGuess(document), sentences: judged }
}

/** detectDocumentLanguage for sentences given as strings (tests, benchmarks): read as the spans of their joined text. */
export const detectSentencesLanguage = (sentences: ReadonlyArray<string>, options: LanguageOptions) => {
  let start = 0
  const spans = sentences.map((sentence) => {
    const span = { start, end: start + sentence.length }
    start = span.end + 1
    return span
  })
  return detectDocumentLanguage(sentences.join("\n"), spans, options)
}
