// Abbreviation rules for the sentence scanner.
// Takes the per-language lists in data/abbreviations/*.json (sources noted in each file)
// and returns, per language hint, one lookup: abbreviation key -> category flags, plus the
// set of sentence starters. All lists are merged because their scripts hardly overlap
// (an English "Mr." inside Russian text still needs the English list); the hinted
// language's categories win where a key is listed by several languages.
import arabic from "../../data/abbreviations/ara.json" with { type: "json" }
import english from "../../data/abbreviations/eng.json" with { type: "json" }
import hindi from "../../data/abbreviations/hin.json" with { type: "json" }
import russian from "../../data/abbreviations/rus.json" with { type: "json" }

export interface AbbreviationList {
  readonly language: string
  readonly neverFinal: ReadonlyArray<string>
  readonly prepositive: ReadonlyArray<string>
  readonly beforeNumber: ReadonlyArray<string>
  readonly ordinary: ReadonlyArray<string>
  readonly afterNumber: ReadonlyArray<string>
  readonly sentenceStarters: ReadonlyArray<string>
}

/** Bit flags; a key may carry several (Russian "г." is prepositive, and a year after a number). */
export const Category = {
  NeverFinal: 1,
  Prepositive: 2,
  BeforeNumber: 4,
  Ordinary: 8,
  AfterNumber: 16
} as const

export interface AbbreviationRules {
  /** lower-case key without the final period, parts joined by "." ("u.s", "т.е") -> Category flags */
  readonly categories: ReadonlyMap<string, number>
  readonly sentenceStarters: ReadonlySet<string>
}

export const abbreviationLists: ReadonlyArray<AbbreviationList> = [english, russian, hindi, arabic]

const categoriesOf = (list: AbbreviationList): Map<string, number> => {
  const categories = new Map<string, number>()
  const add = (keys: ReadonlyArray<string>, flag: number) => {
    for (const key of keys) categories.set(key, (categories.get(key) ?? 0) | flag)
  }
  add(list.neverFinal, Category.NeverFinal)
  add(list.prepositive, Category.Prepositive)
  add(list.beforeNumber, Category.BeforeNumber)
  add(list.ordinary, Category.Ordinary)
  add(list.afterNumber, Category.AfterNumber)
  return categories
}

const buildRules = (hint: string | undefined): AbbreviationRules => {
  const ordered = [...abbreviationLists].sort((a, b) =>
    Number(a.language === hint) - Number(b.language === hint)
  )
  const categories = new Map<string, number>()
  const sentenceStarters = new Set<string>()
  for (const list of ordered) {
    for (const [key, flags] of categoriesOf(list)) categories.set(key, flags)
    for (const word of list.sentenceStarters) sentenceStarters.add(word)
  }
  return { categories, sentenceStarters }
}

const rulesByHint = new Map<string, AbbreviationRules>()

/** Rules for a language hint (ISO 639-3); any hint, known or not, gets all lists. */
export const abbreviationRulesFor = (language: string | undefined): AbbreviationRules => {
  const key = abbreviationLists.some((list) => list.language === language) ? language ?? "" : ""
  let rules = rulesByHint.get(key)
  if (rules === undefined) {
    rules = buildRules(key)
    rulesByHint.set(key, rules)
  }
  return rules
}
