// Script gate: counts the letters of a text per writing system (Unicode Script property).
// Takes a string, returns letter counts per script from data/languages.json `scripts`;
// costs one table lookup per UTF-16 unit. Letters outside the listed scripts are not
// counted, so digits, punctuation and symbols never decide a script.
import languageData from "../../data/languages.json" with { type: "json" }

export const scriptNames: ReadonlyArray<string> = languageData.scripts

const NO_SCRIPT = 255

// BMP code unit -> index into scriptNames, built once from the Unicode property escapes.
const scriptOfCodeUnit: Uint8Array = (() => {
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
  readonly perScript: Uint32Array // indexed like scriptNames
  readonly letters: number
  readonly dominant: string | undefined // undefined when the text has no counted letters
}

export const countScripts = (text: string): ScriptCounts => {
  const perScript = new Uint32Array(scriptNames.length)
  let letters = 0
  for (let i = 0; i < text.length; i++) {
    const script = scriptOfCodeUnit[text.charCodeAt(i)]!
    if (script !== NO_SCRIPT) {
      perScript[script]!++
      letters++
    }
  }
  let best = -1
  let bestCount = 0
  for (let s = 0; s < perScript.length; s++) {
    if (perScript[s]! > bestCount) {
      bestCount = perScript[s]!
      best = s
    }
  }
  return { perScript, letters, dominant: best >= 0 ? scriptNames[best] : undefined }
}

export const lettersOfScript = (counts: ScriptCounts, script: string): number =>
  counts.perScript[scriptNames.indexOf(script)] ?? 0

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

// The marker sets of one script's candidates, indexed so that one pass over a text counts
// the letters of every set: code unit -> the sets holding it (owners[start[u]..start[u+1])).
export interface MarkerIndex {
  readonly sets: number
  readonly first: number // lowest unit of any set
  readonly start: Uint32Array // (unit - first) -> offset into owners; one longer than the span
  readonly owners: Uint16Array
}

export const markerIndex = (sets: ReadonlyArray<ReadonlySet<number>>): MarkerIndex => {
  const units = sets.flatMap((set) => [...set])
  const first = units.length === 0 ? 0 : Math.min(...units)
  const span = units.length === 0 ? 0 : Math.max(...units) - first + 1
  const start = new Uint32Array(span + 1)
  for (const unit of units) start[unit - first + 1]!++
  for (let u = 0; u < span; u++) start[u + 1]! += start[u]!
  const owners = new Uint16Array(units.length)
  const filled = start.slice(0, span)
  sets.forEach((set, s) => {
    for (const unit of set) owners[filled[unit - first]!++] = s
  })
  return { sets: sets.length, first, start, owners }
}

// How many characters of `text` belong to each set of the index (same counts as
// countMarkers on each set, in one pass).
export const countMarkersOfEach = (text: string, index: MarkerIndex): Int32Array => {
  const { first, start, owners } = index
  const span = start.length - 1
  const found = new Int32Array(index.sets)
  for (let i = 0; i < text.length; i++) {
    const offset = (text.charCodeAt(i) - first) >>> 0 // a unit below `first` wraps past the span
    if (offset < span) for (let k = start[offset]!; k < start[offset + 1]!; k++) found[owners[k]!]!++
  }
  return found
}
