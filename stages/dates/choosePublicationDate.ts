// Picks the publication date among the candidate lines the metadata stage found.
// Order of trust (DESIGN.md "only the publication date"): an explicit published date,
// then a date in a plain header/footer position, then an updated date, then a
// copyright year (read as a year only). A coarser winner (a year, a month) gives way
// to a more precise published/header/footer date inside the same period.

import { findDate } from "./findDate.ts"
import type { DateCandidate, DateOptions, DatePrecision, DateRole, ParsedDate } from "./types.ts"

const ROLE_RANK: Record<DateRole, number> = { published: 0, header: 1, footer: 1, updated: 2, copyright: 3 }
const PRECISION_RANK: Record<DatePrecision, number> = { day: 0, month: 1, year: 2 }
/** how many leading characters of "YYYY-MM-DD" a precision pins down */
const PERIOD_CHARS: Record<DatePrecision, number> = { year: 4, month: 7, day: 10 }

interface Ranked {
  readonly parsed: ParsedDate
  readonly rank: number
  readonly order: number
}

/** A copyright line only ever tells the year. */
const asYear = (parsed: ParsedDate): ParsedDate => ({
  date: `${parsed.date.slice(0, 4)}-01-01`,
  precision: "year",
  raw: parsed.raw,
  start: parsed.start,
  end: parsed.end
})

const compareRanked = (a: Ranked, b: Ranked): number =>
  a.rank - b.rank || PRECISION_RANK[a.parsed.precision] - PRECISION_RANK[b.parsed.precision] || a.order - b.order

export const choosePublicationDate = (
  candidates: ReadonlyArray<DateCandidate>,
  options: DateOptions
): ParsedDate | undefined => {
  const ranked = candidates.flatMap(({ text, role }, order): ReadonlyArray<Ranked> => {
    const parsed = findDate(text, options)
    if (parsed === undefined) return []
    return [{ parsed: role === "copyright" ? asYear(parsed) : parsed, rank: ROLE_RANK[role], order }]
  })
  const best = ranked.toSorted(compareRanked)[0]
  if (best === undefined) return undefined
  const period = best.parsed.date.slice(0, PERIOD_CHARS[best.parsed.precision])
  const sharper = ranked
    .filter(
      (other) =>
        other.rank <= ROLE_RANK.footer &&
        PRECISION_RANK[other.parsed.precision] < PRECISION_RANK[best.parsed.precision] &&
        other.parsed.date.startsWith(period)
    )
    .toSorted(compareRanked)[0]
  return (sharper ?? best).parsed
}
