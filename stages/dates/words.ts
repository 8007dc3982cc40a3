// Compiles data/months.json once into lookup tables and regular expressions for the
// dates stage. Matching runs on a folded copy of the text (see `foldForMatching`), whose
// UTF-16 length equals the original so that spans found in it index the original.

import words from "../../data/months.json" with { type: "json" }

/** Folds Urdu and Eastern-Arabic digits to ASCII, Arabic letter variants to their Urdu
 * forms, and bidi marks to spaces: every replacement is one UTF-16 unit for one. */
const FOLDED_CHARS: ReadonlyMap<string, string> = new Map([
  ...Array.from({ length: 10 }, (_, digit) => [String.fromCharCode(0x0660 + digit), String(digit)] as const),
  ...Array.from({ length: 10 }, (_, digit) => [String.fromCharCode(0x06f0 + digit), String(digit)] as const),
  ["\u064a", "\u06cc"], // ARABIC YEH -> FARSI YEH
  ["\u0649", "\u06cc"], // ALEF MAKSURA -> FARSI YEH
  ["\u0643", "\u06a9"], // ARABIC KAF -> KEHEH
  ["\u0647", "\u06c1"], // HEH -> HEH GOAL
  ["\u200e", " "], // LEFT-TO-RIGHT MARK
  ["\u200f", " "], // RIGHT-TO-LEFT MARK
  ["\u061c", " "] // ARABIC LETTER MARK
])
const NEEDS_FOLDING = /[\u0643\u0647\u0649\u064a\u0660-\u0669\u06f0-\u06f9\u200e\u200f\u061c]/

export const foldForMatching = (text: string): string =>
  NEEDS_FOLDING.test(text) ? Array.from(text, (char) => FOLDED_CHARS.get(char) ?? char).join("") : text

const lowerFolded = (word: string): string => foldForMatching(word.toLowerCase())

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

/** A regex alternation of the words, longest first so that "sept" wins over "sep";
 * spaces inside a phrase match any run of whitespace. */
const alternation = (list: ReadonlyArray<string>): string =>
  [...new Set(list.map(lowerFolded))]
    .sort((a, b) => b.length - a.length)
    .map((word) => escapeRegExp(word).replace(/ /g, "\\s+"))
    .join("|")

export const MONTH_BY_NAME: ReadonlyMap<string, number> = new Map(
  words.months.flatMap(({ month, names }) => names.map((name) => [lowerFolded(name), month] as const))
)
export const OFFSET_BY_ZONE: ReadonlyMap<string, string> = new Map(
  Object.entries(words.zones).map(([zone, offset]) => [zone.toUpperCase(), offset] as const)
)
export const CONNECTOR_WORDS: ReadonlySet<string> = new Set(
  [...words.connectors, ...words.relative.units, ...words.relative.anchors].map(lowerFolded)
)

const NOT_LETTER_BEFORE = "(?<![\\p{L}\\p{M}])"
const NOT_LETTER_AFTER = "(?![\\p{L}\\p{M}])"

const YEAR_SUFFIX = `(?:\\s*(?:${alternation(words.yearSuffixes)})${NOT_LETTER_AFTER})?`
const YEAR = `(?<year>\\d{4})(?!\\d)${YEAR_SUFFIX}`
const NO_NUMBER_AFTER = "(?!\\d|[./-]\\d)"

/** Words of the folded text; month names are found by looking words up in MONTH_BY_NAME,
 * which is several times cheaper than a 130-name alternation tried at every position. */
export const WORD = /[\p{L}\p{M}]+/gu

