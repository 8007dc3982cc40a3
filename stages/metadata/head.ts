/**
 * The head of an article: everything before the body starts. Sites print
 * here, in some order, a masthead, the headline (sometimes twice), a deck,
 * bylines ("By X", a bare name, "X | date", "Submitted by X on date") and
 * date lines. The body starts at the first prose paragraph that no byline or
 * date line follows closely (a deck is prose, but a byline comes after it).
 */
import type { RemovalKind } from "../../pipeline/schema.ts"
import { classifyDateLine, type DateRole } from "../dates/index.ts"
import type { DateCandidate, Draft, OutletCandidate } from "../document.ts"
import { looksLikeProse } from "../document.ts"
import { findOutletMention, type OutletRegistry } from "../outlets.ts"
import { readDateline } from "./dateline.ts"
import { parseAuthors, readNameLine } from "./names.ts"
import { patterns, siteWords } from "./patterns.ts"
import { hasAtMostTokens, readHeadByline, tokenCount } from "./signature.ts"

/** A headline: short, no sentence-final full stop, not a byline. */
export const looksLikeTitle = (text: string): boolean =>
  text.length <= 250 && hasAtMostTokens(text, 25) && !/[.,;:]["'”’]?$/.test(text) && !patterns.bylineMarker.test(text)

/**
 * A line that can be the headline rather than a menu item, section name or label: at least
 * three words, not "Label: 12345", not two short pieces around a bar ("Page 1 | Front Page").
 */
const canBeHeadline = (text: string): boolean => {
  if (!looksLikeTitle(text) || hasAtMostTokens(text, 2)) return false
  if (/^[^:]{1,25}:\s*\S*\d\S*$/u.test(text)) return false
  const sides = text.split(/\s[|•]\s/)
  return !(sides.length > 1 && sides.every((side) => hasAtMostTokens(side, 3)))
}

/** How far past a prose paragraph a byline or date line may still belong to the head. */
const HEAD_LOOKAHEAD = 2
/** The head is never longer than this many blocks. */
const MAX_HEAD = 12

interface HeadLine {
  readonly kind: RemovalKind
  readonly authors?: ReadonlyArray<string>
  readonly dateRole?: DateRole | undefined
}

export interface Head {
  readonly end: number
  readonly kinds: ReadonlyArray<RemovalKind | undefined>
  readonly title: string | undefined
  readonly authors: ReadonlyArray<string>
  readonly dateCandidates: ReadonlyArray<DateCandidate>
  readonly outletCandidates: ReadonlyArray<OutletCandidate>
}

/** Whether the text holds a field bar (|, • or ·): without one it is a single field. */
const hasFieldBar = (text: string): boolean => {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0x7c || c === 0x2022 || c === 0xb7) return true
  }
  return false
}

/** A byline or date line, as printed in a head, with the role of the date it holds (if any). */
const readMetaLine = (text: string): HeadLine | undefined => {
  const dateRole = classifyDateLine(text)
  const signature = readHeadByline(text)
  if (signature !== undefined) {
    return { kind: "byline", authors: signature.authors, dateRole }
  }
  if (dateRole !== undefined) {
    const inline = patterns.inlineBylineMarker.exec(text)
    if (inline !== null) {
      const names = text.slice(inline.index + inline[0].length).replace(/\s+(?:read|viewed)\s+[\d,]+\s+times$/i, "")
      return { kind: "byline", authors: parseAuthors(names), dateRole }
    }
  }
  // Fields between bars: "Shahzeb Alvi | November 14, 2018", "Source: X | 2019-03-05 22:31 | Editor: Y".
  const fields = hasFieldBar(text) ? text.split(/\s*[|•·]\s*/u).filter((f) => f !== "") : []
  if (fields.length > 1 && fields.length <= 5) {
    const dated = fields.map((f) => classifyDateLine(f) !== undefined)
    if (dated.some(Boolean)) {
      const names = fields.flatMap((f, k) => (dated[k] ? [] : readNameLine(f) ?? []))
      const labelled = fields.every((f, k) => dated[k] || readNameLine(f) !== undefined || /^[^:]{1,25}:\s*\S/u.test(f))
      if (labelled) return names.length > 0 ? { kind: "byline", authors: names, dateRole } : { kind: "date_line", dateRole }
    }
  }
  if (dateRole !== undefined) return { kind: "date_line", dateRole }
  return undefined
}

