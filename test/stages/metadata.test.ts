import { assert, describe, it } from "@effect/vitest"
import { newDraft, textOf } from "../../stages/document.ts"
import { extractMetadata, parseAuthors } from "../../stages/metadata/index.ts"
import { compileOutletRegistry, loadDefaultOutlets } from "../../stages/outlets.ts"

const outlets = compileOutletRegistry(loadDefaultOutlets())

const paragraph = "Both delegations met for several hours on Tuesday and agreed on a long list of steps to follow in the coming months."
const run = (lines: ReadonlyArray<string>) => {
  const draft = extractMetadata(newDraft(lines.join("\n\n")), outlets)
  return { ...draft, kept: draft.blocks.map((b) => textOf(draft, b)), kinds: [...draft.removed].sort((a, b) => a.start - b.start).map((r) => r.kind) }
}

describe("parseAuthors", () => {
  it.each([
    ["Farooq Yousaf*", ["Farooq Yousaf"]],
    ["Dr. Ayesha Siddiqa", ["Ayesha Siddiqa"]],
    ["Lt. Gen. (retd) Talat Masood", ["Talat Masood"]],
    ["Prof Abby Rahman and Mr. Kirby Shaw", ["Abby Rahman", "Kirby Shaw"]],
    ["Ali Khan, Sara Ahmed & John Smith", ["Ali Khan", "Sara Ahmed", "John Smith"]],
    ["Zahid Hussain in Moscow", ["Zahid Hussain"]],
    ["Qamar Cheema The writer is a Strategic analyst.", ["Qamar Cheema"]],
    ["Heart of Asia", ["Heart of Asia"]],
    ["Иван Петров и Анна Смирнова", ["Иван Петров", "Анна Смирнова"]]
  ])("reads %s", (text, authors) => {
    assert.deepStrictEqual(parseAuthors(text), authors)
  })
})

describe("extractMetadata", () => {
  it("takes the headline, its repeat and a byline from the head", () => {
    const draft = run(["A Headline About Talks", "A Headline About Talks", "By Abby Rahman", paragraph])
    assert.strictEqual(draft.title, "A Headline About Talks")
    assert.deepStrictEqual(draft.authors, ["Abby Rahman"])
    assert.deepStrictEqual(draft.kept, [paragraph])
    assert.deepStrictEqual(draft.kinds, ["title", "title", "byline"])
  })

  it("reads a dateline and removes it from the first paragraph", () => {
    for (const [prefix, place] of [
      ["ISLAMABAD - ", "ISLAMABAD"],
      ["KABUL: ", "KABUL"],
      ["MOSCOW (Reuters) - ", "MOSCOW"],
      ["MOSCOW, March 19. /TASS/. ", "MOSCOW"],
      ["ДУШАНБЕ, 5 сен — Sputnik. ", "ДУШАНБЕ"],
      ["Islamabad, March 3: ", "ISLAMABAD"]
    ] as const) {
      const draft = run(["Talks resume in Moscow", `${prefix}${paragraph}`])
      assert.strictEqual(draft.dateline, place, prefix)
      assert.deepStrictEqual(draft.kept, [paragraph], prefix)
    }
  })

  it("credits the agency when there is no byline", () => {
    const draft = run(["Talks resume in Moscow", `MOSCOW (Reuters) - ${paragraph}`])
    assert.deepStrictEqual(draft.authors, ["Reuters"])
  })

  it("splits a closing byline from the bio on the same line", () => {
    const draft = run(["Talks resume in Moscow", paragraph, paragraph, "*BY: Qamar Cheema The writer is a Strategic and Political analyst.*"])
    assert.deepStrictEqual(draft.authors, ["Qamar Cheema"])
    assert.deepStrictEqual(draft.kept, [paragraph, paragraph])
    assert.includeMembers(draft.kinds, ["byline", "author_bio"])
  })

  it("removes bios and contact lines at the end, but not body sentences that mention a writer", () => {
    const trap = "The writer Leo Tolstoy once described the region as a place where empires come to learn humility."
    const draft = run(["Talks resume in Moscow", paragraph, trap, "The writer is a former ambassador to Russia.", "Email: someone@example.com", "Twitter: @someone"])
    assert.deepStrictEqual(draft.kept, [paragraph, trap])
    assert.deepStrictEqual(draft.kinds.filter((k) => k !== "title"), ["author_bio", "contact", "contact"])
  })

  it("does not take a headline from an article that starts with prose", () => {
    const draft = run([paragraph, paragraph])
    assert.strictEqual(draft.title, undefined)
    assert.deepStrictEqual(draft.kept, [paragraph, paragraph])
  })
})

