import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import {
  choosePublicationDate,
  classifyDateLine,
  type DateCandidate,
  type DateOptions,
  type ParsedDate,
  findDate,
  ReferenceDateRange
} from "../../stages/dates/index.ts"

const options: DateOptions = { referenceDate: "2024-01-01", dayFirst: true }
const monthFirst: DateOptions = { ...options, dayFirst: false }

type Expected = Partial<Pick<ParsedDate, "date" | "precision" | "time" | "utcOffset" | "raw">>

/** Only the fields a case names are compared; `time`/`utcOffset` not named must be absent. */
const expectDate = (text: string, expected: Expected | undefined, opts: DateOptions = options) => {
  const found = findDate(text, opts)
  if (expected === undefined) {
    assert.strictEqual(found, undefined, `expected no date in ${JSON.stringify(text)}, got ${JSON.stringify(found)}`)
    return
  }
  assert.isDefined(found, `expected a date in ${JSON.stringify(text)}`)
  if (found === undefined) return
  assert.deepStrictEqual(
    {
      date: found.date,
      precision: found.precision,
      time: found.time,
      utcOffset: found.utcOffset,
      ...(expected.raw === undefined ? {} : { raw: found.raw })
    },
    { precision: "day", time: undefined, utcOffset: undefined, ...expected },
    text
  )
  assert.strictEqual(text.slice(found.start, found.end), found.raw, `span of ${JSON.stringify(text)}`)
}

describe("findDate: formats", () => {
  const cases: ReadonlyArray<readonly [string, Expected]> = [
    ["* Published in Daily Times, April 25th 2018.", { date: "2018-04-25", raw: "April 25th 2018" }],
    ["25 April, 2018", { date: "2018-04-25", raw: "25 April, 2018" }],
    [
      "Wednesday, 21 February 2018 03:35 Written by  Heart of Asia Read 331 times",
      { date: "2018-02-21", time: "03:35", raw: "Wednesday, 21 February 2018 03:35" }
    ],
    ["Feb 21, 2018", { date: "2018-02-21", raw: "Feb 21, 2018" }],
    ["Sept. 3, 2019", { date: "2019-09-03" }],
    ["February 21, 2018 at 2:05 pm", { date: "2018-02-21", time: "14:05", raw: "February 21, 2018 at 2:05 pm" }],
    ["2018-02-21", { date: "2018-02-21" }],
    ["2018/02/21 10:00 UTC+05:30", { date: "2018-02-21", time: "10:00", utcOffset: "+05:30" }],
    ["2018-02-21T14:05:00+05:00", { date: "2018-02-21", time: "14:05", utcOffset: "+05:00", raw: "2018-02-21T14:05:00+05:00" }],
    ["2018-02-21T09:05:00Z", { date: "2018-02-21", time: "09:05", utcOffset: "+00:00" }],
    ["21/02/2018", { date: "2018-02-21" }],
    ["21.03.2019", { date: "2019-03-21" }],
    ["03/04/2018", { date: "2018-04-03" }],
    ["Updated: March 3, 2019 10:15 PM PKT", { date: "2019-03-03", time: "22:15", utcOffset: "+05:00", raw: "March 3, 2019 10:15 PM PKT" }],
    ["13:47 GMT 21.03.2019", { date: "2019-03-21", time: "13:47", utcOffset: "+00:00", raw: "13:47 GMT 21.03.2019" }],
    ["14:05 GMT+5, 21 Feb 2018", { date: "2018-02-21", time: "14:05", utcOffset: "+05:00" }],
    ["21 Feb 2018 14:05 +0500", { date: "2018-02-21", time: "14:05", utcOffset: "+05:00" }],
    ["Published 21 February 2018, 14:05 IST", { date: "2018-02-21", time: "14:05", utcOffset: "+05:30" }],
    ["Kabul, 5 May 2019 09:30 AFT", { date: "2019-05-05", time: "09:30", utcOffset: "+04:30" }],
    ["May 5, 2018 12:05 a.m. EST", { date: "2018-05-05", time: "00:05", utcOffset: "-05:00" }],
    ["21 февраля 2018 г.", { date: "2018-02-21", raw: "21 февраля 2018 г." }],
    ["21 фев 2018, 14:05", { date: "2018-02-21", time: "14:05", raw: "21 фев 2018, 14:05" }],
    ["Среда, 21 февраля 2018 года, 14:05 МСК", { date: "2018-02-21", time: "14:05", utcOffset: "+03:00" }],
    ["21.02.2018 14:05", { date: "2018-02-21", time: "14:05" }],
    ["Опубликовано: 21.02.2018 14:05 мск", { date: "2018-02-21", time: "14:05", utcOffset: "+03:00" }],
    ["25 اپریل 2019", { date: "2019-04-25", raw: "25 اپریل 2019" }],
    ["۲۵ اپریل ۲۰۱۹", { date: "2019-04-25", raw: "۲۵ اپریل ۲۰۱۹" }],
    ["٢٥ اپریل ٢٠١٩", { date: "2019-04-25" }],
    ["اپریل 25، 2019", { date: "2019-04-25" }],
    ["25 اپریل 2019ء", { date: "2019-04-25", raw: "25 اپریل 2019ء" }],
    ["۲۱ فروري ۲۰۱۸", { date: "2018-02-21" }], // Arabic yeh in the month name
    ["June 2018", { date: "2018-06-01", precision: "month" }],
    ["июнь 2018", { date: "2018-06-01", precision: "month" }],
    ["Июнь 2018 г.", { date: "2018-06-01", precision: "month", raw: "Июнь 2018 г." }],
    ["جون 2018", { date: "2018-06-01", precision: "month" }],
    ["© 2019 Dawn", { date: "2019-01-01", precision: "year", raw: "2019" }],
    ["Copyright © 2015–2019 Dawn. All rights reserved.", { date: "2019-01-01", precision: "year" }],
    ["Published in Daily Times, 2018.", { date: "2018-01-01", precision: "year", raw: "2018" }],
    ["2018", { date: "2018-01-01", precision: "year" }],
    ["Posted by Admin on March 3, 2019 at 10:15", { date: "2019-03-03", time: "10:15", raw: "March 3, 2019 at 10:15" }],
    ["Wednesday, February 21, 2018 - 14:05", { date: "2018-02-21", time: "14:05", raw: "Wednesday, February 21, 2018 - 14:05" }],
    ["21 February 2018 | 03:35 PM", { date: "2018-02-21", time: "15:35" }],
    ["Feb 21st, 2018", { date: "2018-02-21" }],
    ["21st of April 2018", { date: "2018-04-21" }],
    ["Published in The News, March 2018", { date: "2018-03-01", precision: "month", raw: "March 2018" }]
  ]
  for (const [text, expected] of cases) it(text, () => expectDate(text, expected))
})

