// Script gate: counts the letters of a text per writing system (Unicode Script property).
// Takes a string, returns letter counts per script from data/languages.json `scripts`;
// costs one table lookup per UTF-16 unit. Letters outside the listed scripts are not
// counted, so digits, punctuation and symbols never decide a script.
import languageData from "../../data/languages.json" with { type: "json" }

export const scriptNames: ReadonlyArray<string> = languageData.scripts

export const NO_SCRIPT = 255

// BMP code unit -> index into scriptNames, built once from the Unicode property escapes.
export const scriptOfCodeUnit: Uint8Array = (() => {
  const table = new Uint8Array(0x10000).fill(NO_SCRIPT)
  const isLetter = /\p{L}/u
  const scriptTests = scriptNames.map((name) => new RegExp(`\\p{Script=${name}}`, "u"))
  for (let unit = 0; unit < 0x10000; unit++) {
    if (unit >= 0xd800 && unit <= 0xdfff) continue
    const char = String.fromCharCode(unit)
    if (!isLetter.test(char)) continue
    const index = scriptTests.findIndex((test) => test.test(char))
    if (index >= 0) table[unit] = index
  }
  return table
})()

export interface ScriptCounts {
  readonly letters: number
  readonly dominant: string | undefined // undefined when the text has no counted letters
}

// From letter counts per script (indexed like scriptNames; items past them are ignored): the
// script with most letters (the first of equals), undefined without letters.
export const countsOf = (perScript: ArrayLike<number>, letters: number): ScriptCounts => {
  let best = -1
  let bestCount = 0
  for (let s = 0; s < scriptNames.length; s++) {
    if (perScript[s]! > bestCount) {
      bestCount = perScript[s]!
      best = s
    }
  }
  return { letters, dominant: best >= 0 ? scriptNames[best] : undefined }
}

export const countScripts = (text: string): ScriptCounts => {
  const perScript = new Int32Array(scriptNames.length)
  let letters = 0
  for (let i = 0; i < text.length; i++) {
    const script = scriptOfCodeUnit[text.charCodeAt(i)]!
    if (script !== NO_SCRIPT) {
      perScript[script]!++
      letters++
    }
  }
  return countsOf(perScript, letters)
}

// Marker letters as a set of UTF-16 units, capitals included (markers are listed lower case).
export const markerSet = (letters: string): ReadonlySet<number> => {
  const units = new Set<number>()
  for (const char of letters + letters.toUpperCase()) if (char.length === 1) units.add(char.charCodeAt(0))
  return units
}

// How many characters of `text` belong to `markers`.
export const countMarkers = (text: string, markers: ReadonlySet<number>): number => {
  let found = 0
  for (let i = 0; i < text.length; i++) if (markers.has(text.charCodeAt(i))) found++
  return found
}

// Every marker or exclusion letter of data/languages.json gets a slot (1..255; 0 = none), so
// one pass over a text counts them all (scan.ts) whichever candidates are asked for.
export const markerSlotOf: Uint8Array = (() => {
  const table = new Uint8Array(0x10000)
  const lists = [...Object.values(languageData.excludedBy), ...Object.values(languageData.markerOnly).map((m) => m.markers)]
  let slots = 1
  for (const list of lists) {
    for (const unit of markerSet(list)) if (table[unit] === 0) table[unit] = slots++
  }
  if (slots > 256) throw new Error("languages.json: more than 255 distinct marker letters")
  return table
})()

// The marker sets of one script's candidates, indexed so that the counts per marker slot of
// a text give the count of every set: slot -> the sets holding it (owners[start[slot]..start[slot + 1])).
export interface MarkerIndex {
  readonly sets: number
  readonly start: Uint32Array // one longer than the slots
  readonly owners: Uint16Array
}

export const markerIndex = (sets: ReadonlyArray<ReadonlySet<number>>): MarkerIndex => {
  const slotsOf = sets.map((set) => [...set].map((unit) => {
    const slot = markerSlotOf[unit]!
    if (slot === 0) throw new Error(`marker letter U+${unit.toString(16)} is not in languages.json`)
    return slot
  }))
  const start = new Uint32Array(257)
  for (const slots of slotsOf) for (const slot of slots) start[slot + 1]!++
  for (let slot = 0; slot < 256; slot++) start[slot + 1]! += start[slot]!
  const owners = new Uint16Array(start[256]!)
  const filled = start.slice(0, 256)
  slotsOf.forEach((slots, s) => {
    for (const slot of slots) owners[filled[slot]!++] = s
  })
  return { sets: sets.length, start, owners }
}

// How many letters of a text belong to each set of the index, from the text's counts per
// marker slot (only the slots seen are read), into `found` (at least index.sets long).
export const countMarkersOfEach = (
  markerCounts: Int32Array,
  slotsSeen: Uint16Array,
  slotsSeenCount: number,
  index: MarkerIndex,
  found: Int32Array
): Int32Array => {
  const { start, owners } = index
  for (let s = 0; s < index.sets; s++) found[s] = 0
  for (let s = 0; s < slotsSeenCount; s++) {
    const slot = slotsSeen[s]!
    for (let k = start[slot]!; k < start[slot + 1]!; k++) found[owners[k]!]! += markerCounts[slot]!
  }
  return found
}
