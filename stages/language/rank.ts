// Trigram ranking: franc 6.2's scoring, re-implemented with numeric lookup tables. Takes a
// text, its script (from the script gate) and the franc codes allowed; returns
// [francCode, score] best first, with franc's normalised scores (best = 1). Same models
// (franc/data.js), same cleaning, same distance and the same tie order as
// `francAll(text, { only })`, which test/stages/language.test.ts checks on many strings; it
// skips franc's per-call script regexes and string-keyed lookups (PERFORMANCE.md: 6-8x).
import { data as francModels } from "franc/data.js"

const MAX_LENGTH = 2048 // franc reads only this many UTF-16 units
const MAX_DIFFERENCE = 300 // franc's penalty for a trigram a model lacks

interface ScriptModel {
  readonly languages: ReadonlyArray<string> // in franc's data order (its tie order)
  readonly columnOf: ReadonlyMap<string, number>
  // Every UTF-16 unit the script's models use gets a small id (0 = in no model), so a
  // trigram key a*K*K + b*K + c stays a small integer.
  readonly unitId: Uint16Array
  readonly unitCount: number
  readonly rowOfTrigram: ReadonlyMap<number, number>
  readonly ranks: Int16Array // row * languages.length + language -> rank in model, -1 if absent
}

const buildScriptModel = (models: Readonly<Record<string, string>>): ScriptModel => {
  const languages = Object.keys(models)
  const unitId = new Uint16Array(0x10000)
  let unitCount = 1
  const split = languages.map((language) => models[language]!.split("|"))
  for (const trigrams of split) {
    for (const trigram of trigrams) {
      for (let i = 0; i < 3; i++) if (unitId[trigram.charCodeAt(i)] === 0) unitId[trigram.charCodeAt(i)] = unitCount++
    }
  }
  const keyOf = (trigram: string): number =>
    (unitId[trigram.charCodeAt(0)]! * unitCount + unitId[trigram.charCodeAt(1)]!) * unitCount + unitId[trigram.charCodeAt(2)]!
  const rowOfTrigram = new Map<number, number>()
  const perLanguage = split.map((trigrams) => {
    const rankOf = new Map<number, number>()
    // franc keeps the first (lowest) rank of a trigram listed twice
    for (let rank = trigrams.length - 1; rank >= 0; rank--) {
      const key = keyOf(trigrams[rank]!)
      rankOf.set(key, rank)
      if (!rowOfTrigram.has(key)) rowOfTrigram.set(key, rowOfTrigram.size)
    }
    return rankOf
  })
  const ranks = new Int16Array(rowOfTrigram.size * languages.length).fill(-1)
  perLanguage.forEach((rankOf, language) => {
    for (const [key, rank] of rankOf) ranks[rowOfTrigram.get(key)! * languages.length + language] = rank
  })
  const columnOf = new Map(languages.map((language, column) => [language, column]))
  return { languages, columnOf, unitId, unitCount, rowOfTrigram, ranks }
}

const scriptModels = new Map<string, ScriptModel>()
const modelFor = (script: string): ScriptModel | undefined => {
  const cached = scriptModels.get(script)
  if (cached !== undefined) return cached
  const models = (francModels as Readonly<Record<string, Readonly<Record<string, string>>>>)[script]
  if (models === undefined) return undefined
  const model = buildScriptModel(models)
  scriptModels.set(script, model)
  return model
}

// trigram-utils' clean(): punctuation and digits (U+0021-U+0040) to spaces, white space
// collapsed, trimmed, lower-cased; padded with one space each side.
const padForTrigrams = (sample: string): string =>
  ` ${sample.replace(/[\u0021-\u0040]+/g, " ").replace(/\s+/g, " ").trim().toLowerCase()} `

// Distinct trigrams of `padded`: counts of those some model knows (by row), and how many
// distinct ones no model knows (each costs MAX_DIFFERENCE in every language).
const countTrigrams = (padded: string, model: ScriptModel): { rows: Map<number, number>; unknown: number } => {
  const { unitId, unitCount, rowOfTrigram } = model
  const rows = new Map<number, number>()
  let unknownKeys: Set<number> | undefined
  for (let i = 0; i + 2 < padded.length; i++) {
    const a = unitId[padded.charCodeAt(i)]!
    const b = unitId[padded.charCodeAt(i + 1)]!
    const c = unitId[padded.charCodeAt(i + 2)]!
    const row = a === 0 || b === 0 || c === 0 ? undefined : rowOfTrigram.get((a * unitCount + b) * unitCount + c)
    if (row !== undefined) rows.set(row, (rows.get(row) ?? 0) + 1)
    else (unknownKeys ??= new Set()).add((padded.charCodeAt(i) * 0x10000 + padded.charCodeAt(i + 1)) * 0x10000 + padded.charCodeAt(i + 2))
  }
  return { rows, unknown: unknownKeys?.size ?? 0 }
}

export const rankByTrigrams = (
  text: string,
  script: string,
  francCodes: ReadonlyArray<string>
): ReadonlyArray<readonly [string, number]> => {
  const model = modelFor(script)
  if (model === undefined) return []
  const columns: Array<number> = []
  for (const code of francCodes) {
    const column = model.columnOf.get(code)
    if (column !== undefined && !columns.includes(column)) columns.push(column)
  }
  columns.sort((a, b) => a - b)
  if (columns.length === 0) return []
  const sample = text.slice(0, MAX_LENGTH)
  const { rows, unknown } = countTrigrams(padForTrigrams(sample), model)
  const distances = new Float64Array(columns.length).fill(unknown * MAX_DIFFERENCE)
  const width = model.languages.length
  for (const [row, count] of rows) {
    for (let c = 0; c < columns.length; c++) {
      const rank = model.ranks[row * width + columns[c]!]!
      distances[c]! += rank < 0 ? MAX_DIFFERENCE : Math.abs(count - rank - 1)
    }
  }
  const order = columns.map((_, c) => c).sort((a, b) => distances[a]! - distances[b]!) // stable: franc's tie order
  const min = distances[order[0]!]!
  const max = sample.length * MAX_DIFFERENCE - min
  return order.map((c) => [model.languages[columns[c]!]!, 1 - (distances[c]! - min) / max || 0] as const)
}