describe("findDate: what must not become a date", () => {
  const cases: ReadonlyArray<string> = [
    "31/02/2018",
    "31 February 2018",
    "February 30, 2018",
    "2018-13-01",
    "2018-02-30",
    "5 hours ago",
    "yesterday",
    "Updated 3 hours ago",
    "3 часа назад",
    "вчера, 14:05",
    "Today, 14:05",
    "2 گھنٹے پہلے",
    "The rise of IS in 2017 shook global tectonic plates",
    "Over 10,000 Afghan civilians have lost their lives",
    "Read 331 times",
    "21 February 2030", // after the reference date
    "2024-01-02",
    "Published: 21 February 1850", // before 1900
    "A line with no digits at all, in May"
  ]
  for (const text of cases) it(text, () => expectDate(text, undefined))
})

describe("findDate: choices and options", () => {
  it("tells which reference dates keep and drop the same dates as this one", () => {
    const referenceDates = new ReferenceDateRange()
    const read = (line: string) => findDate(line, { ...options, referenceDates })?.date
    assert.strictEqual(read("Published 5 March 2019, updated 2 February 2024"), "2019-03-05")
    assert.strictEqual(read("© 2021 The Daily Planet"), "2021-01-01")
    assert.deepStrictEqual({ ...referenceDates }, { from: "2021-01-01", before: "2024-02-02" })
    assert.isTrue(ReferenceDateRange.holds(referenceDates, "2024-02-01"))
    assert.isFalse(ReferenceDateRange.holds(referenceDates, "2024-02-02")) // would keep the update
    assert.isFalse(ReferenceDateRange.holds(referenceDates, "2020-12-31")) // would drop the copyright year
    assert.isTrue(ReferenceDateRange.holds(new ReferenceDateRange(), "1999-01-01")) // no date seen: any day
  })
  it("reads all-numeric dates month-first when dayFirst is false", () => {
    expectDate("03/04/2018", { date: "2018-03-04" }, monthFirst)
    expectDate("21/02/2018", { date: "2018-02-21" }, monthFirst) // 21 can only be the day
    expectDate("02/21/2018", { date: "2018-02-21" }, options) // 21 can only be the day
    expectDate("21.03.2019", { date: "2019-03-21" }, monthFirst)
  })
  it("converts 12-hour times", () => {
    expectDate("Feb 2, 2018 12:05 am", { date: "2018-02-02", time: "00:05" })
    expectDate("Feb 2, 2018 12:30 pm", { date: "2018-02-02", time: "12:30" })
    expectDate("Feb 2, 2018 11:59 PM", { date: "2018-02-02", time: "23:59" })
    expectDate("12:05 am, Feb 2, 2018", { date: "2018-02-02", time: "00:05" })
  })
  it("keeps the date but drops an impossible time", () => {
    expectDate("21 Feb 2018 25:61", { date: "2018-02-21", raw: "21 Feb 2018" })
    expectDate("21 Feb 2018 13:05 pm", { date: "2018-02-21", raw: "21 Feb 2018" })
  })
  it("accepts the reference date itself and a month or year that starts by then", () => {
    const reference: DateOptions = { referenceDate: "2024-05-31", dayFirst: true }
    expectDate("31 May 2024", { date: "2024-05-31" }, reference)
    expectDate("May 2024", { date: "2024-05-01", precision: "month" }, reference)
    expectDate("June 2024", undefined, reference)
  })
  it("prefers a published date over an updated one on the same line", () => {
    expectDate("Updated: 22 Feb 2018 | Published: 21 Feb 2018", { date: "2018-02-21" })
    expectDate("Published 21 Feb 2018, updated 22 Feb 2018", { date: "2018-02-21" })
  })
  it("prefers a full date over a month or a year elsewhere on the line", () => {
    expectDate("June 2018 issue, posted 5 June 2018", { date: "2018-06-05" })
    expectDate("© 2019 Dawn | 21 February 2018", { date: "2018-02-21" })
  })
  it("gives the same answer in every time zone (run under TZ=Asia/Karachi and TZ=America/New_York)", () => {
    expectDate("1 January 2018 00:00", { date: "2018-01-01", time: "00:00" })
    expectDate("31 December 2019 23:59", { date: "2019-12-31", time: "23:59" })
    expectDate("29/02/2020", { date: "2020-02-29" })
    expectDate("29/02/2019", undefined)
  })
  it("reads back every calendar day written in each language", () => {
    const names = [
      ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
      ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"],
      ["جنوری", "فروری", "مارچ", "اپریل", "مئی", "جون", "جولائی", "اگست", "ستمبر", "اکتوبر", "نومبر", "دسمبر"]
    ] as const
    fc.assert(
      fc.property(
        fc.date({ min: new Date(Date.UTC(1900, 0, 1)), max: new Date(Date.UTC(2023, 11, 31)), noInvalidDate: true }),
        fc.constantFrom(0, 1, 2),
        (instant, language) => {
          const iso = instant.toISOString().slice(0, 10)
          const [year, month, day] = iso.split("-").map(Number) as [number, number, number]
          const text = `${day} ${names[language][month - 1]} ${year}`
          assert.strictEqual(findDate(text, options)?.date, iso, text)
          assert.strictEqual(findDate(`${String(day).padStart(2, "0")}.${String(month).padStart(2, "0")}.${year}`, options)?.date, iso)
        }
      )
    )
  })
  it("never throws and always returns a span that slices to raw", () => {
    const piece = fc.constantFrom("21", "02", "2018", " ", "/", ".", "-", ":", "Feb", "фев", "اپریل", "۲۵", "pm", "PKT", "Published", "ago", ",", "©")
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = pieces.join("")
        const found = findDate(text, options)
        if (found !== undefined) {
          assert.strictEqual(text.slice(found.start, found.end), found.raw)
          assert.isTrue(found.date <= options.referenceDate && found.date >= "1900-01-01")
        }
        classifyDateLine(text)
      })
    )
  })
})

