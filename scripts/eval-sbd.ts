// Scores the sentence splitter on the English Golden Rules (48 cases from pySBD's benchmark,
// MIT; see benchmarks/sbd/README.md next to the file). A case passes only when the predicted
// sentences, each trimmed and empties dropped, equal `expected` exactly.
// Run: npx tsx scripts/eval-sbd.ts [path/to/golden_rules_en.json]
import { existsSync, readFileSync } from "node:fs"
import { fileURLToPath } from "node:url"
import { segmentSentences } from "../stages/sentences/segment.ts"

export interface GoldenCase {
  readonly id: string
  readonly rule: string
  readonly text: string
  readonly expected: ReadonlyArray<string>
}

export interface GoldenFailure extends GoldenCase {
  readonly predicted: ReadonlyArray<string>
}

export interface GoldenScore {
  readonly passed: number
  readonly total: number
  readonly failures: ReadonlyArray<GoldenFailure>
}

/** The shared benchmark folder beside the repository (shared/ next to the checkout, as in CI). */
const defaultPaths = [
  fileURLToPath(new URL("../../shared/benchmarks/sbd/golden_rules_en.json", import.meta.url)),
  "/work/shared/benchmarks/sbd/golden_rules_en.json"
]

export const goldenRulesPath = (): string => {
  const found = defaultPaths.find((path) => existsSync(path))
  if (found === undefined) throw new Error(`golden_rules_en.json not found in ${defaultPaths.join(", ")}`)
  return found
}

export const predictSentences = (text: string): ReadonlyArray<string> =>
  segmentSentences(text, "eng")
    .map((span) => text.slice(span.start, span.end).trim())
    .filter((sentence) => sentence.length > 0)

export const scoreGoldenRules = (path: string = goldenRulesPath()): GoldenScore => {
  const cases = JSON.parse(readFileSync(path, "utf8")) as ReadonlyArray<GoldenCase>
  const failures: Array<GoldenFailure> = []
  for (const goldenCase of cases) {
    const predicted = predictSentences(goldenCase.text)
    const expected = goldenCase.expected.map((sentence) => sentence.trim()).filter((sentence) => sentence.length > 0)
    const same = predicted.length === expected.length && predicted.every((sentence, i) => sentence === expected[i])
    if (!same) failures.push({ ...goldenCase, predicted })
  }
  return { passed: cases.length - failures.length, total: cases.length, failures }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const score = scoreGoldenRules(process.argv[2])
  console.log(`English Golden Rules: ${score.passed}/${score.total} exact`)
  for (const failure of score.failures) {
    console.log(`\nFAIL ${failure.id} (${failure.rule})`)
    console.log(`  text:      ${JSON.stringify(failure.text)}`)
    console.log(`  expected:  ${JSON.stringify(failure.expected)}`)
    console.log(`  predicted: ${JSON.stringify(failure.predicted)}`)
  }
}
