// Dates stage: reads the publication date of an article from the short candidate lines
// (header/byline/date lines, "Published in X, April 25th 2018." footers, "Updated: ..."
// lines, copyright notices) that the metadata stage hands over. Takes text and options,
// returns ParsedDate values (date, precision, time, UTC offset, raw text and its span);
// emits no removals itself. Month, weekday, zone and label words: data/months.json.
//
// Order of the pieces:
//   words.ts                  data/months.json compiled into regexes, once
//   findDate.ts               every date on one line, and the best of them
//   classifyDateLine.ts       is a line a date line, and which role
//   choosePublicationDate.ts  the publication date among candidate lines

export type { DateCandidate, DateOptions, DatePrecision, DateRole, ParsedDate } from "./types.ts"
export { ReferenceDateRange } from "./types.ts"
export { findDate } from "./findDate.ts"
export { classifyDateLine } from "./classifyDateLine.ts"
export { choosePublicationDate } from "./choosePublicationDate.ts"
