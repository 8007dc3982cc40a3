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
import { applyEdits, type BlockEdit, type DateCandidate, type Draft, looksLikeProse, type OutletCandidate, textOf, wordCount, wordsOf } from "./document.ts"
import { looksLikeSignature, looksLikeTitle } from "./metadata/index.ts"

type Zone = "anywhere" | "head" | "tail"

interface LineRule {
  readonly kind: RemovalKind
  readonly zone: Zone
  readonly maxLength: number
  readonly commentSection: boolean
  readonly listHeader: boolean
  readonly pattern: RegExp
}

interface SuffixRule {
  readonly kind: RemovalKind
  readonly pattern: RegExp
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

export const compileFurnitureRules = (data: FurnitureData): FurnitureRules => ({
  lineRules: data.lineRules.map((r) => ({
    kind: r.kind as RemovalKind,
    zone: r.zone as Zone,
    maxLength: r.maxLength,
    commentSection: r.commentSection === true,
    listHeader: r.listHeader === true,
    pattern: new RegExp(r.pattern, "iu")
  })),
  // Case-sensitive: "Published in Dawn" at a paragraph's end, not "published in 2017".
  suffixRules: data.suffixRules.map((r) => ({
    kind: r.kind as RemovalKind,
    pattern: new RegExp(r.pattern, "u"),
    dateRole: r.dateRole as DateCandidate["role"] | undefined,
    outletRole: r.outletRole as OutletCandidate["role"] | undefined
  })),
  sectionLabels: new Set(data.sectionLabels.map((s) => s.toLowerCase())),
  navigation: new Set(data.navigation.map((s) => s.toLowerCase()))
})

export const defaultFurnitureRules: FurnitureRules = compileFurnitureRules(furniture as FurnitureData)


const navigationRule: LineRule = {
  kind: "navigation",
  zone: "anywhere",
  maxLength: 80,
  commentSection: false,
  listHeader: false,
  pattern: /(?:)/
}

/** A short line made only of menu and button words: "Share | Tweet | Email", "READ LATER", "فیس بک". */
const isNavigation = (rules: FurnitureRules, text: string): boolean => {
  if (text.length > navigationRule.maxLength) return false
  return text.toLowerCase().split(/\s*[|•·/]\s*|\s{2,}/u).every((piece) =>
    piece === "" || rules.navigation.has(piece) || piece.split(/\s+/).every((w) => rules.navigation.has(w))
  )
}

const matchLine = (rules: FurnitureRules, text: string, zone: Zone): LineRule | undefined =>
  rules.lineRules.find((r) => text.length <= r.maxLength && (r.zone === "anywhere" || r.zone === zone) && r.pattern.test(text)) ??
    (isNavigation(rules, text) ? navigationRule : undefined)

/** A headline or tag under a list header: short, and not a sentence ending in a full stop. */
const isListItem = (text: string) => wordCount(text) <= 16 && !/[.۔]["'”’»)]*$/u.test(text)

const isSectionLabel = (rules: FurnitureRules, text: string): boolean => {
  const words = text.toLowerCase().split(/\s+/)
  if (words.length > 4 || /[.!?:]$/.test(text)) return false
  if (rules.sectionLabels.has(text.toLowerCase())) return true
  return words.every((w) => rules.sectionLabels.has(w.replace(/[^\p{L}-]/gu, "")))
}

export const removeBoilerplate = (draft: Draft, rules: FurnitureRules): Draft => {
  const texts = draft.blocks.map((b) => textOf(draft, b))
  // The head ends at the first prose paragraph that is not itself furniture (a cookie banner is prose).
  const firstProse = texts.findIndex((t) => looksLikeProse(t) && matchLine(rules, t, "anywhere") === undefined)
  const headEnd = firstProse === -1 ? texts.length : firstProse
  const kinds: Array<RemovalKind | undefined> = texts.map(() => undefined)

  // Line rules in the head and the body; the first comment-section opener after the body has
  // started turns everything below it into furniture.
  const rulesAt = texts.map((text, i) => matchLine(rules, text, i < headEnd ? "head" : "anywhere"))
  let commentSectionFrom = texts.length
  let proseSeen = 0
  for (let i = 0; i < texts.length; i++) {
    const rule = rulesAt[i]
    if (rule === undefined) {
      if (looksLikeProse(texts[i]!)) proseSeen++
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
    const rule = matchLine(rules, text, "tail")
    if (rule !== undefined) kinds[i] = rule.kind
    else if (!looksLikeSignature(text)) break
  }

  // Head: a short section label or breadcrumb directly above the headline.
  for (let i = 0; i + 1 < headEnd; i++) {
    if (kinds[i] === undefined && isSectionLabel(rules, texts[i]!) && looksLikeTitle(texts[i + 1]!)) {
      kinds[i] = "section_label"
    }
  }

  // Pull quotes: a standalone line that repeats (part of) a longer body paragraph. A paragraph
  // can hold the quote only if it holds each of its words, so only the paragraphs that hold the
  // quote's rarest word are compared: near-linear even with thousands of paragraphs. Texts are
  // compared as their lower-case words joined by single spaces.
  const words = texts.map((text, i) => (i >= headEnd && kinds[i] === undefined ? wordsOf(text.toLowerCase()) : []))
  const normalised = words.map((w) => w.join(" "))
  const paragraphsWith = new Map<string, Array<number>>()
  words.forEach((paragraph, j) => {
    for (const word of paragraph) {
      const holders = paragraphsWith.get(word)
      if (holders === undefined) paragraphsWith.set(word, [j])
      else if (holders[holders.length - 1] !== j) holders.push(j)
    }
  })
  for (let i = headEnd; i < texts.length; i++) {
    const count = wordCount(texts[i]!) // of the text as printed (lower-casing can split a word)
    if (kinds[i] !== undefined || count < 6 || count > 80) continue
    const quote = normalised[i]!
    const rarest = words[i]!.map((word) => paragraphsWith.get(word)!).reduce((a, b) => (b.length < a.length ? b : a))
    const repeated = rarest.some((j) =>
      j !== i && kinds[j] === undefined && normalised[j]!.length > quote.length && ` ${normalised[j]!} `.includes(` ${quote} `)
    )
    if (repeated) kinds[i] = "pull_quote"
  }

  const edits: Array<BlockEdit> = []
  const dateCandidates: Array<DateCandidate> = []
  const outletCandidates: Array<OutletCandidate> = []
  texts.forEach((text, i) => {
    const kind = kinds[i]
    if (kind !== undefined) {
      edits.push({ type: "drop", index: i, kind })
      if (kind === "footer" || kind === "date_line") dateCandidates.push({ text, role: kind === "footer" ? "copyright" : "updated" })
      if (kind === "footer") outletCandidates.push({ text, role: "copyright" })
      return
    }
    // Notes appended to a paragraph's end ("... * Published in Daily Times, April 25th 2018.").
    for (const rule of rules.suffixRules) {
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
  })
  return {
    ...draft,
    ...applyEdits(draft, edits),
    dateCandidates: [...draft.dateCandidates, ...dateCandidates],
    outletCandidates: [...draft.outletCandidates, ...outletCandidates]
  }
}
