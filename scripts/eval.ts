/**
 * `npm run eval`: scores extraction on the labelled development set in
 * test/fixtures/devset/ (per-field accuracy, furniture removed, author sentences
 * kept, publication dates) and sentence splitting on the English Golden Rules.
 * Runs the same per-document flow as the pipeline, in memory.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import { fileURLToPath } from "node:url"
import { makeFlowOptions } from "../pipeline/defaults.ts"
import { processFile, stageNames } from "../pipeline/flow.ts"
import { normaliseForComparison } from "../pipeline/invariants.ts"
import { scoreGoldenRules } from "./eval-sbd.ts"

/** A labelled set: test/fixtures/<name>/ with NAME.txt and NAME.expected.json pairs. */
const setFolder = (name: string) => fileURLToPath(new URL(`../test/fixtures/${name}/`, import.meta.url))

export interface Expected {
  readonly title: string | null
  readonly authors: ReadonlyArray<string>
  readonly outlet: string | null
  readonly dateline: string | null
  readonly published_date: string | null
  readonly date_precision: string | null
  readonly published_time: string | null
  readonly utc_offset: string | null
  readonly language: string
  readonly must_remove: ReadonlyArray<string>
  readonly must_keep: ReadonlyArray<string>
}

const fields = ["title", "authors", "outlet", "dateline", "language", "published_date", "published_time", "utc_offset"] as const
type Field = (typeof fields)[number]

export interface ArticleScore {
  readonly name: string
  readonly fieldErrors: ReadonlyArray<{ field: Field; expected: unknown; actual: unknown }>
  readonly furnitureLeft: ReadonlyArray<string>
  readonly sentencesLost: ReadonlyArray<string>
  readonly keepTotal: number
  readonly removeTotal: number
  readonly expectedDate: string | null
  readonly actualDate: string | null
  readonly rejected: string | undefined
}

export const scoreDevset = (set = "devset", referenceDate = "2026-11-23"): ReadonlyArray<ArticleScore> => {
  const DEVSET = setFolder(set)
  const options = makeFlowOptions({ referenceDate })
  const times = new Float64Array(stageNames.length)
  const names = fs.readdirSync(DEVSET).filter((f) => !f.endsWith(".expected.json") && !f.endsWith(".md")).sort()
  return names.map((name): ArticleScore => {
    const expected = JSON.parse(
      fs.readFileSync(path.join(DEVSET, name.replace(/\.[a-z]+$/, ".expected.json")), "utf8")
    ) as Expected
    const [result] = processFile({ sourcePath: name, bytes: fs.readFileSync(path.join(DEVSET, name)) }, options, times)
    if (result === undefined) throw new Error(`${name} produced no result`)
    const doc = result._tag === "document" ? result.document : undefined
    const text = normaliseForComparison(doc?.text ?? "")
    const actual: Record<Field, unknown> = {
      title: doc?.title ?? null,
      authors: [...(doc?.authors ?? [])].sort(),
      outlet: doc?.outlet ?? null,
      dateline: doc?.dateline ?? null,
      language: doc?.language ?? null,
      published_date: doc?.published_date ?? null,
      published_time: doc?.published_time ?? null,
      utc_offset: doc?.utc_offset ?? null
    }
    const wanted: Record<Field, unknown> = { ...expected, authors: [...expected.authors].sort() }
    const fieldErrors = fields
      .filter((f) => JSON.stringify(actual[f]) !== JSON.stringify(wanted[f]))
      .map((field) => ({ field, expected: wanted[field], actual: actual[field] }))
    return {
      name,
      fieldErrors,
      furnitureLeft: expected.must_remove.filter((s) => text.includes(normaliseForComparison(s))),
      sentencesLost: expected.must_keep.filter((s) => !text.includes(normaliseForComparison(s))),
      keepTotal: expected.must_keep.length,
      removeTotal: expected.must_remove.length,
      expectedDate: expected.published_date === null ? null : `${expected.published_date}/${expected.date_precision}`,
      actualDate: doc?.published_date ? `${doc.published_date}/${doc.date_precision}` : null,
      rejected: result._tag === "reject" ? result.reject.reason : undefined
    }
  })
}

export const summarise = (scores: ReadonlyArray<ArticleScore>) => {
  const pct = (n: number, d: number) => (d === 0 ? 100 : (100 * n) / d)
  const perField = Object.fromEntries(
    fields.map((f) => [f, pct(scores.filter((s) => !s.fieldErrors.some((e) => e.field === f)).length, scores.length)])
  ) as Record<Field, number>
  const removeTotal = scores.reduce((n, s) => n + s.removeTotal, 0)
  const keepTotal = scores.reduce((n, s) => n + s.keepTotal, 0)
  const dated = scores.filter((s) => s.expectedDate !== null)
  return {
    articles: scores.length,
    perField,
    furnitureRemoved: pct(removeTotal - scores.reduce((n, s) => n + s.furnitureLeft.length, 0), removeTotal),
    sentencesKept: pct(keepTotal - scores.reduce((n, s) => n + s.sentencesLost.length, 0), keepTotal),
    dateAccuracy: pct(dated.filter((s) => s.actualDate === s.expectedDate).length, dated.length),
    datedArticles: dated.length,
    inventedDates: scores.filter((s) => s.expectedDate === null && s.actualDate !== null).length,
    undatedArticles: scores.length - dated.length
  }
}

const main = () => {
  const verbose = process.argv.includes("--verbose")
  const setFlag = process.argv.indexOf("--set")
  const set = setFlag === -1 ? "devset" : process.argv[setFlag + 1] ?? "devset"
  const scores = scoreDevset(set)
  if (verbose) {
    for (const s of scores) {
      const problems = [
        ...s.fieldErrors.map((e) => `  ${e.field}: expected ${JSON.stringify(e.expected)}, got ${JSON.stringify(e.actual)}`),
        ...s.furnitureLeft.map((f) => `  furniture left: ${JSON.stringify(f)}`),
        ...s.sentencesLost.map((f) => `  sentence lost: ${JSON.stringify(f)}`),
        ...(s.rejected ? [`  rejected: ${s.rejected}`] : [])
      ]
      if (problems.length > 0) console.log(`${s.name}\n${problems.join("\n")}`)
    }
  }
  const summary = summarise(scores)
  const golden = scoreGoldenRules()
  const f1 = (n: number) => `${n.toFixed(1)}%`
  console.log(`Labelled set: ${summary.articles} articles (test/fixtures/${set})`)
  for (const [field, value] of Object.entries(summary.perField)) console.log(`  ${field.padEnd(16)} ${f1(value)}`)
  console.log(`  furniture removed ${f1(summary.furnitureRemoved)}`)
  console.log(`  sentences kept    ${f1(summary.sentencesKept)}`)
  console.log(`Dates: ${f1(summary.dateAccuracy)} right at day precision over ${summary.datedArticles} dated articles; ` +
    `${summary.inventedDates} invented over ${summary.undatedArticles} undated`)
  console.log(`Sentence splitting, English Golden Rules: ${golden.passed}/${golden.total}`)
  if (!verbose) console.log("(npm run eval -- --verbose lists every miss)")
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) main()
