/**
 * boilerplate: removes the furniture a CMS or scraper adds around an article.
 *
 * Takes a draft and the compiled furniture rules (data/furniture.json); returns
 * the draft with furniture blocks dropped (or cut from a paragraph's end) and
 * each removal recorded. A rule fires on the *shape and position* of a line,
 * never on a keyword alone: every line rule is anchored and length-bounded,
 * tail-only rules (taglines, copyright, disclaimers) fire only in the run of
 * furniture after the last body paragraph, head-only rules before the first.
 * Emits: comment_form, share_widget, newsletter, cookie_notice, related_links,
 * tag_line, view_counter, photo_credit, caption, footer, disclaimer,
 * syndication_note, tagline, breadcrumb, section_label, date_line,
 * published_in, pull_quote.
 */
import type { RemovalKind } from "../pipeline/schema.ts"
import furniture from "../data/furniture.json" with { type: "json" }
import { applyEdits, type BlockEdit, type DateCandidate, type Draft, looksLikeProse, type OutletCandidate, textOf, wordCount } from "./document.ts"
import { alternativeChecks, fewestNeedles, requiredLiterals } from "./boilerplate/literals.ts"
import { type LineChecks, type LineRule, LineMatcher, type Zone } from "./boilerplate/lineMatcher.ts"
import { markPullQuotes } from "./boilerplate/pullQuotes.ts"
import { looksLikeSignature, looksLikeTitle } from "./metadata/index.ts"

interface SuffixRule {
  readonly kind: RemovalKind
  readonly pattern: RegExp
  /** Strings one of which a matching text holds (from the pattern); undefined: unknown. */
  readonly needles: ReadonlyArray<string> | undefined
  readonly dateRole: DateCandidate["role"] | undefined
  readonly outletRole: OutletCandidate["role"] | undefined
}

export interface FurnitureRules {
  readonly lineRules: ReadonlyArray<LineRule>
  readonly suffixRules: ReadonlyArray<SuffixRule>
  readonly sectionLabels: ReadonlySet<string>
  /** Words and phrases of menus and buttons ("Share", "Sign in", "فیس بک"). */
  readonly navigation: ReadonlySet<string>
}

interface FurnitureData {
  readonly lineRules: ReadonlyArray<
    { kind: string; zone: string; maxLength: number; pattern: string; commentSection?: boolean; listHeader?: boolean }
  >
  readonly suffixRules: ReadonlyArray<{ kind: string; pattern: string; dateRole?: string; outletRole?: string }>
  readonly sectionLabels: ReadonlyArray<string>
  readonly navigation: ReadonlyArray<string>
}

// Characters whose case variants all lower-case alike (basic Latin, Latin-1 signs but µ,
// Cyrillic, Arabic, punctuation, spaces), so that lower-cased text can be searched for them in
// place of a case-insensitive pattern. The exceptions that match such a letter but lower-case
// to another character are ſ (long s), K (Kelvin) and the old Cyrillic forms U+1C80-1C88:
// a line holding one is left to the pattern (see CASE_HAZARD in boilerplate/lineMatcher.ts).
const CASELESS_SAFE = /^[\u0000-\u007f\u00a0-\u00b4\u00b6-\u00bf\u0400-\u04ff\u0600-\u06ff\u1680\u2000-\u203f\u205f\u3000\ufeff]*$/u

/** The checks of a case-insensitive rule, lower-cased; none unless every character is caseless-safe. */
const caselessChecks = (checks: ReturnType<typeof alternativeChecks>): LineChecks | undefined => {
  if (checks === undefined) return undefined
  const all = [...checks.prefixes, ...checks.starts, ...checks.needles.flat()]
  if (!all.every((c) => CASELESS_SAFE.test(c))) return undefined
  const prefixes = new Map<string, Array<string>>()
  for (const prefix of checks.prefixes.map((p) => p.toLowerCase())) {
    const first = prefix.charAt(0)
    prefixes.set(first, [...(prefixes.get(first) ?? []), prefix])
  }
  return {
    prefixes,
    starts: new Set(checks.starts.map((c) => c.toLowerCase())),
    needles: checks.needles.map((group) => fewestNeedles(group.map((n) => n.toLowerCase())))
  }
}

const optionalMap = <A, B>(value: A | undefined, f: (a: A) => B): B | undefined => (value === undefined ? undefined : f(value))

export const compileFurnitureRules = (data: FurnitureData): FurnitureRules => ({
  lineRules: data.lineRules.map((r): LineRule => ({
    kind: r.kind as RemovalKind,
    zone: r.zone as Zone,
    maxLength: r.maxLength,
    commentSection: r.commentSection === true,
    listHeader: r.listHeader === true,
    pattern: new RegExp(r.pattern, "iu"),
    checks: caselessChecks(alternativeChecks(r.pattern))
  })),
  // Case-sensitive: "Published in Dawn" at a paragraph's end, not "published in 2017".
  suffixRules: data.suffixRules.map((r) => ({
    kind: r.kind as RemovalKind,
    pattern: new RegExp(r.pattern, "u"),
    needles: optionalMap(requiredLiterals(r.pattern), fewestNeedles),
    dateRole: r.dateRole as DateCandidate["role"] | undefined,
    outletRole: r.outletRole as OutletCandidate["role"] | undefined
  })),
  sectionLabels: new Set(data.sectionLabels.map((s) => s.toLowerCase())),
  navigation: new Set(data.navigation.map((s) => s.toLowerCase()))
})

export const defaultFurnitureRules: FurnitureRules = compileFurnitureRules(furniture as FurnitureData)


