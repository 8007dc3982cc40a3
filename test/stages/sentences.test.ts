import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import { readdirSync } from "node:fs"
import { scoreGoldenRules } from "../../scripts/eval-sbd.ts"
import { abbreviationLists } from "../../stages/sentences/abbreviations.ts"
import { segmentSentences } from "../../stages/sentences/segment.ts"

const sentencesOf = (text: string, language?: string): ReadonlyArray<string> =>
  segmentSentences(text, language).map((span) => text.slice(span.start, span.end))

interface Case {
  readonly name: string
  readonly text: string
  readonly expected: ReadonlyArray<string>
  readonly language?: string
}

const englishCases: ReadonlyArray<Case> = [
  { name: "empty string", text: "", expected: [] },
  { name: "only whitespace", text: " \n\t \n\n ", expected: [] },
  { name: "no terminator", text: "  Breaking news from Islamabad  ", expected: ["Breaking news from Islamabad"] },
  { name: "titles", text: "Mr. Smith met Dr. Jones and Lt. Gen. Khan. They talked.", expected: ["Mr. Smith met Dr. Jones and Lt. Gen. Khan.", "They talked."] },
  { name: "initials", text: "Dr. A. Q. Khan spoke. He left.", expected: ["Dr. A. Q. Khan spoke.", "He left."] },
  { name: "acronym before a name", text: "The U.N. Security Council met in the U.S. It ended.", expected: ["The U.N. Security Council met in the U.S.", "It ended."] },
  { name: "acronym before a starter", text: "He lives in the U.S. The weather is fine.", expected: ["He lives in the U.S.", "The weather is fine."] },
  { name: "No. before a number", text: "He was ranked No. 1 in the world. No. He was not.", expected: ["He was ranked No. 1 in the world.", "No.", "He was not."] },
  { name: "months and St.", text: "On Jan. 5 he went to St. Petersburg. It was cold.", expected: ["On Jan. 5 he went to St. Petersburg.", "It was cold."] },
  { name: "e.g. and i.e. never end", text: "Some states, e.g. Iran, agreed, i.e. Tehran did. Others refused.", expected: ["Some states, e.g. Iran, agreed, i.e. Tehran did.", "Others refused."] },
  { name: "vs.", text: "It was Pakistan vs. India in the final.", expected: ["It was Pakistan vs. India in the final."] },
  { name: "etc. before a capital splits", text: "They brought tea, sugar, etc. The guests were happy.", expected: ["They brought tea, sugar, etc.", "The guests were happy."] },
  { name: "etc. before lower case goes on", text: "They brought tea, sugar, etc. and left.", expected: ["They brought tea, sugar, etc. and left."] },
  // pySBD splits here too: "Inc." is an ordinary abbreviation and "He" starts a sentence
  { name: "company suffix at the end", text: "He works for Acme Inc. He is happy there.", expected: ["He works for Acme Inc.", "He is happy there."] },
  { name: "company suffix mid-sentence", text: "Acme Inc. said on Monday that profits rose.", expected: ["Acme Inc. said on Monday that profits rose."] },
  { name: "decimals and money", text: "Growth was 3.5 per cent. Debt hit $1.2bn in 2017. It rose.", expected: ["Growth was 3.5 per cent.", "Debt hit $1.2bn in 2017.", "It rose."] },
  { name: "number then a number", text: "The toll rose to 45. 12 more died later.", expected: ["The toll rose to 45.", "12 more died later."] },
  { name: "quote with comma and said", text: "\"We will not back down,\" he said. \"Never.\"", expected: ["\"We will not back down,\" he said.", "\"Never.\""] },
  { name: "quote ends sentence", text: "He said: \u201cIt is over.\u201d Then he left.", expected: ["He said: \u201cIt is over.\u201d", "Then he left."] },
  { name: "question in quote, said", text: "\u201cWhy now?\u201d she asked. Nobody knew.", expected: ["\u201cWhy now?\u201d she asked.", "Nobody knew."] },
  { name: "ellipsis in a quote with comma", text: "\"We waited\u2026,\" he said. It rained.", expected: ["\"We waited\u2026,\" he said.", "It rained."] },
  { name: "closing bracket stays", text: "The deal was signed (in Moscow.) Talks resumed.", expected: ["The deal was signed (in Moscow.)", "Talks resumed."] },
  { name: "bracket mid-sentence", text: "The group (known as IS.) grew fast.", expected: ["The group (known as IS.) grew fast."] },
  { name: "ellipsis then capital", text: "He paused... Then he spoke.", expected: ["He paused...", "Then he spoke."] },
  { name: "ellipsis then lower case", text: "He paused\u2026 and then spoke.", expected: ["He paused\u2026 and then spoke."] },
  { name: "double punctuation", text: "Really?! Yes!!! Fine.", expected: ["Really?!", "Yes!!!", "Fine."] },
  { name: "email and url", text: "Write to jane.doe@example.com. Or see www.example.org/a.html. Thanks.", expected: ["Write to jane.doe@example.com.", "Or see www.example.org/a.html.", "Thanks."] },
  { name: "multi-byte and emoji", text: "Caf\u00e9 r\u00e9sum\u00e9 \ud83d\ude00. Next \ud83d\udc4d! \ud83d\ude80 Go.", expected: ["Caf\u00e9 r\u00e9sum\u00e9 \ud83d\ude00.", "Next \ud83d\udc4d!", "\ud83d\ude80 Go."] },
  { name: "emoji after the terminator", text: "We won!\ud83c\udf89\ud83d\udc4d\ufe0f Next game soon.", expected: ["We won!\ud83c\udf89\ud83d\udc4d\ufe0f", "Next game soon."] },
  { name: "a.m. before a capital", text: "They met at 9 a.m. Officials said nothing.", expected: ["They met at 9 a.m.", "Officials said nothing."] },
  { name: "numbered things in prose are not a list", text: "He was ranked No. 1. Then he fell to No. 2. Now he is No. 3.", expected: ["He was ranked No. 1.", "Then he fell to No. 2.", "Now he is No. 3."] },
  { name: "chapter numbers are not a list", text: "See Chapter 1. Chapter 2. was cut.", expected: ["See Chapter 1.", "Chapter 2. was cut."] },
  { name: "list after a colon", text: "Two steps: 1) open the box 2) close it.", expected: ["Two steps:", "1) open the box", "2) close it."] },
  { name: "prose number is not a list", text: "He scored 2. Then 3 more came.", expected: ["He scored 2.", "Then 3 more came."] },
  { name: "blank line", text: "First paragraph without stop\n\nSecond paragraph.", expected: ["First paragraph without stop", "Second paragraph."] },
  { name: "heading line", text: "Moscow's Foreign Policy\nRecently, Moscow has changed course.", expected: ["Moscow's Foreign Policy", "Recently, Moscow has changed course."] },
  { name: "wrapped line", text: "This is a sentence\ncut off in the middle because pdf.", expected: ["This is a sentence\ncut off in the middle because pdf."] },
  { name: "newline list", text: "Features:\n- fast\n- small\n1. one\n2. two", expected: ["Features:", "- fast", "- small", "1. one", "2. two"] },
  { name: "bullets inline", text: "Home \u2022 World \u2022 Asia", expected: ["Home", "\u2022 World", "\u2022 Asia"] }
]

