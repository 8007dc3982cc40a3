/**
 * Property: for random documents with furniture, odd whitespace (CRLF, lone CR, NBSP, tabs,
 * zero-width spaces), backslash-escaped quotes and multi-byte text (Cyrillic, Urdu, emoji),
 * every sentence is exactly documents.text[char_start:char_end] in code points, and the raw bytes
 * [source_byte_start, source_byte_end) decode to the sentence up to the documented
 * normalisations. Removed spans point at exactly their text in the raw bytes.
 */
import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import { normaliseForComparison } from "../../pipeline/invariants.ts"
import { makeFlowOptions } from "../../pipeline/defaults.ts"
import { processFile, stageNames } from "../../pipeline/flow.ts"

const options = makeFlowOptions({ referenceDate: "2026-11-23" })
const utf8 = new TextDecoder()


const word = fc.constantFrom(
  "Moscow", "Islamabad", "talks", "the", "minister", "said", "trade", "U.S.", "Dr.", "3.5", "Москва", "переговоры",
  "اسلام", "آباد", "مذاکرات", "😀", "naïve", "“quoted”", "\\’escaped\\’", "co-operation", "1,200", "Lt. Gen."
)
const space = fc.constantFrom(" ", " ", " ", "\u00a0", "\t", "  ", "\u200b ")
const sentence = fc.tuple(fc.array(fc.tuple(word, space), { minLength: 3, maxLength: 14 }), fc.constantFrom(".", "?", "!", "۔", ""))
  .map(([words, end]) => words.map(([w, s]) => w + s).join("").trimEnd() + end)
const paragraph = fc.array(sentence, { minLength: 1, maxLength: 5 }).map((s) => s.join(" "))
const furniture = fc.constantFrom(
  "Leave a Reply", "Share this:", "%d bloggers like this:", "Image Credits: Reuters", "Tags: Pakistan, Russia",
  "Поделиться", "شیئر کریں", "By Abby Rahman", "The writer is a former ambassador.", "© 2019 The Nation. All rights reserved."
)
const lineEnd = fc.constantFrom("\n", "\r\n", "\r", "\n\n", "\r\n\r\n", "\n \n")
const documentText = fc.array(fc.tuple(fc.oneof({ weight: 4, arbitrary: paragraph }, { weight: 1, arbitrary: furniture }), lineEnd), {
  minLength: 1,
  maxLength: 12
}).map((lines) => lines.map(([l, e]) => l + e).join(""))

describe("provenance", () => {
  it("holds for random documents", () => {
    const times = new Float64Array(stageNames.length)
    fc.assert(
      fc.property(documentText, (text) => {
        const bytes = new TextEncoder().encode(text)
        for (const result of processFile({ sourcePath: "doc.txt", bytes }, options, times)) {
          if (result._tag === "reject") continue
          const body = Array.from(result.document.text)
          for (const s of result.sentences) {
            assert.strictEqual(body.slice(s.char_start, s.char_end).join(""), s.text)
            const raw = utf8.decode(bytes.subarray(s.source_byte_start, s.source_byte_end))
            assert.strictEqual(normaliseForComparison(raw), normaliseForComparison(s.text))
          }
          for (const r of result.removals) {
            assert.strictEqual(utf8.decode(bytes.subarray(r.source_byte_start, r.source_byte_end)), r.text)
          }
        }
      }),
      { numRuns: 300 }
    )
  })
})
