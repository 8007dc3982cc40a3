import { assert, describe, it } from "@effect/vitest"
import { decode } from "../../stages/decode.ts"

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))))

describe("decode", () => {
  it.each([
    ["empty", bytes(), "empty"],
    ["whitespace only", bytes(" \n\t\r\n", [0xc2, 0xa0]), "whitespace_only"],
    ["NUL bytes", bytes("abc", [0], "def"), "binary"],
    ["control characters", bytes([1, 2, 3, 4, 5, 6, 7, 8], "ab"), "binary"],
    ["invalid UTF-8", bytes("caf", [0xe9], " au lait"), "undecodable"]
  ])("rejects %s", (_, input, reason) => {
    const result = decode(input)
    assert.strictEqual(result._tag, "reject")
    if (result._tag === "reject") {
      assert.strictEqual(result.reason, reason)
      assert.isAbove(result.detail.length, 10)
    }
  })

  it("maps every UTF-16 offset to its byte offset, through multi-byte and astral characters", () => {
    const text = "a’б😀c"
    const result = decode(bytes(text))
    assert.strictEqual(result._tag, "decoded")
    if (result._tag !== "decoded") return
    assert.strictEqual(result.encoding, "utf-8")
    assert.deepStrictEqual([...result.byteOffsets], [0, 1, 4, 6, 6, 10, 11])
  })

  it("skips a UTF-8 BOM and counts it in byte offsets", () => {
    const result = decode(bytes([0xef, 0xbb, 0xbf], "hi"))
    assert.strictEqual(result._tag, "decoded")
    if (result._tag !== "decoded") return
    assert.strictEqual(result.text, "hi")
    assert.strictEqual(result.encoding, "utf-8-sig")
    assert.strictEqual(result.byteOffsets[0], 3)
  })

  it("reads UTF-16 with a byte-order mark", () => {
    const le = decode(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("Salam", "utf16le")]))
    assert.strictEqual(le._tag === "decoded" && le.text, "Salam")
    assert.strictEqual(le._tag === "decoded" && le.byteOffsets[1], 4)
  })
})