describe("extractMetadata on heads the samples don't show", () => {
  const body = [paragraph, paragraph.replace("Tuesday", "Monday")]
  it.each([
    ["masthead, tagline, breadcrumb-less head", ["DAWN", "Your source for news", "Gas, grain and geopolitics", "By Abby Rahman", ...body], "Gas, grain and geopolitics", ["Abby Rahman"]],
    ["date line above the headline", ["Sputnik Таджикистан", "5 сен 2018, 11:40", "Пакистан и Таджикистан обсудили энергомост", ...body], "Пакистан и Таджикистан обсудили энергомост", []],
    ["bare-name byline under a date", ["«Окно на юг»: почему Москве выгодна дружба", "21 февраля 2018, 14:05 МСК", "Дарья Волкова", ...body], "«Окно на юг»: почему Москве выгодна дружба", ["Дарья Волкова"]],
    ["name | date", ["Kabul watches Moscow with hope", "Shahzeb Alvi | November 14, 2018", ...body], "Kabul watches Moscow with hope", ["Shahzeb Alvi"]],
    ["Drupal submitted-by", ["Wheat for oil? The barter explained", "Submitted by Sana Kirmani on Mon, 04/02/2019 - 10:15", ...body], "Wheat for oil? The barter explained", ["Sana Kirmani"]],
    ["a deck between headline and byline", ["Why Central Asia Is Looking South", "Landlocked states see the ports of Pakistan as an escape from dependence on Russian routes.", "By Mariam Shah and Timur Akhmetov", ...body], "Why Central Asia Is Looking South", ["Mariam Shah", "Timur Akhmetov"]],
    ["desk credit names nobody", ["Pakistan and Russia agree on talks", "Web Desk", ...body], "Pakistan and Russia agree on talks", []],
    ["Urdu byline marker", ["روس، پاکستان اور بدلتا ہوا خطہ", "تحریر: ڈاکٹر شازیہ ملک", ...body], "روس، پاکستان اور بدلتا ہوا خطہ", ["شازیہ ملک"]]
  ])("%s", (_, lines, title, authors) => {
    const draft = run(lines)
    assert.strictEqual(draft.title, title)
    assert.deepStrictEqual([...draft.authors].sort(), [...authors].sort())
    assert.deepStrictEqual(draft.kept, body)
  })

  it("prefers reporting credits over the agency of the dateline, and keeps editors out", () => {
    const draft = run(["Talks resume in Moscow", `MOSCOW (Reuters) - ${paragraph}`, paragraph, "(Reporting by Pavel Sokolov; Writing by Anna Belova; Editing by Mark Heinrich)"])
    assert.deepStrictEqual(draft.authors, ["Pavel Sokolov", "Anna Belova"])
  })

  it("reads a dateline printed on its own line and an Urdu correspondent dateline", () => {
    assert.strictEqual(run(["Talks resume in Moscow", "KABUL, Afghanistan (AP) —", ...body]).dateline, "KABUL")
    const urdu = run(["سرخی", `اسلام آباد (نمائندہ جنگ) ${paragraph}`, paragraph])
    assert.strictEqual(urdu.dateline, "اسلام آباد")
    assert.deepStrictEqual(urdu.authors, [])
  })

  it("removes a two-person bio paragraph at the end", () => {
    const draft = run(["Talks resume in Moscow", ...body, "Prof. Dr. Shagufta Rind teaches at the University of Sindh. Dr. Alexei Morozov is a research associate at the Institute of Oriental Studies in Moscow."])
    assert.deepStrictEqual(draft.kept, body)
  })
})

describe("extractMetadata: labels, author boxes and caseless names", () => {
  const body = [paragraph, paragraph.replace("Tuesday", "Monday")]
  it("does not take a menu item or a label as the headline", () => {
    const draft = run(["Afghanistan", "News ID: 778812", "Tajik and Afghan officials open a new bridge on the Panj", ...body])
    assert.strictEqual(draft.title, "Tajik and Afghan officials open a new bridge on the Panj")
  })

  it("reads a line of labelled fields with a date, and takes no label as a name", () => {
    const draft = run(["Trade talks resume in Tashkent after a pause", "Source: Kabar | 2019-04-02 10:15 | Editor: Li Na", ...body])
    assert.deepStrictEqual(draft.authors, [])
    assert.include(draft.dateCandidates.map((c) => c.text), "Source: Kabar | 2019-04-02 10:15 | Editor: Li Na")
  })

  it("drops job titles from bylines", () => {
    const draft = run(["Ports in the Gulf compete for Afghan cargo", "By Lena Okafor, Senior Reporter and Omar Haddad, Staff Reporter", ...body])
    assert.deepStrictEqual(draft.authors, ["Lena Okafor", "Omar Haddad"])
  })

  it("removes an author box: a byline with the name and a short description under it", () => {
    const draft = run(["Headline of the post", ...body, "About the author", "Mina Rahimi", "is a lecturer in economics at a university in Herat."])
    assert.deepStrictEqual(draft.kept, body)
  })

  it("keeps the last short body paragraphs when no byline or bio is above them", () => {
    const short = "Both sides said more talks would follow."
    const draft = run(["Headline of the post", ...body, short, short.replace("Both", "The two")])
    assert.deepStrictEqual(draft.kept, [...body, short, short.replace("Both", "The two")])
  })

  it("reads an Urdu byline with a place after the comma as one author", () => {
    const draft = run(["سرحدی تجارت پر نئے معاہدے کی تیاری", "رپورٹ: نادیہ خان، پشاور", ...body])
    assert.deepStrictEqual(draft.authors, ["نادیہ خان"])
  })

  it("reads a capitalised place with a colon on its own line as a dateline", () => {
    assert.strictEqual(run(["A headline about the port", "Muscat:", ...body]).dateline, "MUSCAT")
  })
})
