// Inline list items: "1. The first item 2. The second item", "a) ... b) ...", "• 9. ... • 10. ...".
// Takes the text and the abbreviation rules; returns where list items start (each is a new
// sentence) and the positions of the "." inside item markers (which end nothing).
// As in pragmatic_segmenter's list rules, a marker counts only in a run of consecutive markers
// of one style (1. 2. 3., or a) b)); in addition the run must begin where a sentence can begin
// (start of text or line, after a colon, a bullet or final punctuation), so prose such as
// "Chapter 1. Chapter 2. Chapter 3." or "ranked No. 1 ... No. 2." is left alone.
import { Category, type AbbreviationRules } from "./abbreviations.ts"
import { BULLETS, isBullet, isCloser, isSpace, isTerminator } from "./characters.ts"
import { readWordBefore } from "./period.ts"

export interface ListItems {
  /** positions where an item starts, ascending */
  readonly starts: ReadonlyArray<number>
  /** positions of the "." in "1." / "1.)" / "a." markers */
  readonly markerPeriods: ReadonlySet<number>
}

interface Marker {
  readonly start: number
  readonly labelEnd: number
  readonly group: string // kind and style: "1." "1.)" "1)" "a." ...
  readonly value: number
}

const EMPTY: ListItems = { starts: [], markerPeriods: new Set() }
const PERIOD = 0x2e
const COLON = 0x3a
const NEWLINE = 0x0a

// one or two digits or one lower-case letter, then ".", ".)" or ")", then whitespace;
// the character before is consumed (no lookbehind: about 3x faster in V8); no "u" flag
// (every character it names is a single UTF-16 unit, and \s is the same set): faster still
const MARKER = new RegExp(`(?:^|[\\s${BULLETS}])(\\d{1,2}|[a-z])(\\.\\)|\\.|\\))(?=\\s)`, "g")

/** Nearest non-space position before `start`, or -1; NEWLINE's position if a line break comes first. */
const previousVisible = (text: string, start: number): number => {
  let probe = start - 1
  while (probe >= 0 && isSpace(text.charCodeAt(probe)) && text.charCodeAt(probe) !== NEWLINE) probe--
  return probe
}

/** A list can begin here: start of text or line, after ":", a bullet, or a sentence's final punctuation. */
const canOpenList = (text: string, start: number): boolean => {
  let probe = previousVisible(text, start)
  if (probe < 0) return true
  const unit = text.charCodeAt(probe)
  if (unit === NEWLINE || unit === COLON || isBullet[unit] === 1) return true
  while (probe > 0 && isCloser[text.charCodeAt(probe)] === 1) probe--
  return isTerminator[text.charCodeAt(probe)] === 1
}

/** "No. 1." and "p. 2." number things; they do not open list items. */
const followsNumberAbbreviation = (text: string, start: number, rules: AbbreviationRules): boolean => {
  const probe = previousVisible(text, start)
  if (probe < 0 || text.charCodeAt(probe) !== PERIOD) return false
  const flags = rules.categories.get(readWordBefore(text, probe).key) ?? 0
  return (flags & (Category.BeforeNumber | Category.Prepositive)) !== 0
}

/** Item starts right after a bullet are covered by the bullet's own cut. */
const followsBullet = (text: string, start: number): boolean => {
  const probe = previousVisible(text, start)
  return probe >= 0 && isBullet[text.charCodeAt(probe)] === 1
}

const readMarkers = (text: string): Array<Marker> => {
  const markers: Array<Marker> = []
  // exec, not matchAll: matchAll clones the regex on every call, and most texts have no marker
  MARKER.lastIndex = 0
  for (let match = MARKER.exec(text); match !== null; match = MARKER.exec(text)) {
    const label = match[1] ?? ""
    const style = match[2] ?? ""
    const start = match.index + match[0].length - label.length - style.length
    const numeric = label.charCodeAt(0) < 0x3a
    markers.push({
      start,
      labelEnd: start + label.length,
      group: (numeric ? "1" : "a") + style,
      value: numeric ? Number(label) : label.charCodeAt(0)
    })
  }
  return markers
}

export const findListItems = (text: string, rules: AbbreviationRules): ListItems => {
  const markers = readMarkers(text)
  if (markers.length < 2) return EMPTY
  // link each marker to the latest earlier marker of its group with the previous value;
  // a run is sound when its first marker stands where a list can open
  const latest = new Map<string, number>()
  const sound: Array<boolean> = []
  const valid: Array<boolean> = markers.map(() => false)
  markers.forEach((marker, index) => {
    const previous = latest.get(`${marker.group} ${marker.value - 1}`)
    if (previous !== undefined && sound[previous] === true) {
      sound.push(true)
      valid[index] = true
      valid[previous] = true
    } else {
      sound.push(previous === undefined && canOpenList(text, marker.start) &&
        !followsNumberAbbreviation(text, marker.start, rules))
    }
    latest.set(`${marker.group} ${marker.value}`, index)
  })
  const starts: Array<number> = []
  const markerPeriods = new Set<number>()
  markers.forEach((marker, index) => {
    if (!valid[index]) return
    if (text.charCodeAt(marker.labelEnd) === PERIOD) markerPeriods.add(marker.labelEnd)
    if (!followsBullet(text, marker.start)) starts.push(marker.start)
  })
  return starts.length === 0 && markerPeriods.size === 0 ? EMPTY : { starts, markerPeriods }
}
