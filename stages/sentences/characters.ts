// Character classes for the sentence scanner, as lookup tables over UTF-16 code units.
// Takes nothing; exports tables built once at load from Unicode properties
// (\p{Ll}, \p{Lu}, ...) and the punctuation that ends sentences in the languages
// newsprep sees: Latin . ! ?, the ellipsis, CJK 。！？, Urdu ۔, Arabic/Urdu/Persian ؟,
// Devanagari । ॥.

/** Letter case and kind of a code unit, used to read the word after a terminator. */
export const CharClass = {
  Other: 0,
  Lower: 1,
  Upper: 2,
  UncasedLetter: 3, // Arabic, Devanagari, CJK, ... letters: no case to test
  Mark: 4,
  Digit: 5,
  Space: 6
} as const

/** What the scanner does at a code unit. */
export const ScanKind = {
  None: 0,
  Latin: 1, // . ! ? … ‼ ⁇ ⁈ ⁉: ends a sentence only before whitespace
  Strong: 2, // 。！？۔؟।॥: ends a sentence whatever follows
  Newline: 3,
  Bullet: 4
} as const

const UNITS = 0x10000

const buildClasses = (): Uint8Array => {
  const table = new Uint8Array(UNITS)
  const codeUnits: Array<string> = []
  for (let unit = 0; unit < UNITS; unit++) {
    // lone surrogates would break the /u regexes; they stay Other
    codeUnits.push(unit >= 0xd800 && unit <= 0xdfff ? "\u0000" : String.fromCharCode(unit))
  }
  const all = codeUnits.join("")
  const mark = (pattern: RegExp, value: number) => {
    for (const match of all.matchAll(pattern)) table[match.index] = value
  }
  mark(/\p{M}/gu, CharClass.Mark)
  mark(/[\p{Lo}\p{Lm}]/gu, CharClass.UncasedLetter)
  mark(/\p{Ll}/gu, CharClass.Lower)
  mark(/[\p{Lu}\p{Lt}]/gu, CharClass.Upper)
  mark(/\p{Nd}/gu, CharClass.Digit)
  mark(/\s/gu, CharClass.Space) // the same set String.prototype.trim removes
  return table
}

export const charClasses: Uint8Array = buildClasses()

const fill = (table: Uint8Array, chars: string, value: number): Uint8Array => {
  for (let i = 0; i < chars.length; i++) table[chars.charCodeAt(i)] = value
  return table
}

export const LATIN_TERMINATORS = ".!?\u2026\u203c\u2047\u2048\u2049"
export const STRONG_TERMINATORS = "\u3002\uff01\uff1f\uff0e\u06d4\u061f\u0964\u0965"
/** Bullets that open a list item wherever they follow whitespace. */
export const BULLETS = "\u2022\u2043\u25e6\u25aa\u25cf\u2023\u25a0"
/** Extra bullets recognised only at the start of a line. */
export const LINE_START_BULLETS = "-*+\u2013\u2014"
/** Closing quotes and brackets that stay with the sentence they close. */
export const CLOSERS = "\"'\u201d\u2019\u00bb\u203a)]}\u300d\u300f\uff09\u3011"
/** Opening quotes and brackets skipped when reading the next word. */
export const OPENERS = "\"'\u201c\u2018\u00ab\u2039([{\u300c\u300e\uff08\u3010\u00bf\u00a1"

export const scanKinds: Uint8Array = (() => {
  const table = new Uint8Array(UNITS)
  fill(table, LATIN_TERMINATORS, ScanKind.Latin)
  fill(table, STRONG_TERMINATORS, ScanKind.Strong)
  fill(table, BULLETS, ScanKind.Bullet)
  table[0x0a] = ScanKind.Newline
  return table
})()

const flags = (chars: string): Uint8Array => fill(new Uint8Array(UNITS), chars, 1)

export const isCloser: Uint8Array = flags(CLOSERS)
export const isOpener: Uint8Array = flags(OPENERS)
export const isBullet: Uint8Array = flags(BULLETS)
export const isLineStartBullet: Uint8Array = flags(BULLETS + LINE_START_BULLETS)
export const isTerminator: Uint8Array = flags(LATIN_TERMINATORS + STRONG_TERMINATORS)

export const isSpace = (unit: number): boolean => charClasses[unit] === CharClass.Space

/** Code units that belong to a word when reading an abbreviation backwards (N°, №, marks). */
export const isWordUnit = (unit: number): boolean => {
  const cls = charClasses[unit]
  return cls === CharClass.Lower || cls === CharClass.Upper || cls === CharClass.UncasedLetter ||
    cls === CharClass.Mark || unit === 0xb0 || unit === 0xba || unit === 0x2116
}
