// Trigram ranking: franc 6.2's scoring, re-implemented with numeric lookup tables. Takes a
// text (its cleaned sample from scan.ts), its script (from the script gate) and the franc
// codes allowed; returns [francCode, score] best first, with franc's normalised scores
// (best = 1). Same models (franc/data.js), same cleaning, same distance and the same tie
// order as `francAll(text, { only })`, which test/stages/language.test.ts checks on many
// strings; it skips franc's per-call script regexes and string-keyed lookups (PERFORMANCE.md:
// 6-8x), and finds a trigram the chosen languages list with two array lookups.
import { data as francModels } from "franc/data.js"
import { MAX_SAMPLE_LENGTH, scanText, type TextScan } from "./scan.ts"

const MAX_DIFFERENCE = 300 // franc's penalty for a trigram a model lacks

interface ScriptModel {
  readonly languages: ReadonlyArray<string> // in franc's data order (its tie order)
  readonly columnOf: ReadonlyMap<string, number>
  readonly models: Readonly<Record<string, string>> // franc's "|"-joined trigrams, by rank
  readonly rankers: Map<string, TrigramRanker> // by franc codes asked for
}

// One set of languages of one script: their columns in franc's data order and a two-level
// table over the trigrams any of them lists. Every UTF-16 unit of those trigrams gets a small
// id (0 = in none), and every pair of ids some listed trigram starts with a row, so a trigram
// (a, b, c) of such a pair and a unit with an id is one cell, rowStart[a * K + b] + c,
// whether listed or not. The scan counts trigrams per cell (no test whether they are listed
// there: that is looked up once per distinct cell afterwards) and hashes only the few
// trigrams outside the cells (row 0, or c with id 0). About 100 kB for the default
// candidates: in L1/L2 cache.
export interface TrigramRanker {
  readonly model: ScriptModel
  readonly columns: ReadonlyArray<number> // model columns, ascending
  readonly languages: ReadonlyArray<string> // franc codes of `columns`
  readonly allColumns: Int32Array // 0..columns.length - 1
  readonly unitId: Uint16Array // UTF-16 unit -> id, 0 if no listed trigram holds it
  readonly unitCount: number // K: ids run 0..K-1
  readonly rowStart: Int32Array // a * K + b -> its row's first cell (row * K, rows 1..), 0 if no listed trigram starts so
  // Cell -> the languages that list its trigram: listings[listStart[cell]..listStart[cell + 1]),
  // each (column << 16) | (rank + 1), columns ascending; empty for cells of unlisted trigrams.
  // Sparse, because most trigrams are listed by a few of the languages.
  readonly listStart: Uint32Array
  readonly listings: Int32Array
  // Per-call scratch (calls never overlap: the flow is synchronous).
  // Cell -> 2 * its trigram's count in the sample + 1 if listed (the count is 0 between calls):
  // the count and whether there is anything to look up in one load. A sample holds < 2^15 trigrams.
  readonly countOfCell: Uint16Array
  readonly sums: Int32Array // one per column: what listed trigrams take off the distance
  readonly distances: Float64Array // one per column, filled by trigramDistances
  readonly order: Int32Array // columns best first, filled by scoreTrigrams (the selected ones)
  readonly scores: Float64Array // one per column, filled by scoreTrigrams (the selected ones)
}

