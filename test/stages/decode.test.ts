import { assert, describe, it } from "@effect/vitest"
import { decode, type Decoded } from "../../stages/decode.ts"

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))))

const decoded = (input: Uint8Array): Decoded => {
  const result = decode(input)
  if (result._tag !== "decoded") assert.fail(`expected a decoded text, got ${result.reason}: ${result.detail}`)
  return result
}

/** Every UTF-16 unit's byte span, re-decoded with the given encoding, gives the unit back. */
const assertOffsetsExact = (input: Uint8Array, result: Decoded, decodeBytes: (b: Uint8Array) => string) => {
  assert.strictEqual(result.byteOffsets.length, result.text.length + 1)
  for (let i = 0; i < result.text.length; i++) {
    const c = result.text.charCodeAt(i)
    if (c >= 0xdc00 && c <= 0xdfff) continue // the low half of a pair shares its high half's span
    const width = c >= 0xd800 && c <= 0xdbff ? 2 : 1
    const span = input.subarray(result.byteOffsets[i]!, result.byteOffsets[i + width]!)
    assert.strictEqual(decodeBytes(span), result.text.slice(i, i + width), `unit ${i}`)
  }
}

// Hand-written from the Windows code page charts, not from a decoder.
const cp1252 = (codes: Array<number>) => Buffer.from(codes)
const CP1252_HIGH: Array<[number, string]> = [
  [0x80, "€"], [0x82, "‚"], [0x84, "„"], [0x85, "…"], [0x8a, "Š"], [0x91, "‘"], [0x92, "’"], [0x93, "“"], [0x94, "”"],
  [0x95, "•"], [0x96, "–"], [0x97, "—"], [0x99, "™"], [0x9c, "œ"], [0x9f, "Ÿ"], [0xa0, "\u00a0"], [0xe9, "é"], [0xfc, "ü"]
]
const CP1251_HIGH: Array<[number, string]> = [
  [0x80, "Ђ"], [0x88, "€"], [0x93, "“"], [0x96, "–"], [0x97, "—"], [0xa8, "Ё"], [0xab, "«"], [0xb8, "ё"], [0xbb, "»"],
  [0xc0, "А"], [0xdf, "Я"], [0xe0, "а"], [0xff, "я"]
]
const toCp1251 = (s: string) => {
  const reverse = new Map(CP1251_HIGH.map(([b, c]) => [c, b]))
  return Buffer.from(Array.from(s, (ch) => {
    const code = ch.charCodeAt(0)
    if (code < 0x80) return code
    if (code >= 0x410 && code <= 0x44f) return code - 0x410 + 0xc0
    const b = reverse.get(ch)
    if (b === undefined) throw new Error(`no cp1251 byte for ${ch}`)
    return b
  }))
}

describe("decode", () => {
  it.each([
    ["empty", bytes(), "empty"],
    ["whitespace only", bytes(" \n\t\r\n", [0xc2, 0xa0], "\u200b"), "whitespace_only"],
    ["NUL bytes", bytes("abc", [0], "def"), "binary"],
    ["control characters", bytes([1, 2, 3, 4, 5, 6, 7, 8], "ab"), "binary"],
    ["mostly UTF-8 with stray Latin-1 bytes", bytes("Caf", [0xe9], " “au lait” — naïve ", [0xe8], "re"), "undecodable"],
    ["UTF-16 with an unpaired surrogate", Buffer.from([0xff, 0xfe, 0x41, 0x00, 0x00, 0xd8, 0x41, 0x00]), "undecodable"],
    ["high bytes that are neither Western nor Russian text", Buffer.from(Array.from({ length: 200 }, (_, i) => 0x80 + ((i * 37) % 0x40))), "undecodable"]
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
    const result = decoded(bytes(text))
    assert.strictEqual(result.encoding, "utf-8")
    assert.deepStrictEqual([...result.byteOffsets], [0, 1, 4, 6, 6, 10, 11])
    assertOffsetsExact(bytes(text), result, (b) => Buffer.from(b).toString("utf8"))
  })

  it("skips a UTF-8 BOM and counts it in byte offsets", () => {
    const result = decoded(bytes([0xef, 0xbb, 0xbf], "hi"))
    assert.strictEqual(result.text, "hi")
    assert.strictEqual(result.encoding, "utf-8-sig")
    assert.strictEqual(result.byteOffsets[0], 3)
  })

  it("drops a UTF-8 character cut off at the end of the file", () => {
    const input = bytes("Ends with a quote ’").subarray(0, -1)
    const result = decoded(input)
    assert.strictEqual(result.text, "Ends with a quote ")
    assert.strictEqual(result.byteOffsets[result.text.length], input.length - 2)
  })

  it("reads UTF-16 LE and BE with a byte-order mark, surrogate pairs included", () => {
    const text = "Salam ’😀 мир\r\n"
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")])
    const be = Buffer.from(le)
    be.swap16()
    for (const [input, encoding] of [[le, "utf-16le"], [be, "utf-16be"]] as const) {
      const result = decoded(input)
      assert.strictEqual(result.text, text)
      assert.strictEqual(result.encoding, encoding)
      assert.strictEqual(result.byteOffsets[1], 4)
      assert.strictEqual(result.byteOffsets[text.length], input.length)
      const swap = (b: Uint8Array) => (encoding === "utf-16le" ? Buffer.from(b) : Buffer.from(b).swap16()).toString("utf16le")
      assertOffsetsExact(input, result, swap)
    }
  })

  it("reads Windows-1252 bytes 0x80–0x9F as curly quotes, dashes and the euro sign", () => {
    for (const [byte, char] of CP1252_HIGH) {
      const result = decoded(Buffer.concat([Buffer.from("The price was "), cp1252([byte]), Buffer.from(" indeed.")]))
      assert.strictEqual(result.encoding, "windows-1252", `byte 0x${byte.toString(16)}`)
      assert.strictEqual(result.text, `The price was ${char} indeed.`)
    }
    const input = Buffer.concat([Buffer.from("He said "), cp1252([0x93]), Buffer.from("caf"), cp1252([0xe9]), cp1252([0x94, 0x20, 0x96, 0x20, 0x80]), Buffer.from("5\r\n")])
    const result = decoded(input)
    assert.strictEqual(result.text, "He said “café” – €5\r\n")
    assert.deepStrictEqual([...result.byteOffsets], Array.from({ length: input.length + 1 }, (_, i) => i))
  })

  it("reads Russian Windows-1251 without a BOM and records the encoding", () => {
    const text = "МОСКВА, 21 февраля. Министр иностранных дел России Сергей Лавров заявил, что «отношения» развиваются — ещё Ёлка."
    const input = toCp1251(text)
    const result = decoded(input)
    assert.strictEqual(result.encoding, "windows-1251")
    assert.strictEqual(result.text, text)
    assert.strictEqual(result.byteOffsets[10], 10)
    for (const [byte, char] of CP1251_HIGH) {
      const one = decoded(Buffer.concat([toCp1251("Привет, это текст на русском языке "), Buffer.from([byte])]))
      assert.strictEqual(one.text.at(-1), char, `byte 0x${byte.toString(16)}`)
    }
  })

  it("keeps Western text with a few accents as Windows-1252, not Windows-1251", () => {
    const text = "Le président a déclaré à Paris que la réunion était reportée; Müller and Ångström agreed."
    const input = Buffer.from(text, "latin1")
    const result = decoded(input)
    assert.strictEqual(result.encoding, "windows-1252")
    assert.strictEqual(result.text, text)
  })
})
