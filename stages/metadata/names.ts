/**
 * Person and organisation names in bylines: honorifics stripped ("Lt. Gen.
 * (retd)", "Dr."), several authors split ("X and Y", "X, Y", "X и Y"), a
 * trailing place ("in Moscow"), date or bio cut off. Names are never cut
 * inside a word, so "Abby" and "Kirby" stay whole.
 */
import { honorifics, particles, patterns } from "./patterns.ts"

const CASED = /[\p{Lu}\p{Ll}]/u
const UPPER_WORD = /^[\p{Lu}.'’-]+$/u

const titleCase = (word: string) =>
  word.toLowerCase().replace(/(^|[-'’])(\p{Ll})/gu, (_, sep: string, ch: string) => sep + ch.toUpperCase())

/** Strips honorifics and decorations from one name; undefined when what is left is not a name. */
const cleanName = (raw: string): string | undefined => {
  const tokens = raw.replace(/[*†]+/g, " ").replace(/\s+/g, " ").trim().replace(patterns.nameTail, "").split(" ")
  while (tokens.length > 1 && honorifics.has(tokens[0]!.toLowerCase().replace(/\.$/, ""))) tokens.shift()
  let parts = tokens.join(" ").replace(/^[\s,.:;-]+|[\s,:;-]+$/g, "").split(" ").filter((p) => p !== "")
  if (parts.length === 0 || parts.length > 6) return undefined
  // Cased scripts: every word capitalised or a particle (bin, ul, de, of); caseless scripts pass.
  // A label ("Source:", "Editor:") is not part of a name.
  const ok = parts.every((p) =>
    /\p{L}/u.test(p) && !/:$/.test(p) && (/^[^\p{L}]*\p{Lu}/u.test(p) || particles.has(p.toLowerCase()) || !CASED.test(p))
  )
  if (!ok) return undefined
  // A byline set in capitals ("NADIA SHAHRYAR") is a name in ordinary case.
  if (parts.length > 1 && parts.every((p) => UPPER_WORD.test(p))) parts = parts.map(titleCase)
  return parts.join(" ")
}

/** Names from the text after a byline marker, stopping where a bio, a date or a place starts. */
export const parseAuthors = (text: string): Array<string> => {
  const beforeBio = (text.split(patterns.bioBreak)[0] ?? text).split(patterns.nameCut)[0]!
  const beforeDate = beforeBio.split(/\s*[|•·]\s*|\s+[-–—]\s+|,\s*(?=\d)/)[0] ?? beforeBio
  // In caseless scripts (Urdu) names are joined by "اور"; a comma sets off a place ("X، اسلام آباد").
  const pieces = CASED.test(beforeDate)
    ? beforeDate.split(patterns.nameSeparators)
    : beforeDate.split(patterns.nameSeparatorsCaseless).map((piece) => piece.split(/\s*[،,]\s*/)[0]!)
  const names = pieces.map(cleanName)
    // "Ruby Ashby, Senior Reporter": a job title or an edition is not a person.
    .filter((n): n is string => n !== undefined && !patterns.jobTitle.test(n))
  // "By Abdul Karim Rahimi, Peshawar": a lone word after full names is a place, not a person.
  const someFull = names.some((n) => n.includes(" "))
  return names.filter((n, i) => i === 0 || !someFull || n.includes(" "))
}

/**
 * A line that is nothing but one to four names ("Imran Saeed", "Марина Левченко, Кирилл Бычков").
 * In caseless scripts (Arabic, Urdu) any short phrase would pass, so those count only where a
 * byline is expected (`caseless`).
 */
export const readNameLine = (text: string, caseless = false): Array<string> | undefined => {
  if (text.length > 120 || /[.!?:;«»"“”]$/.test(text) || /\d/.test(text)) return undefined
  if (!caseless && !CASED.test(text)) return undefined
  const pieces = text.split(patterns.nameSeparators)
  if (pieces.length > 4) return undefined
  // Stops at the first piece that is no name (most lines asked about are headlines).
  const names: Array<string> = []
  for (const piece of pieces) {
    const name = cleanName(piece)
    if (name === undefined || patterns.jobTitle.test(name)) return undefined
    names.push(name)
  }
  const valid = names.filter((n) => {
    const words = n.split(" ")
    return words.length >= 2 && words.length <= 4
  })
  return valid.length === names.length ? valid : undefined
}