/** A short Title Case line with a word like "News", "Journal", "Agency": a site or agency name. */
const looksLikeSiteName = (text: string): boolean => {
  const words = text.split(/\s+/)
  const isSiteWord = (w: string) => siteWords.has(w.toLowerCase())
  return words.length <= 4 && words.some(isSiteWord) &&
    (isSiteWord(words[0]!) || words.every((w) => !/^\p{Ll}/u.test(w) || w.length <= 3))
}

/** A line naming the outlet: mostly a registry name, or a print-edition line ("Газета «Коммерсантъ» №27 от 14.02.2019"). */
export const namesOutlet = (text: string, registry: OutletRegistry): boolean => {
  const mention = findOutletMention(text, registry)
  if (mention === undefined) return false
  return mention.raw.length >= 0.5 * text.length ||
    // "BBC News, Islamabad", "RT на русском": the name first, a word or two after it.
    (text.startsWith(mention.raw) && tokenCount(text) - tokenCount(mention.raw) <= 2) ||
    (/\d{4}/.test(text) && hasAtMostTokens(text, 14))
}

/**
 * What the head's lines are, each read once when first asked (most heads are a few lines long,
 * and reading a long paragraph as a meta line is costly). A class rather than closures made per
 * document: V8 drops the optimized code of those at every full collection (see
 * stages/boilerplate/lineMatcher.ts).
 */
class HeadLines {
  private readonly metaRead: Array<boolean> = []
  private readonly metaLines: Array<HeadLine | undefined> = []
  private readonly outletLines: Array<boolean> = []
  private readonly proseLines: Array<boolean> = []
  private readonly isHeadlineBelow: Array<boolean | undefined> = []
  constructor(readonly texts: ReadonlyArray<string>, private readonly registry: OutletRegistry) {}
  /** readMetaLine of the first MAX_HEAD + HEAD_LOOKAHEAD lines. */
  meta(i: number): HeadLine | undefined {
    if (i >= MAX_HEAD + HEAD_LOOKAHEAD || i >= this.texts.length) return undefined
    if (this.metaRead[i] !== true) {
      this.metaRead[i] = true
      this.metaLines[i] = readMetaLine(this.texts[i]!)
    }
    return this.metaLines[i]
  }
  /** namesOutlet: asked about the same line when looking for the headline and its kind. */
  namesOutletAt(i: number): boolean {
    return (this.outletLines[i] ??= namesOutlet(this.texts[i]!, this.registry))
  }
  isProse(i: number): boolean {
    return (this.proseLines[i] ??= looksLikeProse(this.texts[i]!))
  }
  /** A line that can be the headline. */
  candidate(i: number): boolean {
    return this.meta(i) === undefined && canBeHeadline(this.texts[i]!)
  }
  /** Whether a headline comes in lines [from, end): a bare name under a date line is a byline, not a headline still to come. */
  headlineIn(from: number, end: number): boolean {
    for (let i = from; i < end; i++) {
      // memo: asked again for every line above
      if (this.isHeadlineBelow[i] ??= this.candidate(i) && readNameLine(this.texts[i]!) === undefined && !this.namesOutletAt(i)) return true
    }
    return false
  }
}

/** A head line above the headline that names the site rather than the article. */
const isMasthead = (draft: Draft, lines: HeadLines, index: number, end: number): boolean => {
  const { texts } = lines
  const text = texts[index]!
  if (lines.namesOutletAt(index)) return true
  let later = false
  for (let k = index + 1; k < end && !later; k++) later = looksLikeTitle(texts[k]!) && texts[k] !== text && lines.meta(k) === undefined
  if (!looksLikeTitle(text) || !hasAtMostTokens(text, 6) || !later) return false
  if (looksLikeSiteName(text)) return true
  if (index > 0) return false
  // Site furniture (a tagline, navigation) was cut right under it.
  const first = draft.blocks[0]!
  const next = draft.blocks[1]
  return draft.removed.some((r) =>
    r.start >= first.end && (next === undefined || r.end <= next.start) &&
    (r.kind === "tagline" || r.kind === "breadcrumb" || r.kind === "section_label")
  )
}

