// Shapes shared by the dates stage: a parsed date, the options every parser takes,
// and the roles a candidate date line can play.

export type DatePrecision = "day" | "month" | "year"

export interface ParsedDate {
  /** "YYYY-MM-DD"; the first day of the period for month/year precision */
  readonly date: string
  readonly precision: DatePrecision
  /** "HH:MM", 24-hour, as printed (2:05 pm -> "14:05") */
  readonly time?: string
  /** "+05:00"-style offset, only when the text prints a zone or an offset */
  readonly utcOffset?: string
  /** the exact date text matched (weekday, time and zone included when printed next to the date) */
  readonly raw: string
  /** UTF-16 span of `raw` within the scanned text, end exclusive */
  readonly start: number
  readonly end: number
}

export interface DateOptions {
  /** "YYYY-MM-DD"; dates after it are rejected */
  readonly referenceDate: string
  /** all-numeric dates such as 03/04/2018 are read day-first when true */
  readonly dayFirst: boolean
  /** told of every date compared with `referenceDate` */
  readonly referenceDates?: ReferenceDateRange
}

/**
 * The reference dates for which a result holds. The reference date only ever decides whether a
 * date found in the text is kept (not after it) or dropped, so a result computed with one
 * reference date is the same for every other that keeps and drops the same dates: from the
 * latest date kept up to, not including, the earliest date dropped. The per-document cache
 * (pipeline/cache.ts) uses it so that a run on a later day still finds yesterday's results.
 */
export class ReferenceDateRange {
  /** "YYYY-MM-DD" or "" (any) */
  from = ""
  /** "YYYY-MM-DD", exclusive, or "~" (none: sorts after every date) */
  before = "~"
  compared(date: string, kept: boolean) {
    if (kept && date > this.from) this.from = date
    if (!kept && date < this.before) this.before = date
  }
  static holds(range: { readonly from: string; readonly before: string }, referenceDate: string): boolean {
    return range.from <= referenceDate && referenceDate < range.before
  }
}

export type DateRole = "published" | "updated" | "header" | "footer" | "copyright"

export interface DateCandidate {
  readonly text: string
  readonly role: DateRole
}
