import { assert, describe, it } from "@effect/vitest"
import { assembleBody, codePointOffsets } from "../../stages/body.ts"
import { newDraft } from "../../stages/document.ts"

describe("assembleBody", () => {
  it("joins lines as paragraphs and normalises whitespace, NBSP, zero-width and escaped quotes", () => {
    const raw = "First  line\u00a0here\r\n\r\nIt\\’s \\\"quoted\\\"\u200b.\rLast\tline"
    const body = assembleBody(newDraft(raw))
    assert.strictEqual(body.text, "First line here\n\nIt’s \"quoted\".\n\nLast line")
    assert.strictEqual(body.paragraphs.length, 3)
    // Every body unit points back at the raw text it stands for.
    for (let i = 0; i < body.text.length; i++) {
      const ch = body.text[i]!
      const source = raw.slice(body.rawStartOf(i), body.rawEndOf(i))
      if (ch === "\n") {
        assert.strictEqual(source, "") // a paragraph break stands for no raw text
        continue
      }
      if (ch === " ") assert.match(source, /^[\s\u00a0\u200b]+$/)
      else assert.strictEqual(source.replace("\\", ""), ch)
    }
  })

  it("yields no paragraphs for a draft with no blocks", () => {
    const body = assembleBody({ ...newDraft("x"), blocks: [] })
    assert.strictEqual(body.text, "")
    assert.strictEqual(body.paragraphs.length, 0)
  })

  it("converts UTF-16 offsets to code points", () => {
    const at = codePointOffsets("a😀b")
    assert.deepStrictEqual([at(0), at(1), at(3), at(4)], [0, 1, 2, 3])
  })
})
