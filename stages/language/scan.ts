// One pass over a text for everything the language stage reads in it: letters per script (as
// countScripts), marker letters (each letter of data/languages.json's marker and exclusion
// lists, for countMarkersOfEach) and franc's cleaned trigram sample (for rank.ts). Reading the
// text once instead of three times is most of the stage's speed. Results live in scratch
// buffers valid until the next scan (the flow is synchronous).
import { countsOf, markerSlotOf, NO_SCRIPT, scriptNames, scriptOfCodeUnit, type ScriptCounts } from "./scripts.ts"

export const MAX_SAMPLE_LENGTH = 2048 // franc reads only this many UTF-16 units

// trigram-utils' clean(): punctuation and digits (U+0021-U+0040) to spaces, white space
// collapsed, trimmed, lower-cased; padded with one space each side. Kept for texts the
// unit-by-unit cleaning below cannot handle.
const padForTrigrams = (sample: string): string =>
  ` ${sample.replace(/[\u0021-\u0040]+/g, " ").replace(/\s+/g, " ").trim().toLowerCase()} `

// The same cleaning one UTF-16 unit at a time. Lower-casing is per unit except for
// surrogates (pairs lower-case as one code point) and capital sigma (final form depends on
// the next letter): texts holding those take padForTrigrams. U+0130 lower-cases to two units.
// The markers are units too: U+FFFD-U+FFFF (the replacement character is common in badly
// decoded text) take padForTrigrams, rather than be read as markers.
const SEPARATOR = 0xffff // punctuation, digit or white space
const SLOW_PATH = 0xfffe // the unit needs the whole-string cleaning
const TWO_UNITS = 0xfffd // lower-cases to "i" + U+0307
const cleanUnitOf = (unit: number): number => {
  const char = String.fromCharCode(unit)
  const lower = char.toLowerCase()
  return (unit >= 0x21 && unit <= 0x40) || /\s/.test(char) ? SEPARATOR
    : (unit >= 0xd800 && unit <= 0xdfff) || unit === 0x3a3 ? SLOW_PATH
    : lower === "i\u0307" ? TWO_UNITS
    : lower.length === 1 && lower.charCodeAt(0) < TWO_UNITS ? lower.charCodeAt(0)
    : SLOW_PATH
}

// UTF-16 unit -> cleaned unit (high 16 bits; separators as a space) | marker slot (next 8) |
// script (low 8; NONE for units that are no counted letter), so the pass makes one table
// lookup per unit and counts every unit, letter or not, without a branch.
const NONE = scriptNames.length
const unitInfo: Int32Array = (() => {
  const table = new Int32Array(0x10000)
  for (let unit = 0; unit < 0x10000; unit++) {
    const clean = cleanUnitOf(unit)
    const script = scriptOfCodeUnit[unit]!
    table[unit] = ((clean === SEPARATOR ? 0x20 : clean) << 16) | (markerSlotOf[unit]! << 8) | (script === NO_SCRIPT ? NONE : script)
  }
  return table
})()

export interface TextScan {
  readonly counts: ScriptCounts // a new object per scan
  readonly markerCounts: Int32Array // marker slot -> letters of the text in it (scratch)
  readonly markerSlotsSeen: Uint16Array // the slots counted, first `markerSlotsSeenCount` (scratch)
  readonly markerSlotsSeenCount: number
  // franc's cleaned, padded sample of the text's first MAX_SAMPLE_LENGTH units (scratch):
  // at most two units per unit (U+0130) and two spaces
  readonly sample: Uint16Array
  readonly sampleUnits: number // of `sample`
  readonly sampleLength: number // units of the text sampled
}

const scan = {
  counts: { letters: 0, dominant: undefined } as ScriptCounts,
  perScript: new Int32Array(NONE + 1),
  markerCounts: new Int32Array(256),
  markerSlotsSeen: new Uint16Array(256),
  markerSlotsSeenCount: 0,
  sample: new Uint16Array(2 * MAX_SAMPLE_LENGTH + 2),
  sampleUnits: 0,
  sampleLength: 0
}

/**
 * Scans `text`, or its units [start, end): a sentence is read in place in its document's text
 * (a sentence sliced out of it is a V8 sliced string, whose units read ~30-50% slower in a loop).
 */
export const scanText = (text: string, start = 0, end = text.length): TextScan => {
  const { perScript, markerCounts, markerSlotsSeen, sample } = scan
  for (let s = 0; s < scan.markerSlotsSeenCount; s++) markerCounts[markerSlotsSeen[s]!] = 0
  for (let s = 0; s < perScript.length; s++) perScript[s] = 0 // (a loop: cheaper than fill() on a few items)
  let seen = 0
  const sampleLength = Math.min(end - start, MAX_SAMPLE_LENGTH)
  const sampleEnd = start + sampleLength
  // Separators collapse into the space before them: the padding space trims leading ones,
  // and trailing ones leave a space that serves as the closing padding. Branch-free: spaces
  // come at unpredictable places.
  let n = 1
  sample[0] = 0x20
  let afterSpace = 1
  let slow = false
  for (let i = start; i < end; i++) {
    const info = unitInfo[text.charCodeAt(i)]!
    perScript[info & 0xff]!++
    const slot = (info >>> 8) & 0xff
    if (slot !== 0 && markerCounts[slot]!++ === 0) markerSlotsSeen[seen++] = slot
    if (i >= sampleEnd || slow) continue
    const clean = info >>> 16
    if (clean >= TWO_UNITS) {
      // rare: TWO_UNITS or SLOW_PATH (separators are spaces by now)
      if (clean === SLOW_PATH) slow = true
      else {
        sample[n++] = 0x69
        sample[n++] = 0x307
        afterSpace = 0
      }
      continue
    }
    const isSpace = ((clean ^ 0x20) - 1) >>> 31 // 1 for a space, else 0
    sample[n] = clean
    n += 1 - (isSpace & afterSpace)
    afterSpace = isSpace
  }
  if (afterSpace === 0 || n === 1) sample[n++] = 0x20 // (an empty sample is two spaces)
  if (slow) {
    const padded = padForTrigrams(text.slice(start, sampleEnd))
    for (let i = 0; i < padded.length; i++) sample[i] = padded.charCodeAt(i)
    n = padded.length
  }
  scan.counts = countsOf(perScript, end - start - perScript[NONE]!)
  scan.markerSlotsSeenCount = seen
  scan.sampleUnits = n
  scan.sampleLength = sampleLength
  return scan
}
