/**
 * Line rules: which rule of data/furniture.json (compiled by stages/boilerplate.ts) a line
 * matches first in a zone, or whether it is a navigation line. Takes the compiled rules and a
 * document's lines; returns a matcher that remembers its answers per line. A rule's pattern runs
 * only on the lines its pre-checks (stages/boilerplate/literals.ts) leave possible.
 */
import type { RemovalKind } from "../../pipeline/schema.ts"
import type { FurnitureRules } from "../boilerplate.ts"

export type Zone = "anywhere" | "head" | "tail"

export interface LineRule {
  readonly kind: RemovalKind
  readonly zone: Zone
  readonly maxLength: number
  readonly commentSection: boolean
  readonly listHeader: boolean
  readonly pattern: RegExp
  /** A pre-check derived from the pattern (see caselessChecks in stages/boilerplate.ts); undefined: none. */
  readonly checks: LineChecks | undefined
}

/**
 * A line can match a rule only if it opens with one of `prefixes` or `starts` (the rule's
 * anchored alternatives) or holds a string of some group of `needles` (its other
 * alternatives); all lower-case.
 */
export interface LineChecks {
  /** Openings of anchored alternatives, by their first character. */
  readonly prefixes: ReadonlyMap<string, ReadonlyArray<string>>
  readonly starts: ReadonlySet<string>
  readonly needles: ReadonlyArray<ReadonlyArray<string>>
}

// Characters that case-insensitive patterns match as a caseless-safe letter, though they do not
// lower-case to it (see CASELESS_SAFE in stages/boilerplate.ts).
const CASE_HAZARD = /[\u017f\u212a\u1c80-\u1c88]/

/** What the checks read of one line, computed once and only when asked. */
class LineFacts {
  private lowerText: string | undefined
  private hazard: boolean | undefined
  constructor(readonly text: string) {}
  get lower(): string {
    return (this.lowerText ??= this.text.toLowerCase())
  }
  /** Holds a character the lower-cased checks cannot vouch for. */
  get hasHazard(): boolean {
    return (this.hazard ??= CASE_HAZARD.test(this.text))
  }
}

/**
 * A rule a line may match, given the line's lower-cased opening character: it may when the
 * opening is one of the rule's `starts` (`opens`), when the line opens with one of `prefixes`,
 * or when it holds one of the needles `needleIds` (indexes into LineRuleIndex.needles). A rule
 * without checks may always match.
 */
interface Candidate {
  readonly rule: number
  readonly always: boolean
  readonly opens: boolean
  readonly prefixes: ReadonlyArray<string> | undefined
  readonly needleIds: ReadonlyArray<number>
}

/**
 * The line rules' checks regrouped so that a line is tested only against the rules its opening
 * character leaves possible (most rules are anchored, so most are ruled out at once), and each
 * distinct needle is searched for once per line however many rules hold it.
 */
interface LineRuleIndex {
  readonly needles: ReadonlyArray<string>
  /**
   * Per needle, the needle without its leading spaces: a line can hold the needle only if it
   * holds this, and searching for a string that opens with a space is slow (spaces are
   * everywhere, so the search stops at each one).
   */
  readonly probes: ReadonlyArray<string>
  /** Every rule, each may match: for a line the lower-cased checks cannot vouch for. */
  readonly all: ReadonlyArray<Candidate>
  /** The candidates for a lower-cased opening character, in rule order; built on first use. */
  readonly candidatesFor: (opening: string) => ReadonlyArray<Candidate>
  /** The longest line a rule of the zone (or of anywhere) can match: a longer one matches none. */
  readonly longest: Readonly<Record<Zone, number>>
  /** The navigation entries and each of their words: what a navigation line can open with. */
  readonly navigationOpenings: ReadonlySet<string>
}

const indexLineRules = ({ lineRules, navigation }: FurnitureRules): LineRuleIndex => {
  const needles: Array<string> = []
  const needleId = (needle: string) => {
    const known = needles.indexOf(needle)
    return known >= 0 ? known : needles.push(needle) - 1
  }
  const needleIds = lineRules.map((r) => [...new Set((r.checks?.needles ?? []).flat().map(needleId))])
  const all = lineRules.map((_, rule): Candidate => ({ rule, always: true, opens: false, prefixes: undefined, needleIds: [] }))
  const byOpening = new Map<string, ReadonlyArray<Candidate>>()
  const candidatesFor = (opening: string): ReadonlyArray<Candidate> => {
    let list = byOpening.get(opening)
    if (list === undefined) {
      list = lineRules.flatMap((r, rule): Array<Candidate> => {
        const checks = r.checks
        if (checks === undefined) return [all[rule]!]
        const opens = checks.starts.has(opening)
        const prefixes = checks.prefixes.get(opening)
        const ids = needleIds[rule]!
        return opens || prefixes !== undefined || ids.length > 0 ? [{ rule, always: false, opens, prefixes, needleIds: ids }] : []
      })
      byOpening.set(opening, list)
    }
    return list
  }
  const probes = needles.map((needle) => needle.trimStart() || needle)
  const longestIn = (zone: Zone) =>
    Math.max(0, ...lineRules.filter((r) => r.zone === "anywhere" || r.zone === zone).map((r) => r.maxLength))
  const longest = { anywhere: longestIn("anywhere"), head: longestIn("head"), tail: longestIn("tail") }
  const navigationOpenings = new Set([...navigation].flatMap((entry) => [entry, ...entry.split(/\s+/)]))
  return { needles, probes, all, candidatesFor, longest, navigationOpenings }
}

