/**
 * Datelines at the start of the first paragraph: "ISLAMABAD - ", "KABUL:",
 * "MOSCOW (Reuters) - ", "Islamabad (AFP) -", "Islamabad, March 3:",
 * "MOSCOW, March 19. /TASS/. ", "ДУШАНБЕ, 5 сен — Sputnik. ", "اسلام آباد:".
 * The place is returned in capitals (in its own script), with the agency if any.
 */
import { looksLikeProse } from "../document.ts"

const PLACE_CAPS = String.raw`\p{Lu}[\p{Lu}.'’-]+(?:\s\p{Lu}[\p{Lu}.'’-]+){0,2}`
const PLACE_TITLE = String.raw`\p{Lu}\p{Ll}+(?:[\s-]\p{Lu}\p{Ll}+)?`
const DATEISH = String.raw`(?=[^,:]{0,25}\d)[\p{L}\d][\p{L}\d .]{0,30}?`
const AGENCY = String.raw`(?<agency>[^)]{2,30})`

/** How a place starts (its first two letters): a pattern whose place cannot start so is not tried. */
const CAPS = 1
const TITLE = 2
const ARABIC = 4
const CAPS_START = /^\p{Lu}[\p{Lu}.'’-]/u // PLACE_CAPS
const TITLE_START = /^\p{Lu}\p{Ll}/u // PLACE_TITLE
const ARABIC_START = /^\p{Script=Arabic}/u
const placeStarts = (text: string): number =>
  (CAPS_START.test(text) ? CAPS : 0) | (TITLE_START.test(text) ? TITLE : 0) | (ARABIC_START.test(text) ? ARABIC : 0)

interface DatelinePattern {
  readonly pattern: RegExp
  /** the place starts that the pattern accepts */
  readonly starts: number
}
const datelinePattern = (source: string, starts: number): DatelinePattern => ({ pattern: new RegExp(source, "u"), starts })

/** Most specific first. Groups: place, agency. */
const COUNTRY = String.raw`(?:,\s*\p{Lu}\p{Ll}+(?:\s\p{Lu}\p{Ll}+)?)?`
const datelinePatterns: ReadonlyArray<DatelinePattern> = [
  datelinePattern(String.raw`^(?<place>${PLACE_CAPS})${COUNTRY}(?:,\s*${DATEISH})?\s*\(${AGENCY}\)\s*[-–—:]\s*`, CAPS),
  datelinePattern(String.raw`^(?<place>${PLACE_TITLE})(?:,\s*${DATEISH})?\s*\(${AGENCY}\)\s*[-–—:]\s*`, TITLE),
  datelinePattern(String.raw`^(?<place>${PLACE_CAPS}),\s*${DATEISH}\.?\s*\/(?<agency>[^/]{2,25})\/\.?\s*`, CAPS),
  datelinePattern(String.raw`^(?<place>${PLACE_CAPS}),\s*${DATEISH}\s*[-–—]\s*(?<agency>\p{Lu}[^.]{1,25})\.\s+`, CAPS),
  datelinePattern(String.raw`^(?<place>${PLACE_CAPS})(?:,\s*${DATEISH})?\s*[-–—:]\s+`, CAPS),
  datelinePattern(String.raw`^(?<place>${PLACE_TITLE}),\s*${DATEISH}\s*[:–—-]\s+`, TITLE),
  datelinePattern(String.raw`^(?<place>${PLACE_TITLE}|${PLACE_CAPS}),\s*${DATEISH},\s*(?<agency>\p{Lu}{2,10})\s*(?:--|[-–—])\s*`, TITLE | CAPS),
  datelinePattern(String.raw`^(?<place>\p{Script=Arabic}+(?:\s\p{Script=Arabic}+){0,2})\s*\(${AGENCY}\)\s*[:：-]?\s*`, ARABIC),
  datelinePattern(String.raw`^(?<place>\p{Script=Arabic}+(?:\s\p{Script=Arabic}+){0,2})\s*[:：]\s+`, ARABIC)
]

/** Sentence openers in capitals that are not places. */
const NOT_PLACES = new Set(["THE", "A", "AN", "IN", "ON", "AT", "BUT", "AND", "IT", "WE", "I", "NOTE", "UPDATE", "EDITOR'S NOTE"])

export interface Dateline {
  readonly length: number
  readonly place: string
  readonly agency: string | undefined
}

/**
 * Reads a dateline at the start of a paragraph, or (standalone) a line that is nothing but a
 * dateline, printed above the first paragraph ("KABUL, Afghanistan (AP) —").
 */
/** Only as a line of its own: "Dubai:" (a capitalised word and a colon could open any sentence). */
const STANDALONE_TITLE_CASE = datelinePattern(String.raw`^(?<place>${PLACE_TITLE})\s*:\s*$`, TITLE)
const standalonePatterns = [...datelinePatterns, STANDALONE_TITLE_CASE]

export const readDateline = (text: string, standalone = false): Dateline | undefined => {
  const starts = placeStarts(text)
  if (starts === 0) return undefined // no place opens the text (a quote, a digit, lower case)
  for (const { pattern, starts: accepted } of standalone ? standalonePatterns : datelinePatterns) {
    if ((accepted & starts) === 0) continue
    const m = pattern.exec(text)
    if (m === null) continue
    const rest = text.slice(m[0].length)
    if (standalone ? rest.trim() !== "" : !looksLikeProse(rest)) continue
    const place = m.groups!["place"]!.trim()
    if (NOT_PLACES.has(place)) continue
    return { length: m[0].length, place: place.toUpperCase(), agency: m.groups?.["agency"]?.trim() }
  }
  return undefined
}
