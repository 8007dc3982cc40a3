// Reads publication-style dates out of one short line. `scanDates` returns every valid
// date expression with the label ("Published", "Updated") in front of it; `findDate`
// picks the best one. Calendar checks use date-fns on UTCDate, so the answers do not
// depend on the machine's time zone. Relative expressions ("5 hours ago") carry no
// day, month and year, and no pattern here reads them.

import { UTCDate } from "@date-fns/utc"
import { getDate, getMonth, getYear, isValid } from "date-fns"
import { memoByText } from "../document.ts"
import type { DateOptions, DatePrecision, ParsedDate } from "./types.ts"
import {
  AFTER_MONTH,
  BARE_YEAR,
  DAY_BEFORE_MONTH,
  COPYRIGHT_YEAR,
  DATE_PATTERNS,
  foldForMatching,
  LABEL_AT,
  LABEL_CANDIDATE,
  MONTH_BY_NAME,
  OFFSET_BY_ZONE,
  TIME_AFTER,
  TIME_BEFORE,
  WEEKDAYS,
  WORD,
  WORD_BEFORE
} from "./words.ts"

export type DateLabel = "published" | "updated" | "copyright" | "none"

export interface ScannedDate extends ParsedDate {
  readonly label: DateLabel
}

export interface LineScan {
  /** the line with digits and letter variants folded; same length as the line */
  readonly folded: string
  readonly dates: ReadonlyArray<ScannedDate>
  readonly labels: ReadonlyArray<{ readonly kind: "published" | "updated"; readonly start: number; readonly end: number }>
}

const EARLIEST_YEAR = 1900
/** years from here on are never a publication date of these archives */
const LATEST_MEMO_YEAR = 2200
/** how far before a date a weekday or a time may start */
const LOOKBEHIND_CHARS = 40
/** every date form needs a four-digit year */
const HAS_YEAR_DIGITS = /\d{4}/

const pad2 = (value: number): string => String(value).padStart(2, "0")

/** "YYYY-MM-DD" when year/month/day name a real calendar day, else undefined. */
const checkCalendarDate = (year: number, month: number, day: number): string | undefined => {
  const date = new UTCDate(year, month - 1, day)
  // The date is the one asked for, so it is written from the numbers (date-fns format is slow).
  return isValid(date) && getYear(date) === year && getMonth(date) === month - 1 && getDate(date) === day
    ? `${String(year).padStart(4, "0")}-${pad2(month)}-${pad2(day)}`
    : undefined
}

/** The same days recur across millions of documents: remember the answers (pure, bounded
 * to years 1900-2199, at most 300 × 12 × 99 entries). */
const calendarMemo = new Map<number, string | undefined>()
const calendarDate = (year: number, month: number, day: number): string | undefined => {
  if (year < EARLIEST_YEAR || year >= LATEST_MEMO_YEAR || month < 1 || month > 12 || day < 1) return undefined
  const key = (year * 100 + month) * 100 + day
  if (calendarMemo.has(key)) return calendarMemo.get(key)
  const date = checkCalendarDate(year, month, day)
  calendarMemo.set(key, date)
  return date
}

const formatOffset = (sign: string, hours: number, minutes: number): string | undefined =>
  hours <= 14 && minutes < 60 ? `${sign === "-" ? "-" : "+"}${pad2(hours)}:${pad2(minutes)}` : undefined

interface PrintedTime {
  readonly time: string
  readonly utcOffset?: string
}

/** Reads the named groups of TIME_AFTER/TIME_BEFORE; undefined for impossible times. */
const readTime = (groups: Record<string, string | undefined>): PrintedTime | undefined => {
  const hours = Number(groups.hours)
  const minutes = Number(groups.minutes)
  const meridiem = groups.meridiem?.toLowerCase()
  if (minutes > 59) return undefined
  if (meridiem !== undefined && (hours < 1 || hours > 12)) return undefined
  if (meridiem === undefined && hours > 23) return undefined
  const hours24 = meridiem === undefined ? hours : (hours % 12) + (meridiem === "p" ? 12 : 0)
  const time = `${pad2(hours24)}:${pad2(minutes)}`
  const utcOffset =
    groups.zulu !== undefined
      ? "+00:00"
      : groups.sign !== undefined
        ? formatOffset(groups.sign, Number(groups.offsetHours), Number(groups.offsetMinutes))
        : groups.zoneSign !== undefined
          ? formatOffset(groups.zoneSign, Number(groups.zoneHours), Number(groups.zoneMinutes ?? 0))
          : groups.zone !== undefined
            ? OFFSET_BY_ZONE.get(groups.zone.toUpperCase())
            : undefined
  return utcOffset === undefined ? { time } : { time, utcOffset }
}

