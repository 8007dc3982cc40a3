/**
 * codepage: Windows-1252 and Windows-1251 for files that are not UTF-8 and
 * carry no byte-order mark. Tables come from data/codepages.json (Unicode.org
 * vendor mappings) because Node 20's TextDecoder reads bytes 0x80–0x9F of
 * "windows-1252" as C1 control characters instead of curly quotes and dashes.
 *
 * Which code page? Russian text in Windows-1251 writes every letter as a high
 * byte (0xC0–0xFF, 0xA8, 0xB8), so its high bytes come in runs (whole words),
 * and the letters о е а и н т с р в л (the commonest in Russian) make up about
 * 60% of them. Western text in Windows-1252 has isolated accented letters among
 * ASCII ones. So: Windows-1251 when at least half of the high letter bytes sit
 * in runs of two or more AND the common Russian letters are at least 35% of
 * them; otherwise Windows-1252. A Windows-1252 reading is refused when more
 * than 30% of the non-space bytes are high bytes and they outnumber the ASCII
 * letters (no Western language writes like that: it is another encoding or
 * binary data).
 */
import codepages from "../data/codepages.json" with { type: "json" }

export type SingleByteEncoding = "windows-1252" | "windows-1251"

const tableOf = (codes: ReadonlyArray<number | null>): Int32Array => {
  const table = new Int32Array(256)
  for (let b = 0; b < 128; b++) table[b] = b
  codes.forEach((code, i) => (table[128 + i] = code ?? -1))
  return table
}

const tables: Record<SingleByteEncoding, Int32Array> = {
  "windows-1252": tableOf(codepages["windows-1252"]),
  "windows-1251": tableOf(codepages["windows-1251"])
}

const isCyrillicLetterByte = (b: number) => b >= 0xc0 || b === 0xa8 || b === 0xb8
// о е а и н т с р в л in Windows-1251, lower and upper case.
const COMMON_RUSSIAN = new Set([0xee, 0xe5, 0xe0, 0xe8, 0xed, 0xf2, 0xf1, 0xf0, 0xe2, 0xeb, 0xce, 0xc5, 0xc0, 0xc8, 0xcd, 0xd2, 0xd1, 0xd0, 0xc2, 0xcb])
const MIN_SHARE_IN_RUNS = 0.5
const MIN_COMMON_RUSSIAN = 0.35
const MAX_HIGH_SHARE_1252 = 0.3

export interface CodepageGuess {
  readonly encoding: SingleByteEncoding | undefined
  /** Why no code page fits, when `encoding` is undefined. */
  readonly why?: string
}

export const guessCodepage = (bytes: Uint8Array): CodepageGuess => {
  let letters = 0
  let inRuns = 0
  let common = 0
  let high = 0
  let nonSpace = 0
  let asciiLetters = 0
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!
    if (b > 32) nonSpace++
    if ((b | 0x20) >= 0x61 && (b | 0x20) <= 0x7a) asciiLetters++
    if (b < 0x80) continue
    high++
    if (!isCyrillicLetterByte(b)) continue
    letters++
    if (COMMON_RUSSIAN.has(b)) common++
    if (isCyrillicLetterByte(bytes[i - 1] ?? 0) || isCyrillicLetterByte(bytes[i + 1] ?? 0)) inRuns++
  }
  const cyrillic = letters > 0 && inRuns / letters >= MIN_SHARE_IN_RUNS && common / letters >= MIN_COMMON_RUSSIAN
  if (cyrillic) return { encoding: "windows-1251" }
  if (high / Math.max(1, nonSpace) > MAX_HIGH_SHARE_1252 && high > asciiLetters) {
    return { encoding: undefined, why: `${Math.round((100 * high) / nonSpace)}% of the bytes are above 0x7F yet do not read as Russian` }
  }
  return { encoding: "windows-1252" }
}

/** Decodes a single-byte code page; byte i is UTF-16 unit i. Undefined when a byte has no character in it. */
export const decodeCodepage = (bytes: Uint8Array, encoding: SingleByteEncoding): string | { readonly undefinedByte: number } => {
  const table = tables[encoding]
  const units = new Uint16Array(bytes.length)
  for (let i = 0; i < bytes.length; i++) {
    const code = table[bytes[i]!]!
    if (code < 0) return { undefinedByte: i }
    units[i] = code
  }
  const parts: Array<string> = []
  const CHUNK = 8192 // String.fromCharCode takes its arguments on the stack
  for (let i = 0; i < units.length; i += CHUNK) parts.push(String.fromCharCode(...units.subarray(i, i + CHUNK)))
  return parts.join("")
}