// Built per rules object on first use, not stored in it: flow options are copied into worker
// threads (structured clone), which cannot copy functions.
const lineIndexes = new WeakMap<FurnitureRules, LineRuleIndex>()
const lineIndexOf = (rules: FurnitureRules): LineRuleIndex => {
  let index = lineIndexes.get(rules)
  if (index === undefined) lineIndexes.set(rules, index = indexLineRules(rules))
  return index
}

const navigationRule: LineRule = {
  kind: "navigation",
  zone: "anywhere",
  maxLength: 80,
  commentSection: false,
  listHeader: false,
  pattern: /(?:)/,
  checks: undefined
}

/** Where the first piece's first word ends: at a space or a separator of NAVIGATION_PIECES. */
const NAVIGATION_BREAK = /[\s|•·/]/u
const NAVIGATION_PIECES = /\s*[|•·/]\s*|\s{2,}/u

/** A short line made only of menu and button words: "Share | Tweet | Email", "READ LATER", "فیس بک". */
const isNavigation = (rules: FurnitureRules, text: string): boolean => {
  if (text.length > navigationRule.maxLength) return false
  const lower = text.toLowerCase()
  // The first piece is a navigation entry or made of navigation words, so its first word (up to
  // a space or a separator) opens an entry: most lines are ruled out before splitting.
  const firstBreak = lower.search(NAVIGATION_BREAK)
  const opening = firstBreak < 0 ? lower : lower.slice(0, firstBreak)
  if (opening !== "" && !lineIndexOf(rules).navigationOpenings.has(opening)) return false
  return lower.split(NAVIGATION_PIECES).every((piece) =>
    piece === "" || rules.navigation.has(piece) || piece.split(/\s+/).every((w) => rules.navigation.has(w))
  )
}

/**
 * The first line rule (in data order) of a zone that matches a text, or navigation. The same
 * line is asked about in several zones, so each pattern's answer is remembered per line.
 * A class rather than closures made per document: V8 keeps a closure's optimized code only as
 * long as some closure of it lives, so per-document closures were compiled again after every
 * full collection (up to 13 times per 20,000 articles; 963 compilations in all, 609 once the
 * hot ones were classes, data or loops). Methods keep theirs.
 */
export class LineMatcher {
  private readonly index: LineRuleIndex
  private readonly ruleCount: number
  private readonly needleCount: number
  private readonly answers: Uint8Array // 0: not asked, 1: no, 2: yes
  private readonly needleAnswers: Uint8Array // the same, per distinct needle
  private readonly navigation: Array<boolean | undefined> = []
  private readonly facts: Array<LineFacts | undefined> = []
  private readonly candidateLists: Array<ReadonlyArray<Candidate> | undefined> = []
  constructor(private readonly rules: FurnitureRules, private readonly texts: ReadonlyArray<string>) {
    this.index = lineIndexOf(rules)
    this.ruleCount = rules.lineRules.length
    this.needleCount = this.index.needles.length
    this.answers = new Uint8Array(texts.length * this.ruleCount)
    this.needleAnswers = new Uint8Array(texts.length * this.needleCount)
  }
  private holdsNeedle(i: number, line: LineFacts, id: number): boolean {
    const at = i * this.needleCount + id
    if (this.needleAnswers[at] === 0) {
      const lower = line.lower
      const needle = this.index.needles[id]!
      const probe = this.index.probes[id]!
      this.needleAnswers[at] = lower.includes(probe) && (probe === needle || lower.includes(needle)) ? 2 : 1
    }
    return this.needleAnswers[at] === 2
  }
  /** Whether a line may match a candidate rule (false only when it cannot). */
  private mayMatch(i: number, line: LineFacts, candidate: Candidate): boolean {
    if (candidate.always || candidate.opens) return true
    const prefixes = candidate.prefixes
    if (prefixes !== undefined) {
      const lower = line.lower
      for (const prefix of prefixes) if (lower.startsWith(prefix)) return true
    }
    for (const id of candidate.needleIds) if (this.holdsNeedle(i, line, id)) return true
    return false
  }
  /** The rules a line may match: all of them for a line opening with a surrogate or holding a hazard. */
  private candidatesOf(text: string, line: LineFacts): ReadonlyArray<Candidate> {
    const first = text.charCodeAt(0)
    if ((first >= 0xd800 && first < 0xe000) || line.hasHazard) return this.index.all
    // The lower case of the opening character alone is the lower-cased line's first unit
    // (lower-casing looks at the context only for a final Σ, which a line's opening is not).
    return this.index.candidatesFor(text.charAt(0).toLowerCase().charAt(0))
  }
  private isNavigation(i: number): boolean {
    return (this.navigation[i] ??= isNavigation(this.rules, this.texts[i]!))
  }
  match(i: number, zone: Zone): LineRule | undefined {
    const text = this.texts[i]!
    // Most paragraphs are longer than any rule of the zone allows: nothing to read then.
    if (text.length > this.index.longest[zone]) return this.isNavigation(i) ? navigationRule : undefined
    const line = (this.facts[i] ??= new LineFacts(text))
    const candidates = (this.candidateLists[i] ??= this.candidatesOf(text, line))
    for (const candidate of candidates) {
      const k = candidate.rule
      const rule = this.rules.lineRules[k]!
      if (text.length > rule.maxLength || (rule.zone !== "anywhere" && rule.zone !== zone)) continue
      const at = i * this.ruleCount + k
      if (this.answers[at] === 0) this.answers[at] = this.mayMatch(i, line, candidate) && rule.pattern.test(text) ? 2 : 1
      if (this.answers[at] === 2) return rule
    }
    return this.isNavigation(i) ? navigationRule : undefined
  }
}
