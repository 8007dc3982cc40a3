/**
 * metadata: pulls the headline, bylines, author bios, contact lines, date lines
 * and the dateline out of the body.
 *
 * Takes a draft whose furniture is gone; returns it with `title`, `authors`,
 * `dateline`, date and outlet candidates set and the lines they came from
 * removed. Looks only where sites print these: the head (before the first
 * prose paragraph), the start of the first paragraph (dateline) and the
 * signature run at the end. Patterns live in data/bylines.json.
 * Emits: title, deck, byline, author_bio, contact, date_line, dateline.
 */
import type { RemovalKind } from "../pipeline/schema.ts"
import bylines from "../data/bylines.json" with { type: "json" }
import { classifyDateLine } from "./dates/index.ts"
import { applyEdits, type BlockEdit, type DateCandidate, type Draft, looksLikeProse, type OutletCandidate, textOf } from "./document.ts"

const re = (pattern: string, flags = "iu") => new RegExp(pattern, flags)
const bylineMarker = re(bylines.bylineMarker)
const inlineBylineMarker = re(bylines.inlineBylineMarker)
const closingSignature = re(bylines.closingSignature, "u")
const bioStart = re(bylines.bioStart)
const namedBio = re(bylines.namedBio, "u")
const contact = re(bylines.contact)
const nameTail = re(bylines.nameTail, "u")
const nameSeparators = re(bylines.nameSeparators)
const bioBreak = re(bylines.bioBreak, "iu")
const honorifics = new Set(bylines.honorifics)
const particles = new Set(bylines.nameParticles)

const WORDS = /\S+/g
const wordCount = (text: string) => text.match(WORDS)?.length ?? 0