export const readHead = (draft: Draft, texts: ReadonlyArray<string>, registry: OutletRegistry): Head => {
  const lines = new HeadLines(texts, registry)
  // A byline with no prose below it is a closing signature, not part of the head.
  let lastProse = texts.length - 1
  while (lastProse >= 0 && !lines.isProse(lastProse)) lastProse--
  let end = texts.length
  for (let i = 0; i < Math.min(texts.length, MAX_HEAD); i++) {
    if (!lines.isProse(i) || lines.meta(i) !== undefined) continue
    // A deck: one short prose paragraph under a headline, with the byline or date still to come.
    let deck = false
    if (i > 0 && !lines.isProse(i - 1) && hasAtMostTokens(texts[i]!, 45)) {
      for (let k = i + 1; k <= i + HEAD_LOOKAHEAD && !deck; k++) deck = lines.meta(k) !== undefined && lastProse > k
    }
    if (!deck) {
      end = i
      break
    }
  }
  if (end === texts.length && texts.length > MAX_HEAD) end = 0

  const kinds: Array<RemovalKind | undefined> = []
  const authors: Array<string> = []
  const dateCandidates: Array<DateCandidate> = []
  const outletCandidates: Array<OutletCandidate> = []

  // The headline is the first title-like line below the last byline or date line that still has
  // one below it: "[masthead] [date] HEADLINE [byline] [date]" and "HEADLINE [byline] [date]" alike.
  let from = 0
  for (let i = 0; i < end; i++) {
    if (lines.meta(i) !== undefined && lines.headlineIn(i + 1, end)) from = i + 1
  }
  let titleIndex = -1
  for (let i = from; i < end; i++) {
    if (lines.meta(i) !== undefined || !looksLikeTitle(texts[i]!)) continue
    // A site name and the tagline under it come before the headline.
    if (isMasthead(draft, lines, i, end)) {
      kinds[i] = "masthead"
      continue
    }
    const underMasthead = i > 0 && kinds[i - 1] === "masthead" && !/\d/.test(texts[i - 1]!) && hasAtMostTokens(texts[i]!, 8)
    if (underMasthead && lines.headlineIn(i + 1, end)) {
      kinds[i] = "tagline"
      continue
    }
    if (!lines.candidate(i)) continue
    titleIndex = i
    break
  }
  const title = titleIndex === -1 ? undefined : texts[titleIndex]

  let names: Array<string> | undefined
  for (let i = 0; i < end; i++) {
    const text = texts[i]!
    const line = lines.meta(i)
    // Every head line with a date is a meta line (readMetaLine), so its role is known there.
    const dateRole = line?.dateRole
    if (dateRole !== undefined || line?.kind === "byline") {
      dateCandidates.push({ text, role: dateRole === "copyright" || dateRole === "updated" ? dateRole : "header" })
    }
    if (line !== undefined) {
      kinds[i] = line.kind
      authors.push(...(line.authors ?? []))
    } else if (i < titleIndex || (titleIndex === -1 && kinds[i] === "masthead")) {
      // Above the headline: the masthead (named outlet, print-edition line) or the site's tagline.
      kinds[i] ??= lines.namesOutletAt(i) || i === 0 ? "masthead" : "tagline"
    } else if (i === titleIndex || text === title) {
      kinds[i] = "title"
    } else if (i === end - 1 && readDateline(text, true) !== undefined) {
      // A dateline on its own line above the first paragraph: read in index.ts.
    } else if (lines.namesOutletAt(i)) {
      kinds[i] = "masthead" // "BBC News, Islamabad" under a byline
    } else if (title !== undefined && authors.length === 0 && (names = readNameLine(text, true)) !== undefined) {
      kinds[i] = "byline"
      authors.push(...names)
    } else if (title !== undefined && hasAtMostTokens(text, 45)) {
      kinds[i] = "deck"
    }
    if (kinds[i] === "masthead") {
      outletCandidates.push({ text, role: "masthead" })
      if (/\d{4}/.test(text)) dateCandidates.push({ text, role: "published" })
    }
  }
  // A headline repeated as the first body line.
  if (title !== undefined && texts[end] === title) kinds[end] = "title"
  return { end, kinds, title, authors, dateCandidates, outletCandidates }
}
