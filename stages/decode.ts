/**
 * decode: raw bytes -> decoded text plus a map from each UTF-16 offset of the
 * text to its byte offset in the file, or a reject reason.
 *
 * Detection, in order (nothing is assumed):
 *   1. a byte-order mark: UTF-16 LE/BE or UTF-8 ("utf-8-sig");
 *   2. NUL bytes without a BOM: binary;
 *   3. valid UTF-8 (a character cut off at the very end is dropped, as a
 *      truncated download leaves it);
 *   4. mostly valid UTF-8 with some invalid bytes: a mixed or corrupted file,
 *      rejected as undecodable (reading it as a code page would turn every
 *      UTF-8 character into mojibake);
 *   5. otherwise Windows-1251 or Windows-1252, chosen by stages/codepage.ts.
 * Then: many C0 control characters make it binary; only whitespace makes it
 * whitespace_only. Line ends, NBSP and zero-width spaces are left as they are:
 * stages/body.ts normalises them with exact provenance.
 */
import type { RejectReason } from "../pipeline/schema.ts"
import { decodeCodepage, guessCodepage } from "./codepage.ts"

export interface Decoded {
  readonly _tag: "decoded"
  readonly text: string
  readonly encoding: string
  /** byteOffsets[i] is the byte offset of UTF-16 unit i of `text`; byteOffsets[text.length] is the end. */
  readonly byteOffsets: Uint32Array
}

export interface DecodeReject {
  readonly _tag: "reject"
  readonly reason: RejectReason
  readonly detail: string
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true })
const utf8Lenient = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true })
const utf16le = new TextDecoder("utf-16le", { fatal: true, ignoreBOM: true })
const utf16be = new TextDecoder("utf-16be", { fatal: true, ignoreBOM: true })

/** Share of C0 control characters (other than tab, LF, VT, FF, CR, ESC) above which a file counts as binary. */
const MAX_CONTROL_SHARE = 0.01

const reject = (reason: RejectReason, detail: string): DecodeReject => ({ _tag: "reject", reason, detail })

/**
 * Byte offset of every UTF-16 unit of the text that `bytes[first, end)` (valid UTF-8) decodes to,
 * and of its end; read off the bytes themselves: each lead byte starts one unit, or two (a
 * surrogate pair, whose low half shares the pair's start) when it opens a 4-byte sequence.
 */
const utf8Offsets = (bytes: Uint8Array, first: number, end: number, units: number): Uint32Array => {
  const offsets = new Uint32Array(units + 1)
  let unit = 0
  for (let b = first; b < end; b++) {
    const byte = bytes[b]!
    if ((byte & 0xc0) === 0x80) continue // a continuation byte
    offsets[unit++] = b
    if (byte >= 0xf0) offsets[unit++] = b
  }
  offsets[units] = end
  return offsets
}

const linearOffsets = (length: number, first: number, step: number): Uint32Array => {
  const offsets = new Uint32Array(length + 1)
  for (let i = 0; i <= length; i++) offsets[i] = first + step * i
  return offsets
}

/** A control character controlShare counts (or NUL); most texts have none, which one regex scan tells. */
const ANY_CONTROL = /[\x00-\x08\x0e-\x1a\x1c-\x1f]/

const controlShare = (text: string): number => {
  if (!ANY_CONTROL.test(text)) return 0
  let controls = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0) return 1
    if (c < 32 && c !== 9 && c !== 10 && c !== 11 && c !== 12 && c !== 13 && c !== 27) controls++
  }
  return text.length === 0 ? 0 : controls / text.length
}

/** Length of `bytes` without a multi-byte UTF-8 sequence cut off at the end. */
const withoutCutTail = (bytes: Uint8Array): number => {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const b = bytes[bytes.length - back]!
    if ((b & 0xc0) === 0x80) continue // a continuation byte: keep looking for the lead
    const needs = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1
    return needs > back ? bytes.length - back : bytes.length
  }
  return bytes.length
}