/** A headline or tag under a list header: short, and not a sentence ending in a full stop. */
const isListItem = (text: string) => wordCount(text) <= 16 && !/[.۔]["'”’»)]*$/u.test(text)

const isSectionLabel = (rules: FurnitureRules, text: string): boolean => {
  const words = text.toLowerCase().split(/\s+/)
  if (words.length > 4 || /[.!?:]$/.test(text)) return false
  if (rules.sectionLabels.has(text.toLowerCase())) return true
  return words.every((w) => rules.sectionLabels.has(w.replace(/[^\p{L}-]/gu, "")))
}

/** looksLikeProse of a line, read once (`prose` remembers it). */
const isProseAt = (texts: ReadonlyArray<string>, prose: Array<boolean>, i: number): boolean => (prose[i] ??= looksLikeProse(texts[i]!))

/** Whether `text` holds one of `needles`. */
const holdsAny = (text: string, needles: ReadonlyArray<string>): boolean => {
  for (const needle of needles) if (text.includes(needle)) return true
  return false
}

// Loops rather than callbacks throughout: V8 drops the optimized code of closures made per
// document at every full collection (see boilerplate/lineMatcher.ts).
export const removeBoilerplate = (draft: Draft, rules: FurnitureRules): Draft => {
  const texts: Array<string> = []
  for (const block of draft.blocks) texts.push(textOf(draft, block))
  // The head ends at the first prose paragraph that is not itself furniture (a cookie banner is prose).
  const lines = new LineMatcher(rules, texts)
  const prose: Array<boolean> = []
  let headEnd = 0
  while (headEnd < texts.length && !(isProseAt(texts, prose, headEnd) && lines.match(headEnd, "anywhere") === undefined)) headEnd++
  const kinds = new Array<RemovalKind | undefined>(texts.length).fill(undefined)

  // Line rules in the head and the body; the first comment-section opener after the body has
  // started turns everything below it into furniture.
  const rulesAt: Array<LineRule | undefined> = []
  for (let i = 0; i < texts.length; i++) rulesAt.push(lines.match(i, i < headEnd ? "head" : "anywhere"))
  let commentSectionFrom = texts.length
  let proseSeen = 0
  for (let i = 0; i < texts.length; i++) {
    const rule = rulesAt[i]
    if (rule === undefined) {
      // Only "at least two" is ever asked: stop reading lines as prose once two are seen.
      if (proseSeen < 2 && isProseAt(texts, prose, i)) proseSeen++
      continue
    }
    kinds[i] = rule.kind
    // A comment section opens only after the article has had a few paragraphs.
    if (rule.commentSection && i > headEnd && proseSeen >= 2 && i < commentSectionFrom) commentSectionFrom = i
    // The short lines listed under a list header ("Read also", "Tagged under") belong to it.
    if (rule.listHeader) {
      while (i + 1 < texts.length && rulesAt[i + 1] === undefined && isListItem(texts[i + 1]!)) kinds[++i] = rule.kind
    }
  }
  for (let i = commentSectionFrom + 1; i < texts.length; i++) kinds[i] ??= "comment_form"

  // Tail: walk up from the end over furniture; signatures (bylines, bios) are left for the
  // metadata stage but do not end the walk.
  for (let i = texts.length - 1; i >= headEnd; i--) {
    const text = texts[i]!
    if (kinds[i] !== undefined) continue
    const rule = lines.match(i, "tail")
    if (rule !== undefined) kinds[i] = rule.kind
    else if (!looksLikeSignature(text)) break
  }

  // Head: a short section label or breadcrumb directly above the headline.
  for (let i = 0; i + 1 < headEnd; i++) {
    if (kinds[i] === undefined && isSectionLabel(rules, texts[i]!) && looksLikeTitle(texts[i + 1]!)) {
      kinds[i] = "section_label"
    }
  }

  markPullQuotes(texts, kinds, headEnd)

  const edits: Array<BlockEdit> = []
  const dateCandidates: Array<DateCandidate> = []
  const outletCandidates: Array<OutletCandidate> = []
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i]!
    const kind = kinds[i]
    if (kind !== undefined) {
      edits.push({ type: "drop", index: i, kind })
      if (kind === "footer" || kind === "date_line") dateCandidates.push({ text, role: kind === "footer" ? "copyright" : "updated" })
      if (kind === "footer") outletCandidates.push({ text, role: "copyright" })
      continue
    }
    // Notes appended to a paragraph's end ("... * Published in Daily Times, April 25th 2018.").
    for (const rule of rules.suffixRules) {
      if (rule.needles !== undefined && !holdsAny(text, rule.needles)) continue
      const match = rule.pattern.exec(text)
      if (match === null) continue
      edits.push({ type: "cut", index: i, from: "end", length: text.length - match.index, kind: rule.kind })
      const outlet = match.groups?.["outlet"]?.trim()
      const date = match.groups?.["date"]
      // Without a date, "Published in Opinion" is a CMS category (Joomla), not an outlet.
      if (rule.outletRole !== undefined && outlet && (date || rule.outletRole !== "published_in")) {
        outletCandidates.push({ text: outlet, role: rule.outletRole })
      }
      if (rule.dateRole !== undefined && match.groups?.["date"]) dateCandidates.push({ text: match[0].trim(), role: rule.dateRole })
      break
    }
  }
  return {
    ...draft,
    ...applyEdits(draft, edits),
    dateCandidates: [...draft.dateCandidates, ...dateCandidates],
    outletCandidates: [...draft.outletCandidates, ...outletCandidates]
  }
}