/** A headline: short, no sentence-final full stop, not a byline. */
export const looksLikeTitle = (text: string): boolean =>
  wordCount(text) <= 25 && text.length <= 250 && !/[.,;:]["'”’]?$/.test(text) && !bylineMarker.test(text)

/** Strips honorifics and decorations from one name; undefined when what is left is not a name. */
const cleanName = (raw: string): string | undefined => {
  const tokens = raw.replace(/[*†]+/g, " ").replace(/\s+/g, " ").trim().replace(nameTail, "").split(" ")
  while (tokens.length > 1 && honorifics.has(tokens[0]!.toLowerCase().replace(/\.$/, ""))) tokens.shift()
  const name = tokens.join(" ").replace(/^[\s,.:;-]+|[\s,:;-]+$/g, "")
  const parts = name.split(" ")
  if (name === "" || parts.length > 6) return undefined
  // Cased scripts: every word capitalised or a particle (bin, ul, de, of); caseless scripts pass.
  const ok = parts.every((p) => /^[^\p{L}]*\p{Lu}/u.test(p) || particles.has(p.toLowerCase()) || !/[\p{Lu}\p{Ll}]/u.test(p))
  return ok ? name : undefined
}

/** Names from the text after a byline marker: "X and Y", "X, Y", stopping where a bio starts. */
export const parseAuthors = (text: string): Array<string> => {
  const beforeBio = text.split(bioBreak)[0] ?? text
  const beforeDate = beforeBio.split(/\s*[|•·]\s*|\s+[-–—]\s+|,\s*(?=\d)/)[0] ?? beforeBio
  return beforeDate.split(nameSeparators).map(cleanName).filter((n): n is string => n !== undefined)
}

interface Signature {
  readonly kind: RemovalKind
  readonly authors: ReadonlyArray<string>
  /** Length of the byline part when the rest of the line is a bio. */
  readonly bylineLength?: number
}

/** Classifies a line of the closing signature run: byline, bio or contact line. */
const readSignature = (text: string): Signature | undefined => {
  if (contact.test(text)) return { kind: "contact", authors: [] }
  const marker = bylineMarker.exec(text)
  if (marker !== null && wordCount(text) <= 60) {
    const rest = text.slice(marker[0].length)
    const authors = parseAuthors(rest)
    if (authors.length === 0) return undefined
    const bio = bioBreak.exec(rest)
    return bio === null
      ? { kind: "byline", authors }
      : { kind: "byline", authors, bylineLength: marker[0].length + bio.index }
  }
  if (closingSignature.test(text) && wordCount(text) <= 8) {
    const authors = parseAuthors(text.replace(closingSignature, ""))
    if (authors.length > 0) return { kind: "byline", authors }
  }
  if (bioStart.test(text) || (namedBio.test(text) && wordCount(text) <= 45)) return { kind: "author_bio", authors: [] }
  return undefined
}

export const looksLikeSignature = (text: string): boolean => readSignature(text) !== undefined

const PLACE_CAPS = String.raw`\p{Lu}[\p{Lu}.'’-]+(?:\s\p{Lu}[\p{Lu}.'’-]+){0,2}`
const DATEISH = String.raw`(?=[^,:]{0,25}\d)[\p{L}\d][\p{L}\d .]{0,30}?`
/** Datelines, most specific first. Groups: place, agency. */
const datelinePatterns = [
  re(String.raw`^(?<place>${PLACE_CAPS})(?:,\s*${DATEISH})?\s*\((?<agency>[^)]{2,30})\)\s*[-–—:]\s*`, "u"),
  re(String.raw`^(?<place>${PLACE_CAPS}),\s*${DATEISH}\.?\s*\/(?<agency>[^/]{2,25})\/\.?\s*`, "u"),
  re(String.raw`^(?<place>${PLACE_CAPS}),\s*${DATEISH}\s*[-–—]\s*(?<agency>[\p{Lu}][^.]{1,25})\.\s+`, "u"),
  re(String.raw`^(?<place>${PLACE_CAPS})(?:,\s*${DATEISH})?\s*[-–—:]\s+`, "u"),
  re(String.raw`^(?<place>\p{Lu}\p{Ll}+(?:\s\p{Lu}\p{Ll}+)?),\s*${DATEISH}\s*[:–—-]\s+`, "u"),
  re(String.raw`^(?<place>\p{Script=Arabic}+(?:\s\p{Script=Arabic}+){0,2})\s*[:：]\s+`, "u")
]

const readDateline = (text: string) => {
  for (const pattern of datelinePatterns) {
    const m = pattern.exec(text)
    if (m === null || !looksLikeProse(text.slice(m[0].length))) continue
    const place = m.groups!["place"]!.trim()
    // A capitalised word that is really the sentence's first word ("THE ...") is not a place.
    if (/^(THE|A|AN|IN|ON|AT|BUT|AND|IT|WE|I)$/.test(place)) continue
    return { length: m[0].length, place: place.toUpperCase(), agency: m.groups?.["agency"]?.trim() }
  }
  return undefined
}

export const extractMetadata = (draft: Draft): Draft => {
  const texts = draft.blocks.map((b) => textOf(draft, b))
  const firstProse = texts.findIndex(looksLikeProse)
  const headEnd = firstProse === -1 ? texts.length : firstProse
  const edits: Array<BlockEdit> = []
  const authors: Array<string> = []
  const dateCandidates: Array<DateCandidate> = []
  const outletCandidates: Array<OutletCandidate> = []
  let title: string | undefined
  let dateline: string | undefined

  // Head: bylines, date lines, the headline (and its repeats) and a deck under it.
  const headKinds: Array<RemovalKind | undefined> = []
  for (let i = 0; i < headEnd; i++) {
    const text = texts[i]!
    const signature = readSignature(text)
    const dateRole = classifyDateLine(text)
    const inline = inlineBylineMarker.exec(text)
    if (signature !== undefined && signature.kind === "byline") {
      authors.push(...signature.authors)
      headKinds[i] = "byline"
    } else if (inline !== null && dateRole !== undefined) {
      authors.push(...parseAuthors(text.slice(inline.index + inline[0].length).replace(/\s+(?:read|viewed)\s+[\d,]+\s+times$/i, "")))
      headKinds[i] = "byline"
    } else if (dateRole !== undefined) {
      headKinds[i] = "date_line"
    } else if (title === undefined && looksLikeTitle(text)) {
      title = text
      headKinds[i] = "title"
    } else if (title !== undefined && text === title) {
      headKinds[i] = "title"
    } else if (title !== undefined && wordCount(text) <= 45) {
      headKinds[i] = "deck"
    }
    if (dateRole !== undefined) dateCandidates.push({ text, role: dateRole === "copyright" ? "copyright" : dateRole })
  }
  headKinds.forEach((kind, i) => kind !== undefined && edits.push({ type: "drop", index: i, kind }))

  // A headline repeated as the first body line.
  if (title !== undefined && texts[headEnd] === title) edits.push({ type: "drop", index: headEnd, kind: "title" })

  // Dateline at the start of the first prose paragraph.
  if (firstProse !== -1) {
    const found = readDateline(texts[firstProse]!)
    if (found !== undefined) {
      dateline = found.place
      edits.push({ type: "cut", index: firstProse, from: "start", length: found.length, kind: "dateline" })
      if (found.agency !== undefined) {
        outletCandidates.push({ text: found.agency, role: "agency" })
        if (authors.length === 0) authors.push(found.agency.replace(/^\/|\/$/g, ""))
      }
    }
  }

  // Closing signature run: bylines, bios and contact lines at the end.
  for (let i = texts.length - 1; i >= Math.max(headEnd, 1); i--) {
    const signature = readSignature(texts[i]!)
    if (signature === undefined) break
    if (signature.kind === "byline") authors.unshift(...signature.authors.filter((a) => !authors.includes(a)))
    if (signature.bylineLength !== undefined) {
      edits.push({ type: "cut", index: i, from: "end", length: texts[i]!.length - signature.bylineLength, kind: "author_bio" })
      edits.push({ type: "cut", index: i, from: "start", length: signature.bylineLength, kind: "byline" })
    } else {
      edits.push({ type: "drop", index: i, kind: signature.kind })
    }
  }

  return {
    ...draft,
    ...applyEdits(draft, edits),
    title,
    authors: [...new Set([...draft.authors, ...authors])],
    dateline,
    dateCandidates: [...draft.dateCandidates, ...dateCandidates],
    outletCandidates: [...draft.outletCandidates, ...outletCandidates]
  }
}