const tryUtf8 = (bytes: Uint8Array): string | undefined => {
  try {
    return utf8.decode(bytes)
  } catch {
    return undefined
  }
}

/** Counts the characters a lenient UTF-8 reading finds above ASCII, and how many of them are replacement marks. */
const utf8Evidence = (bytes: Uint8Array) => {
  const text = utf8Lenient.decode(bytes)
  let valid = 0
  let invalid = 0
  let firstInvalid = -1
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0xfffd) {
      invalid++
      if (firstInvalid < 0) firstInvalid = i
    } else if (c >= 0x80 && (c < 0xdc00 || c > 0xdfff)) valid++
  }
  return { valid, invalid, firstInvalid }
}

const decodeUnmarked = (bytes: Uint8Array): Omit<Decoded, "_tag"> | DecodeReject => {
  const whole = tryUtf8(bytes)
  if (whole !== undefined) return { text: whole, encoding: "utf-8", byteOffsets: utf8Offsets(bytes, 0, bytes.length, whole.length) }
  const complete = withoutCutTail(bytes)
  const trimmed = complete < bytes.length ? tryUtf8(bytes.subarray(0, complete)) : undefined
  if (trimmed !== undefined) return { text: trimmed, encoding: "utf-8", byteOffsets: utf8Offsets(bytes, 0, complete, trimmed.length) }

  const evidence = utf8Evidence(bytes)
  if (evidence.valid > evidence.invalid) {
    return reject(
      "undecodable",
      `The file is mostly UTF-8 but has ${evidence.invalid} invalid byte sequences (a mixed or corrupted encoding), so no single encoding reads it.`
    )
  }
  const guess = guessCodepage(bytes)
  if (guess.encoding === undefined) return reject("undecodable", `The bytes are not UTF-8 and no supported code page fits: ${guess.why}.`)
  const text = decodeCodepage(bytes, guess.encoding)
  if (typeof text !== "string") {
    const byte = bytes[text.undefinedByte]!.toString(16).toUpperCase()
    return reject("undecodable", `The bytes are neither UTF-8 nor ${guess.encoding}: byte 0x${byte} at offset ${text.undefinedByte} has no character in it.`)
  }
  return { text, encoding: guess.encoding, byteOffsets: linearOffsets(text.length, 0, 1) }
}

export const decode = (bytes: Uint8Array): Decoded | DecodeReject => {
  if (bytes.length === 0) return reject("empty", "The file has no bytes.")
  let result: Omit<Decoded, "_tag"> | DecodeReject
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const littleEndian = bytes[0] === 0xff
    const body = bytes.subarray(2, 2 + Math.floor((bytes.length - 2) / 2) * 2)
    try {
      const text = (littleEndian ? utf16le : utf16be).decode(body)
      result = { text, encoding: littleEndian ? "utf-16le" : "utf-16be", byteOffsets: linearOffsets(text.length, 2, 2) }
    } catch {
      result = reject("undecodable", "The file starts with a UTF-16 byte-order mark but holds unpaired surrogates.")
    }
  } else if (bytes.indexOf(0) !== -1) {
    return reject("binary", "The file contains NUL bytes and no UTF-16 byte-order mark, so it is not a text file.")
  } else if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const end = 3 + withoutCutTail(bytes.subarray(3))
    const text = tryUtf8(bytes.subarray(3, end))
    result = text === undefined
      ? reject("undecodable", "The file starts with a UTF-8 byte-order mark but holds bytes that are not valid UTF-8.")
      : { text, encoding: "utf-8-sig", byteOffsets: utf8Offsets(bytes, 3, end, text.length) }
  } else {
    result = decodeUnmarked(bytes)
  }
  if ("_tag" in result) return result
  if (controlShare(result.text) > MAX_CONTROL_SHARE) {
    return reject("binary", "The file is mostly control characters, so it is not a text file.")
  }
  if (!/[^\s\u00a0\u200b-\u200d\u2060\ufeff]/.test(result.text)) {
    return reject("whitespace_only", "The file holds only whitespace.")
  }
  return { _tag: "decoded", ...result }
}
