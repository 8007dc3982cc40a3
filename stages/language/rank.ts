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
  // trigram key a*K*K + b*K + c stays a small integer (K <= 135: at most 2.5M keys).
  readonly unitId: Uint16Array
  readonly unitCount: number
  readonly rows: TrigramRows // key -> row of a trigram some model lists
  readonly rowCount: number
  readonly ranks: Int16Array // row * languages.length + language -> rank in model, -1 if absent
  // Per-call scratch (calls never overlap: the flow is synchronous).
  readonly countOfRow: Int32Array
  readonly touchedRows: Uint16Array
  readonly rankTables: Map<string, RankTable> // by franc codes asked for
}

// Open addressing over the keys some model lists (at most a quarter full, so a few kB that
// stay in cache, where a table over every possible key would take megabytes).
interface TrigramRows {
  readonly keyPlusOne: Int32Array // 0 = empty slot
  readonly rowPlusOne: Uint16Array
  readonly shift: number
}
const slotOf = (key: number, shift: number) => Math.imul(key, 0x9e3779b1) >>> shift

const buildTrigramRows = (keys: ReadonlyArray<number>): TrigramRows => {
  const bits = Math.max(4, Math.ceil(Math.log2(keys.length * 4)))
  const shift = 32 - bits
  const mask = (1 << bits) - 1
  const keyPlusOne = new Int32Array(1 << bits)
  const rowPlusOne = new Uint16Array(1 << bits)
  keys.forEach((key, row) => {
    let slot = slotOf(key, shift)
    while (keyPlusOne[slot] !== 0) slot = (slot + 1) & mask
    keyPlusOne[slot] = key + 1
    rowPlusOne[slot] = row + 1
  })
  return { keyPlusOne, rowPlusOne, shift }
}

// Row + 1 of `key`, 0 if no model lists it.
const rowPlusOneOf = (rows: TrigramRows, key: number): number => {
  const { keyPlusOne, rowPlusOne, shift } = rows
  const mask = keyPlusOne.length - 1
  for (let slot = slotOf(key, shift); ; slot = (slot + 1) & mask) {
    const found = keyPlusOne[slot]!
    if (found === key + 1) return rowPlusOne[slot]!
    if (found === 0) return 0
  }
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
  const rowOfKey = new Map<number, number>()
  const perLanguage = split.map((trigrams) => {
    const rankOf = new Map<number, number>()
    // franc keeps the first (lowest) rank of a trigram listed twice
    for (let rank = trigrams.length - 1; rank >= 0; rank--) {
      const key = keyOf(trigrams[rank]!)
      rankOf.set(key, rank)
      if (!rowOfKey.has(key)) rowOfKey.set(key, rowOfKey.size)
    }
    return rankOf
  })
  const rowCount = rowOfKey.size
  const ranks = new Int16Array(rowCount * languages.length).fill(-1)
  perLanguage.forEach((rankOf, language) => {
    for (const [key, rank] of rankOf) ranks[rowOfKey.get(key)! * languages.length + language] = rank
  })
  const columnOf = new Map(languages.map((language, column) => [language, column]))
  return {
    languages, columnOf, unitId, unitCount, rows: buildTrigramRows([...rowOfKey.keys()]), rowCount, ranks,
    countOfRow: new Int32Array(rowCount),
    touchedRows: new Uint16Array(rowCount),
    rankTables: new Map()
  }
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

// The languages asked for, as model columns in franc's data order, with the ranks of those
// columns only, row by row (a few kB instead of all the script's languages), and which rows
// any of them lists at all; built once per set of codes (few sets occur; the cache is bounded).
interface RankTable {
  readonly columns: ReadonlyArray<number>
  readonly ranks: Int16Array // row * columns.length + column -> rank, -1 if absent
  readonly listed: Uint8Array // row -> 1 if some chosen language lists the trigram
}
const MAX_RANK_TABLES = 64
const rankTableFor = (model: ScriptModel, francCodes: ReadonlyArray<string>): RankTable => {
  const name = francCodes.join(",")
  const cached = model.rankTables.get(name)
  if (cached !== undefined) return cached
  const columns: Array<number> = []
  for (const code of francCodes) {
    const column = model.columnOf.get(code)
    if (column !== undefined && !columns.includes(column)) columns.push(column)
  }
  columns.sort((a, b) => a - b)
  const width = model.languages.length
  const ranks = new Int16Array(model.rowCount * columns.length)
  const listed = new Uint8Array(model.rowCount)
  for (let row = 0; row < model.rowCount; row++) {
    for (let c = 0; c < columns.length; c++) {
      const rank = model.ranks[row * width + columns[c]!]!
      ranks[row * columns.length + c] = rank
      if (rank >= 0) listed[row] = 1
    }
  }
  if (model.rankTables.size >= MAX_RANK_TABLES) model.rankTables.clear()
  const table = { columns, ranks, listed }
  model.rankTables.set(name, table)
  return table
}

// trigram-utils' clean(): punctuation and digits (U+0021-U+0040) to spaces, white space
// collapsed, trimmed, lower-cased; padded with one space each side.
const padForTrigrams = (sample: string): string =>
  ` ${sample.replace(/[\u0021-\u0040]+/g, " ").replace(/\s+/g, " ").trim().toLowerCase()} `

// Distinct trigrams no model knows, counted in an open-addressing set of raw trigram keys
// (a lower-cased sample holds at most 2 * MAX_LENGTH trigrams: the table stays at most half full).
const UNKNOWN_SLOTS = 16384
const unknownKeys = new Float64Array(UNKNOWN_SLOTS)
const unknownStamp = new Uint32Array(UNKNOWN_SLOTS)
let unknownGeneration = 0
const addUnknown = (a: number, b: number, c: number): boolean => {
  const key = (a * 0x10000 + b) * 0x10000 + c
  let slot = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca77) ^ Math.imul(c, 0xc2b2ae3d)) >>> 18
  while (unknownStamp[slot] === unknownGeneration) {
    if (unknownKeys[slot] === key) return false
    slot = (slot + 1) & (UNKNOWN_SLOTS - 1)
  }
  unknownStamp[slot] = unknownGeneration
  unknownKeys[slot] = key
  return true
}

