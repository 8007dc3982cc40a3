import { DATE_PATTERNS } from "./stages/dates/words.ts"
const l = "Wednesday, 21 February 2018 03:35 Written by  Heart of Asia Read 331 times"
const bench = (name: string, r: RegExp, n = 100000) => { for (let i = 0; i < 2000; i++) [...l.matchAll(r)]; const t = performance.now(); for (let i = 0; i < n; i++) [...l.matchAll(r)]; console.log(name.padEnd(20), ((performance.now() - t) * 1000 / n).toFixed(2), "µs", [...l.matchAll(r)].length) }
const src = DATE_PATTERNS.monthDayYear.source
bench("A current", DATE_PATTERNS.monthDayYear)
const noLb = src.replace("(?<!\\d(?:st|nd|rd|th)?\\.?[\\s,/-]*(?:of\\s+)?)", "")
bench("B no var lookbehind", new RegExp(noLb, "giu"))
const alt = noLb.match(/\(\?<month>([^)]*)\)/)![1]!
bench("C month only", new RegExp(`(?<![\\p{L}\\p{M}])(?:${alt})(?![\\p{L}\\p{M}])`, "giu"))
bench("D month only no lb", new RegExp(`(?:${alt})(?![\\p{L}\\p{M}])`, "giu"))
bench("E month only, no i", new RegExp(`(?<![\\p{L}\\p{M}])(?:${alt})(?![\\p{L}\\p{M}])`, "gu"))
bench("F word scan", /[\p{L}\p{M}]+/gu)
bench("F2 word scan ascii-ish", /[^\s\d\p{P}\p{S}]+/gu)
bench("G dmy", DATE_PATTERNS.dayMonthYear)
bench("H digit-first dmy", new RegExp(DATE_PATTERNS.dayMonthYear.source.replace("(?<![\\d.:/])(?<day>\\d{1,2})", "(?<day>\\d(?<![\\d.:/]\\d)\\d?)"), "giu"))
bench("I 4digits", /\d{4}/g)