const buildScriptModel = (models: Readonly<Record<string, string>>): ScriptModel => {
  const languages = Object.keys(models)
  const columnOf = new Map(languages.map((language, column) => [language, column]))
  return { languages, columnOf, models, rankers: new Map() }
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

const buildRanker = (model: ScriptModel, columns: ReadonlyArray<number>): TrigramRanker => {
  const unitId = new Uint16Array(0x10000)
  let unitCount = 1
  // trigram -> [column, rank] of the languages listing it
  const listingsOf = new Map<string, Array<readonly [number, number]>>()
  columns.forEach((column, c) => {
    const trigrams = model.models[model.languages[column]!]!.split("|") // only the languages asked for
    trigrams.forEach((trigram, rank) => {
      const listing = listingsOf.get(trigram) ?? []
      if (listing.at(-1)?.[0] === c) return // franc keeps the first (lowest) rank of a trigram listed twice
      for (let i = 0; i < 3; i++) if (unitId[trigram.charCodeAt(i)] === 0) unitId[trigram.charCodeAt(i)] = unitCount++
      listing.push([c, rank])
      listingsOf.set(trigram, listing)
    })
  })
  const rowStart = new Int32Array(unitCount * unitCount)
  let rows = 1
  const cellOf = new Map<string, number>()
  for (const trigram of listingsOf.keys()) {
    const pair = unitId[trigram.charCodeAt(0)]! * unitCount + unitId[trigram.charCodeAt(1)]!
    if (rowStart[pair] === 0) rowStart[pair] = unitCount * rows++
    cellOf.set(trigram, rowStart[pair]! + unitId[trigram.charCodeAt(2)]!)
  }
  const cellCount = rows * unitCount
  const listStart = new Uint32Array(cellCount + 1)
  for (const [trigram, listing] of listingsOf) listStart[cellOf.get(trigram)! + 1] = listing.length
  for (let cell = 0; cell < cellCount; cell++) listStart[cell + 1]! += listStart[cell]!
  const listings = new Int32Array(listStart[cellCount]!)
  for (const [trigram, listing] of listingsOf) {
    const start = listStart[cellOf.get(trigram)!]!
    listing.forEach(([c, rank], k) => (listings[start + k] = (c << 16) | (rank + 1)))
  }
  const width = columns.length
  return {
    model, columns, languages: columns.map((column) => model.languages[column]!),
    allColumns: Int32Array.from(columns, (_, c) => c),
    unitId, unitCount, rowStart, listStart, listings,
    countOfCell: Uint16Array.from({ length: cellCount }, (_, cell) => (listStart[cell + 1]! > listStart[cell]! ? 1 : 0)),
    sums: new Int32Array(width),
    distances: new Float64Array(width),
    order: new Int32Array(width),
    scores: new Float64Array(width)
  }
}

// The ranker of the languages asked for (in franc's data order whatever the order asked);
// built once per set of codes (few sets occur; the cache is bounded). Undefined when franc
// has no trigram model for the script or none of the codes.
const MAX_RANKERS = 64
export const trigramRankerFor = (script: string, francCodes: ReadonlyArray<string>): TrigramRanker | undefined => {
  const model = modelFor(script)
  if (model === undefined) return undefined
  const name = francCodes.join(",")
  const cached = model.rankers.get(name)
  if (cached !== undefined) return cached
  const columns: Array<number> = []
  for (const code of francCodes) {
    const column = model.columnOf.get(code)
    if (column !== undefined && !columns.includes(column)) columns.push(column)
  }
  if (columns.length === 0) return undefined
  columns.sort((a, b) => a - b)
  if (model.rankers.size >= MAX_RANKERS) model.rankers.clear()
  const ranker = buildRanker(model, columns)
  model.rankers.set(name, ranker)
  return ranker
}

// Scratch of trigramDistances: the cells counted (all, and those of listed trigrams), and the
// distinct trigrams outside the cells in an open-addressing set of raw trigram keys (a call
// uses the first slots only, at least twice its trigrams).
const touchedCells = new Int32Array(2 * MAX_SAMPLE_LENGTH + 2) // > the longest sample's trigrams
const listedCells = new Int32Array(2 * MAX_SAMPLE_LENGTH + 2)
const OUTSIDE_SLOTS = 16384 // > 2 * the longest sample
const outsideKeys = new Float64Array(OUTSIDE_SLOTS)
const outsideStamp = new Uint32Array(OUTSIDE_SLOTS)
let outsideGeneration = 0

// Sums franc's distance of the scanned text's sample to each of the ranker's languages into
// ranker.distances.
const trigramDistances = (scan: TextScan, ranker: TrigramRanker): void => {
  const { sample, sampleUnits: n } = scan
  const { unitId, unitCount, rowStart, listStart, listings, countOfCell, sums, distances } = ranker
  let slots = 64
  while (slots < 2 * n) slots *= 2
  outsideGeneration = (outsideGeneration + 1) >>> 0
  if (outsideGeneration === 0) {
    outsideStamp.fill(0)
    outsideGeneration = 1
  }
  const outsideShift = 32 - Math.log2(slots)
  const outsideMask = slots - 1
  let touched = 0
  let listed = 0
  let outside = 0 // distinct trigrams outside the cells
  let x = sample[0]!
  let y = sample[1]!
  let b = unitId[y]!
  let pair = unitId[x]! * unitCount + b
  for (let i = 2; i < n; i++) {
    const z = sample[i]!
    const c = unitId[z]!
    const row = rowStart[pair]!
    if (row !== 0 && c !== 0) {
      const cell = row + c
      const old = countOfCell[cell]!
      countOfCell[cell] = old + 2
      // Branch-free: whether a trigram is new, and listed, is unpredictable. Written always,
      // kept (by counting it) if the first of its cell.
      const first = ((old >>> 1) - 1) >>> 31 // 1 if its count was 0
      touchedCells[touched] = cell
      touched += first
      listedCells[listed] = cell
      listed += first & old
    } else {
      const rawKey = (x * 0x10000 + y) * 0x10000 + z
      let slot = (Math.imul(x, 0x9e3779b1) ^ Math.imul(y, 0x85ebca77) ^ Math.imul(z, 0xc2b2ae3d)) >>> outsideShift
      for (;;) {
        if (outsideStamp[slot] !== outsideGeneration) {
          outsideStamp[slot] = outsideGeneration
          outsideKeys[slot] = rawKey
          outside++
          break
        }
        if (outsideKeys[slot] === rawKey) break
        slot = (slot + 1) & outsideMask
      }
    }
    x = y
    y = z
    pair = b * unitCount + c
    b = c
  }
  // Every distinct trigram costs MAX_DIFFERENCE in each language, less where the language
  // lists it (integers: the sums are exact whatever their order).
  for (let c = 0; c < sums.length; c++) sums[c] = 0 // (a loop: cheaper than fill() on a few items)
  for (let t = 0; t < listed; t++) {
    const cell = listedCells[t]!
    const count = countOfCell[cell]! >>> 1
    const end = listStart[cell + 1]!
    for (let k = listStart[cell]!; k < end; k++) {
      const listing = listings[k]!
      const difference = count - (listing & 0xffff) // count - (rank + 1)
      sums[listing >>> 16]! += Math.abs(difference) - MAX_DIFFERENCE
    }
  }
  for (let t = 0; t < touched; t++) countOfCell[touchedCells[t]!]! &= 1 // leave the counts 0 for the next call
  const base = (touched + outside) * MAX_DIFFERENCE
  for (let c = 0; c < sums.length; c++) distances[c] = base + sums[c]!
}

// Ranks the scanned text's sample among the ranker's columns `selected` (ascending; all by
// default): puts them best first into ranker.order[0..selected.length) (ties in franc's data
// order, as a stable sort would) and franc's normalised score of each (best = 1) into
// ranker.scores. A column's distance does not depend on the other columns, so one ranker
// serves every subset of its languages, exactly as a ranker of the subset would.
export const scoreTrigrams = (scan: TextScan, ranker: TrigramRanker, selected: Int32Array = ranker.allColumns): void => {
  trigramDistances(scan, ranker)
  const { distances, order, scores } = ranker
  for (let k = 0; k < selected.length; k++) {
    // insertion sort: a handful of columns
    const column = selected[k]!
    const distance = distances[column]!
    let j = k
    for (; j > 0 && distances[order[j - 1]!]! > distance; j--) order[j] = order[j - 1]!
    order[j] = column
  }
  const min = distances[order[0]!]!
  const max = scan.sampleLength * MAX_DIFFERENCE - min
  for (let k = 0; k < selected.length; k++) {
    const column = selected[k]!
    scores[column] = 1 - (distances[column]! - min) / max || 0
  }
}

export const rankByTrigrams = (
  text: string,
  script: string,
  francCodes: ReadonlyArray<string>
): ReadonlyArray<readonly [string, number]> => {
  const ranker = trigramRankerFor(script, francCodes)
  if (ranker === undefined) return []
  scoreTrigrams(scanText(text), ranker)
  return Array.from(ranker.order, (c) => [ranker.languages[c]!, ranker.scores[c]!] as const)
}