/** Around a month name: the day before it ("21 ", "25th ", "21-го "; run on the text before the month) */
export const DAY_BEFORE_MONTH = /(?<![\d.:/#№])(?<!(?:№|#|no\.?|nr\.?|issue|vol\.?|volume|выпуск|том)\s*)(?<day>\d{1,2})(?:st|nd|rd|th|-?го)?\.?[\s,/-]*(?:of\s+)?$/iu
/** ... and what follows it: an optional day, then the year (" 21, 2018", " 2018 г.", "، 2019"); sticky at the month's end */
export const AFTER_MONTH = new RegExp(
  `\\.?(?:[\\s-]*(?<day>\\d{1,2})(?!\\d)(?:st|nd|rd|th)?[\\s,،/-]+|[\\s,،/-]*)${YEAR}`,
  "iuy"
)

/** All-numeric date patterns with named groups year/month/day or a/b. */
export const DATE_PATTERNS = {
  /** 2018-02-21, 2018/02/21 */
  yearMonthDay: new RegExp(`(?<![\\d.:/-])(?<year>\\d{4})(?<sep>[./-])(?<month>\\d{1,2})\\k<sep>(?<day>\\d{1,2})${NO_NUMBER_AFTER}`, "gu"),
  /** 21/02/2018, 21.03.2019, 02-21-2018: day-first or month-first by option */
  numeric: new RegExp(`(?<![\\d.:/-])(?<a>\\d{1,2})(?<sep>[./-])(?<b>\\d{1,2})\\k<sep>${YEAR}${NO_NUMBER_AFTER}`, "giu")
} as const

/** © 2019, Copyright (c) 2015–2019: the (last) year after a copyright mark */
export const COPYRIGHT_YEAR = new RegExp(
  `(?<![\\p{L}\\p{M}])(?:(?:${alternation(words.labels.copyright)})\\s*)+(?:\\d{4}\\s*[-–—]\\s*)?(?<year>\\d{4})(?!\\d)`,
  "giu"
)
/** A bare year; read only where the line says it is a date (a label before it, or nothing else on the line) */
export const BARE_YEAR = new RegExp(`(?<![\\d.,:/-])(?<year>\\d{4})${NO_NUMBER_AFTER}${YEAR_SUFFIX}`, "giu")

export const LABEL = new RegExp(
  `${NOT_LETTER_BEFORE}(?:(?<published>${alternation(words.labels.published)})|(?<updated>${alternation(words.labels.updated)}))${NOT_LETTER_AFTER}`,
  "giu"
)
// A regex that opens with a look-behind is tried slowly at every position of the line. The same
// words without their word boundaries are found several times faster, and LABEL or RELATIVE_ANCHOR
// can only match where they are: these find the places worth trying the full pattern at.
/** LABEL, tried at one position (lastIndex) only */
export const LABEL_AT = new RegExp(LABEL.source, "iuy")
/** where LABEL may match: its words anywhere */
export const LABEL_CANDIDATE = new RegExp(`${alternation(words.labels.published)}|${alternation(words.labels.updated)}`, "giu")
export const COPYRIGHT_MARK = new RegExp(`${NOT_LETTER_BEFORE}(?:${alternation(words.labels.copyright)})`, "iu")
export const RELATIVE_ANCHOR = new RegExp(`${NOT_LETTER_BEFORE}(?:${alternation(words.relative.anchors)})${NOT_LETTER_AFTER}`, "iu")
/** the relative anchor words anywhere: a line without them cannot match RELATIVE_ANCHOR */
export const RELATIVE_ANCHOR_CANDIDATE = new RegExp(alternation(words.relative.anchors), "iu")

const ZONE =
  `(?:\\s*\\(?(?:(?<zone>${alternation(Object.keys(words.zones))})(?:\\s*(?<zoneSign>[+-])(?<zoneHours>\\d{1,2})(?::?(?<zoneMinutes>\\d{2}))?)?` +
  `|(?<sign>[+-])(?<offsetHours>\\d{2}):?(?<offsetMinutes>\\d{2})|(?<zulu>Z))\\)?(?![\\p{L}\\p{M}\\d]))?`
const TIME =
  `(?<hours>\\d{1,2}):(?<minutes>\\d{2})(?::\\d{2}(?:\\.\\d+)?)?(?:\\s*(?<meridiem>[ap])\\.?\\s?m\\.?${NOT_LETTER_AFTER})?${ZONE}`

/** A time right after a date: "2018 03:35", ", 14:05", " at 2:05 pm PKT", "T14:05:00+05:00" */
export const TIME_AFTER = new RegExp(`^(?:T|\\s*[,/|•·]?\\s*(?:(?:${alternation(words.timeConnectors)})\\s*)?)${TIME}`, "iu")
/** A time right before a date: "13:47 GMT 21.03.2019" (run on the text before the date) */
export const TIME_BEFORE = new RegExp(`(?<![\\d:])${TIME}\\s*(?:[,|/\\-–—]\\s*)?$`, "iu")
/** The last word before a date and its trailing punctuation: "Wednesday, " (run on the text before the date) */
export const WORD_BEFORE = /(?<![\p{L}\p{M}])(?<word>[\p{L}\p{M}]+)\.?\s*,?\s*$/u
export const WEEKDAYS: ReadonlySet<string> = new Set(words.weekdays.map(lowerFolded))