// Distinct trigrams of `padded`: counts of those some model knows (in model.countOfRow, rows
// listed in model.touchedRows), and how many distinct ones no model knows (each costs
// MAX_DIFFERENCE in every language).
const countTrigrams = (padded: string, model: ScriptModel): { touched: number; unknown: number } => {
  const { unitId, unitCount, rows, countOfRow, touchedRows } = model
  unknownGeneration = (unknownGeneration + 1) >>> 0
  if (unknownGeneration === 0) {
    unknownStamp.fill(0)
    unknownGeneration = 1
  }
  let touched = 0
  let unknown = 0
  for (let i = 0; i + 2 < padded.length; i++) {
    const x = padded.charCodeAt(i)
    const y = padded.charCodeAt(i + 1)
    const z = padded.charCodeAt(i + 2)
    const a = unitId[x]!
    const b = unitId[y]!
    const c = unitId[z]!
    const rowPlusOne = a === 0 || b === 0 || c === 0 ? 0 : rowPlusOneOf(rows, (a * unitCount + b) * unitCount + c)
    if (rowPlusOne === 0) {
      if (addUnknown(x, y, z)) unknown++
    } else if (countOfRow[rowPlusOne - 1]!++ === 0) {
      touchedRows[touched++] = rowPlusOne - 1
    }
  }
  return { touched, unknown }
}

export const rankByTrigrams = (
  text: string,
  script: string,
  francCodes: ReadonlyArray<string>
): ReadonlyArray<readonly [string, number]> => {
  const model = modelFor(script)
  if (model === undefined) return []
  const { columns, ranks, listed } = rankTableFor(model, francCodes)
  if (columns.length === 0) return []
  const sample = text.slice(0, MAX_LENGTH)
  const { touched, unknown } = countTrigrams(padForTrigrams(sample), model)
  const distances = new Float64Array(columns.length).fill(unknown * MAX_DIFFERENCE)
  const width = columns.length
  const { countOfRow, touchedRows } = model
  let unlisted = 0 // trigrams only other languages list: MAX_DIFFERENCE in every column
  for (let t = 0; t < touched; t++) {
    const row = touchedRows[t]!
    const count = countOfRow[row]!
    countOfRow[row] = 0 // leave the scratch clean for the next call
    if (listed[row] === 0) {
      unlisted++
      continue
    }
    for (let c = 0; c < width; c++) {
      const rank = ranks[row * width + c]!
      distances[c]! += rank < 0 ? MAX_DIFFERENCE : Math.abs(count - rank - 1)
    }
  }
  for (let c = 0; c < width; c++) distances[c]! += unlisted * MAX_DIFFERENCE // integers: the sums stay exact
  const order = columns.map((_, c) => c).sort((a, b) => distances[a]! - distances[b]!) // stable: franc's tie order
  const min = distances[order[0]!]!
  const max = sample.length * MAX_DIFFERENCE - min
  return order.map((c) => [model.languages[columns[c]!]!, 1 - (distances[c]! - min) / max || 0] as const)
}