describe("classifyDateLine", () => {
  const cases: ReadonlyArray<readonly [string, ReturnType<typeof classifyDateLine>]> = [
    ["Wednesday, 21 February 2018 03:35 Written by  Heart of Asia Read 331 times", "header"],
    ["February 21, 2018 at 2:05 pm", "header"],
    ["21.02.2018 14:05", "header"],
    ["ISLAMABAD, Feb 21, 2018", "header"],
    ["By Farooq Yousaf | 21 Feb 2018", "header"],
    ["اسلام آباد 25 اپریل 2019", "header"],
    ["5 hours ago", "header"],
    ["21 Feb 2018 | 5 min read", "header"],
    ["Москва, 12 марта 2018 — РИА Новости.", "header"],
    ["12 марта 2018, 10:15 | Политика", "header"],
    ["Last updated on: 21 Feb 2018", "updated"],
    ["* Published in Daily Times, April 25th 2018.", "published"],
    ["Published in Daily Times, 2018.", "published"],
    ["Posted on June 5, 2019 by admin", "published"],
    ["Опубликовано: 21.02.2018 14:05", "published"],
    ["شائع 25 اپریل 2019", "published"],
    ["Updated: March 3, 2019 10:15 PM PKT", "updated"],
    ["Updated 3 hours ago", "updated"],
    ["Обновлено 22 февраля 2018", "updated"],
    ["© 2019 Dawn", "copyright"],
    ["Copyright © 2015–2019 Dawn. All rights reserved.", "copyright"],
    ["In 2017, the Russian president’s special envoy to Afghanistan expressed concern.", undefined],
    ["He arrived in Moscow on 21 February 2018.", undefined],
    ["ISLAMABAD: The government on 21 February 2018 announced a new policy.", undefined],
    ["21 February 2018 was a turning point for the country.", undefined],
    ["The report, published on 21 February 2018, found that the war was lost.", undefined],
    ["وہ 25 اپریل 2019 کو اسلام آباد آیا", undefined],
    ["Copyright law changed in 2019", undefined],
    ["Pakistan Today", undefined],
    ["He left yesterday", undefined],
    ["Leave a comment", undefined],
    ["x".repeat(300) + " 21 February 2018", undefined]
  ]
  for (const [line, role] of cases) it(line.slice(0, 80), () => assert.strictEqual(classifyDateLine(line), role))
})