const otherLanguageCases: ReadonlyArray<Case> = [
  { name: "Russian abbreviations", language: "rus", text: "Это было в 2018 г. в Москве, т. е. давно. Потом и т. д. Всё.", expected: ["Это было в 2018 г. в Москве, т. е. давно.", "Потом и т. д.", "Всё."] },
  { name: "Russian initials", language: "rus", text: "Ш. М. Иванов приехал на ул. Ленина им. В. И. Ленина. Он рад.", expected: ["Ш. М. Иванов приехал на ул. Ленина им. В. И. Ленина.", "Он рад."] },
  { name: "Russian numbers", language: "rus", text: "Бюджет составил 5 млн рублей, а долг 2 тыс. долларов. Это много.", expected: ["Бюджет составил 5 млн рублей, а долг 2 тыс. долларов.", "Это много."] },
  { name: "Russian year at the end", text: "Соглашение подписано в 2018 г. Оно действует.", expected: ["Соглашение подписано в 2018 г.", "Оно действует."] },
  { name: "Russian гг.", text: "Война шла в 1941\u20131945 гг. Победа пришла в мае.", expected: ["Война шла в 1941\u20131945 гг.", "Победа пришла в мае."] },
  { name: "Russian direct speech with a dash", language: "rus", text: "«Мы готовы!» — сказал он. Все согласились.", expected: ["«Мы готовы!» — сказал он.", "Все согласились."] },
  { name: "Urdu full stop and question mark", language: "urd", text: "پاکستان اور روس کے تعلقات بہتر ہو رہے ہیں۔ کیا یہ درست ہے؟ جی ہاں۔", expected: ["پاکستان اور روس کے تعلقات بہتر ہو رہے ہیں۔", "کیا یہ درست ہے؟", "جی ہاں۔"] },
  { name: "Urdu without spaces after ۔", text: "پہلا جملہ۔دوسرا جملہ۔", expected: ["پہلا جملہ۔", "دوسرا جملہ۔"] },
  { name: "Hindi danda", language: "hin", text: "भारत एक बड़ा देश है। डॉ. शर्मा ने कहा। क्या यह सच है?", expected: ["भारत एक बड़ा देश है।", "डॉ. शर्मा ने कहा।", "क्या यह सच है?"] },
  { name: "Arabic question mark and period", language: "ara", text: "هل هذا صحيح؟ نعم. انتهى الاجتماع.", expected: ["هل هذا صحيح؟", "نعم.", "انتهى الاجتماع."] },
  { name: "Arabic title", language: "ara", text: "قال د. أحمد إن الاجتماع انتهى. وغادر الوفد.", expected: ["قال د. أحمد إن الاجتماع انتهى.", "وغادر الوفد."] },
  { name: "Persian", language: "fas", text: "این یک جمله است. آیا درست است؟", expected: ["این یک جمله است.", "آیا درست است؟"] },
  { name: "Chinese", text: "我们今天开会。你来吗？太好了！“好的。”他说。", expected: ["我们今天开会。", "你来吗？", "太好了！", "“好的。”", "他说。"] },
  { name: "English abbreviation inside Russian text", language: "rus", text: "Он встретил Mr. Smith в Москве. Потом уехал.", expected: ["Он встретил Mr. Smith в Москве.", "Потом уехал."] }
]