interface Found {
  readonly date: string
  readonly precision: DatePrecision
  readonly start: number
  readonly end: number
  readonly label?: DateLabel
}

/** Widens a found date over a weekday and a time printed next to it. */
const withWeekdayAndTime = (text: string, folded: string, found: Found, label: DateLabel): ScannedDate => {
  let start = found.start
  let end = found.end
  let printed: PrintedTime | undefined
  const after = TIME_AFTER.exec(folded.slice(end, end + LOOKBEHIND_CHARS))
  if (after?.groups !== undefined && (printed = readTime(after.groups)) !== undefined) end += after[0].length
  const windowStart = Math.max(0, start - LOOKBEHIND_CHARS)
  const wordBefore = WORD_BEFORE.exec(folded.slice(windowStart, start))
  if (wordBefore !== null && WEEKDAYS.has(wordBefore.groups?.word?.toLowerCase() ?? "")) start = windowStart + wordBefore.index
  if (printed === undefined) {
    const beforeStart = Math.max(0, start - LOOKBEHIND_CHARS)
    const before = TIME_BEFORE.exec(folded.slice(beforeStart, start))
    if (before?.groups !== undefined && (printed = readTime(before.groups)) !== undefined) start = beforeStart + before.index
  }
  const raw = text.slice(start, end).trimEnd()
  return {
    date: found.date,
    precision: found.precision,
    ...(printed === undefined ? {} : printed),
    raw,
    start,
    end: start + raw.length,
    label
  }
}

/** Day and month of an all-numeric date, day-first unless told otherwise; a number over 12 can only be the day. */
const numericDayMonth = (a: number, b: number, dayFirst: boolean): readonly [number, number] =>
  a > 12 ? [a, b] : b > 12 ? [b, a] : dayFirst ? [a, b] : [b, a]

type Span = { readonly start: number; readonly end: number }

/** Every date expression in the folded line: with its date when valid, as a bare span when not
 * (an impossible "31 February 2018" must also keep a bare year out of that span). Built as a
 * plain array (a generator and object spreads cost more than the scan itself). */
const structuredDates = (folded: string, dayFirst: boolean): Array<Found | Span> => {
  const found: Array<Found | Span> = []
  const { yearMonthDay, numeric } = DATE_PATTERNS
  for (const word of folded.matchAll(WORD)) {
    const month = MONTH_BY_NAME.get(word[0].toLowerCase())
    if (month === undefined) continue
    AFTER_MONTH.lastIndex = word.index + word[0].length
    const after = AFTER_MONTH.exec(folded)
    if (after === null) continue
    const beforeStart = Math.max(0, word.index - LOOKBEHIND_CHARS)
    const before = after.groups?.day === undefined ? DAY_BEFORE_MONTH.exec(folded.slice(beforeStart, word.index)) : null
    const day = after.groups?.day ?? before?.groups?.day
    const date = calendarDate(Number(after.groups?.year), month, Number(day ?? 1))
    const start = before === null ? word.index : beforeStart + before.index
    const end = AFTER_MONTH.lastIndex
    found.push(date === undefined ? { start, end } : { date, precision: day === undefined ? "month" : "day", start, end })
  }
  for (const match of folded.matchAll(yearMonthDay)) {
    const g = match.groups ?? {}
    const date = calendarDate(Number(g.year), Number(g.month), Number(g.day))
    const start = match.index
    const end = start + match[0].length
    found.push(date === undefined ? { start, end } : { date, precision: "day", start, end })
  }
  for (const match of folded.matchAll(numeric)) {
    const g = match.groups ?? {}
    const [day, month] = numericDayMonth(Number(g.a), Number(g.b), dayFirst)
    const date = calendarDate(Number(g.year), month, day)
    const start = match.index
    const end = start + match[0].length
    found.push(date === undefined ? { start, end } : { date, precision: "day", start, end })
  }
  return found
}

