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
}

export type DateRole = "published" | "updated" | "header" | "footer" | "copyright"

export interface DateCandidate {
  readonly text: string
  readonly role: DateRole
}