describe("abbreviation data", () => {
  it("every file in data/abbreviations is loaded", () => {
    const files = readdirSync(new URL("../../data/abbreviations/", import.meta.url)).filter((name) => name.endsWith(".json"))
    assert.deepStrictEqual(
      files.map((name) => name.replace(".json", "")).sort(),
      abbreviationLists.map((list) => list.language).sort()
    )
  })

  it("keys are lower case, without spaces or a final period", () => {
    for (const list of abbreviationLists) {
      for (const key of [...list.neverFinal, ...list.prepositive, ...list.beforeNumber, ...list.ordinary, ...list.afterNumber]) {
        assert.strictEqual(key, key.toLowerCase(), `${list.language}: ${key}`)
        assert.notMatch(key, /\s|\.$/u, `${list.language}: ${key}`)
      }
    }
  })
})

describe("segmentSentences", () => {
  for (const { name, text, expected, language } of [...englishCases, ...otherLanguageCases]) {
    it(name, () => {
      assert.deepStrictEqual(sentencesOf(text, language), expected)
    })
  }

  it("passes at least 46 of the 48 English Golden Rules", () => {
    const score = scoreGoldenRules()
    assert.strictEqual(score.total, 48)
    assert.isAtLeast(score.passed, 46, score.failures.map((failure) => failure.id).join(", "))
  })

  it("returns spans into the input, not copies", () => {
    assert.deepStrictEqual(segmentSentences("  Hi there. Bye.  "), [{ start: 2, end: 11 }, { start: 12, end: 16 }])
  })

  it("finishes fast on 200k chars without a terminator", () => {
    const text = "word and Mr Smith said 5 that ".repeat(7000)
    const started = performance.now()
    const spans = segmentSentences(text)
    assert.isBelow(performance.now() - started, 200)
    assert.deepStrictEqual(spans, [{ start: 0, end: text.length - 1 }])
  })

  it("finishes fast on 200k chars of dots and list markers", () => {
    const text = "1. a. 2. b. . . ... U.S. ".repeat(8000)
    const started = performance.now()
    segmentSentences(text)
    assert.isBelow(performance.now() - started, 500)
  })

  it("spans are sorted, disjoint, trimmed and cover every non-whitespace character", () => {
    const pieces = [
      "Mr.", "Dr.", "U.S.", "e.g.", "etc.", "A.", "p.", "No.", "1.", "2)", "a.", "b.", "3.14", "...", ". . .", "…",
      "?", "!", "?!", ".", "\"", "'", "“", "”", "(", ")", "[", "]", "•", "-", "\n", "\n\n", " ", "  ", "\t",
      "The", "he", "I", "said", "Smith", "г.", "т. е.", "Москва", "۔", "؟", "।", "。", "😀", "é", "\u00a0"
    ]
    const texts = fc.oneof(
      fc.string({ unit: "grapheme", maxLength: 80 }),
      fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((parts) => parts.join(" ")),
      fc.array(fc.constantFrom(...pieces), { maxLength: 40 }).map((parts) => parts.join(""))
    )
    fc.assert(
      fc.property(texts, fc.constantFrom(undefined, "eng", "rus", "urd", "hin", "ara", "fas", "xyz"), (text, language) => {
        const spans = segmentSentences(text, language)
        let previousEnd = 0
        let covered = ""
        for (const { start, end } of spans) {
          assert.isAtLeast(start, previousEnd)
          assert.isBelow(start, end)
          assert.isAtMost(end, text.length)
          const sentence = text.slice(start, end)
          assert.strictEqual(sentence, sentence.trim())
          covered += sentence
          previousEnd = end
        }
        assert.strictEqual(covered.replace(/\s/gu, ""), text.replace(/\s/gu, ""))
      }),
      { numRuns: 2000 }
    )
  })
})