/** Years that stand alone: after a copyright mark, after a label, or alone on the line; added to `found`. */
const addBareYears = (found: Array<Found>, folded: string, taken: ReadonlyArray<Span>, firstLabelEnd: number): void => {
  const spans = [...taken]
  const isFree = (start: number, end: number) => spans.every((span) => end <= span.start || start >= span.end)
  for (const match of folded.matchAll(COPYRIGHT_YEAR)) {
    const year = match.groups?.year ?? ""
    const start = match.index + match[0].length - year.length
    const date = calendarDate(Number(year), 1, 1)
    if (date !== undefined && isFree(start, start + 4)) found.push({ date, precision: "year", start, end: start + 4, label: "copyright" })
    spans.push({ start: match.index, end: match.index + match[0].length })
  }
  for (const match of folded.matchAll(BARE_YEAR)) {
    const start = match.index
    const end = start + match[0].length
    const date = calendarDate(Number(match.groups?.year), 1, 1)
    // Cheapest tests first (most bare years lie inside a date already found); the last: alone on the line.
    if (
      date !== undefined && isFree(start, end) &&
      (start >= firstLabelEnd || !/[\p{L}\d]/u.test(folded.slice(0, start) + folded.slice(end)))
    ) found.push({ date, precision: "year", start, end })
  }
}

type Label = LineScan["labels"][number]

/** "Published", "Updated" and their kin, in text order: what matchAll(LABEL) finds, with LABEL tried
 * only where its words are (LABEL_CANDIDATE). */
export const findLabels = (folded: string): ReadonlyArray<Label> => {
  const labels: Array<Label> = []
  LABEL_CANDIDATE.lastIndex = 0
  for (let candidate = LABEL_CANDIDATE.exec(folded); candidate !== null; candidate = LABEL_CANDIDATE.exec(folded)) {
    LABEL_AT.lastIndex = candidate.index
    const match = LABEL_AT.exec(folded)
    if (match === null) {
      LABEL_CANDIDATE.lastIndex = candidate.index + 1
      continue
    }
    const end = match.index + match[0].length
    labels.push({ kind: match.groups?.published !== undefined ? "published" : "updated", start: match.index, end })
    LABEL_CANDIDATE.lastIndex = end
  }
  return labels
}

/** Every valid date on the line whatever the reference date, in text order (depends on the text and `dayFirst` only). */
const scanAllDates = (text: string, dayFirst: boolean): LineScan => {
  const folded = foldForMatching(text)
  if (!HAS_YEAR_DIGITS.test(folded)) return { folded, dates: [], labels: [] }
  const labels = findLabels(folded)
  const labelBefore = (position: number): DateLabel =>
    labels.findLast((label) => label.end <= position)?.kind ?? "none"
  const structured = structuredDates(folded, dayFirst)
  const found = structured.filter((entry): entry is Found => "date" in entry)
  addBareYears(found, folded, structured, labels[0]?.end ?? Infinity)
  const dates = found
    .map((entry) => withWeekdayAndTime(text, folded, entry, entry.label ?? labelBefore(entry.start)))
    .sort((a, b) => a.start - b.start)
  return { folded, dates, labels }
}

// The same lines are scanned to classify them (metadata) and to read their date (dates stage),
// and date lines recur across documents: the scans are remembered per line.
const scansDayFirst = memoByText((text) => scanAllDates(text, true))
const scansMonthFirst = memoByText((text) => scanAllDates(text, false))

/** All valid dates on the line (not after the reference date, not before 1900), in text order. */
export const scanDates = (text: string, options: DateOptions): LineScan => {
  const scan = (options.dayFirst ? scansDayFirst : scansMonthFirst)(text)
  // Filtering the sorted list keeps the order a stable sort of the filtered list would give.
  const dates = scan.dates.filter((entry) => {
    const kept = entry.date <= options.referenceDate
    options.referenceDates?.compared(entry.date, kept)
    return kept
  })
  return dates.length === scan.dates.length ? scan : { folded: scan.folded, dates, labels: scan.labels }
}

const LABEL_RANK: Record<DateLabel, number> = { published: 0, none: 1, copyright: 2, updated: 3 }
const PRECISION_RANK: Record<DatePrecision, number> = { day: 0, month: 1, year: 2 }

/** Orders dates best first: a published label, then unlabelled, then copyright, then updated;
 * within a label the more precise date, then the earlier one. */
export const compareScanned = (a: ScannedDate, b: ScannedDate): number =>
  LABEL_RANK[a.label] - LABEL_RANK[b.label] || PRECISION_RANK[a.precision] - PRECISION_RANK[b.precision] || a.start - b.start

export const toParsedDate = ({ label: _label, ...parsed }: ScannedDate): ParsedDate => parsed

export const findDate = (text: string, options: DateOptions): ParsedDate | undefined => {
  const best = scanDates(text, options).dates.reduce<ScannedDate | undefined>(
    (current, candidate) => (current === undefined || compareScanned(candidate, current) < 0 ? candidate : current),
    undefined
  )
  return best === undefined ? undefined : toParsedDate(best)
}