describe("choosePublicationDate", () => {
  const pick = (candidates: ReadonlyArray<DateCandidate>, opts: DateOptions = options) => {
    const chosen = choosePublicationDate(candidates, opts)
    return chosen === undefined ? undefined : { date: chosen.date, precision: chosen.precision }
  }
  it("an explicit published date beats an updated one", () => {
    assert.deepStrictEqual(
      pick([
        { text: "Updated: March 3, 2019 10:15 PM PKT", role: "updated" },
        { text: "Published: March 1, 2019", role: "published" }
      ]),
      { date: "2019-03-01", precision: "day" }
    )
  })
  it("a header or footer date beats an updated one", () => {
    assert.deepStrictEqual(
      pick([
        { text: "Updated: March 3, 2019", role: "updated" },
        { text: "Wednesday, 27 February 2019", role: "header" }
      ]),
      { date: "2019-02-27", precision: "day" }
    )
  })
  it("an updated date is used when it is all there is", () => {
    assert.deepStrictEqual(pick([{ text: "Updated: March 3, 2019", role: "updated" }]), { date: "2019-03-03", precision: "day" })
    assert.deepStrictEqual(
      pick([
        { text: "© 2019 Dawn", role: "copyright" },
        { text: "Updated: March 3, 2019", role: "updated" }
      ]),
      { date: "2019-03-03", precision: "day" }
    )
  })
  it("a copyright year only when nothing else exists, at year precision", () => {
    assert.deepStrictEqual(
      pick([
        { text: "© 2019 Dawn", role: "copyright" },
        { text: "* Published in Daily Times, April 25th 2018.", role: "footer" }
      ]),
      { date: "2018-04-25", precision: "day" }
    )
    assert.deepStrictEqual(pick([{ text: "© 2019 Dawn", role: "copyright" }]), { date: "2019-01-01", precision: "year" })
    assert.deepStrictEqual(pick([{ text: "Copyright 21 March 2019", role: "copyright" }]), { date: "2019-01-01", precision: "year" })
  })
  it("a more precise header date inside a published year refines it", () => {
    assert.deepStrictEqual(
      pick([
        { text: "Wednesday, 21 February 2018", role: "header" },
        { text: "Published in Daily Times, 2018.", role: "published" }
      ]),
      { date: "2018-02-21", precision: "day" }
    )
    assert.deepStrictEqual(
      pick([
        { text: "Wednesday, 21 February 2017", role: "header" },
        { text: "Published in Daily Times, 2018.", role: "published" }
      ]),
      { date: "2018-01-01", precision: "year" }
    )
  })
  it("the first of equal candidates wins", () => {
    assert.deepStrictEqual(
      pick([
        { text: "21 February 2018", role: "header" },
        { text: "22 February 2018", role: "footer" }
      ]),
      { date: "2018-02-21", precision: "day" }
    )
  })
  it("skips dates after the reference date, before 1900, relative and unreadable", () => {
    assert.deepStrictEqual(
      pick([
        { text: "Published: 21 February 2030", role: "published" },
        { text: "Published: 21 February 1899", role: "published" },
        { text: "Published 5 hours ago", role: "published" },
        { text: "21 February 2018", role: "header" }
      ]),
      { date: "2018-02-21", precision: "day" }
    )
    assert.strictEqual(pick([{ text: "yesterday", role: "header" }]), undefined)
    assert.strictEqual(pick([]), undefined)
  })
})
