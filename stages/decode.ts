/**
 * decode: raw bytes -> decoded text plus a map from each UTF-16 offset of the
 * text to its byte offset in the file, or a reject reason.
 *
 * Takes UTF-8 (a BOM is skipped) and UTF-16 with a BOM. Empty files, files of
 * whitespace only, binary files (NUL bytes or many control characters) and
 * bytes that are not valid in the detected encoding become rejects.
 */
import type { RejectReason } from "../pipeline/schema.ts"

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
const utf16le = new TextDecoder("utf-16le", { fatal: true, ignoreBOM: true })
const utf16be = new TextDecoder("utf-16be", { fatal: true, ignoreBOM: true })

/** Share of C0 control characters (other than tab, LF, FF, CR, ESC) above which a file counts as binary. */
const MAX_CONTROL_SHARE = 0.01

const reject = (reason: RejectReason, detail: string): DecodeReject => ({ _tag: "reject", reason, detail })

const utf8Offsets = (text: string, bomLength: number): Uint32Array => {
  const offsets = new Uint32Array(text.length + 1)
  let byte = bomLength
  for (let i = 0; i < text.length; i++) {
    offsets[i] = byte
    const c = text.charCodeAt(i)
    if (c < 0x80) byte += 1
    else if (c < 0x800) byte += 2
    else if (c >= 0xd800 && c <= 0xdbff) {
      // A surrogate pair is one 4-byte sequence; its low half shares the pair's start.
      offsets[i + 1] = byte
      byte += 4
      i++
    } else byte += 3
  }
  offsets[text.length] = byte
  return offsets
}

const utf16Offsets = (text: string): Uint32Array => {
  const offsets = new Uint32Array(text.length + 1)
  for (let i = 0; i <= text.length; i++) offsets[i] = 2 + 2 * i
  return offsets
}

const controlShare = (text: string): number => {
  let controls = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 0) return 1
    if (c < 32 && c !== 9 && c !== 10 && c !== 12 && c !== 13 && c !== 27) controls++
  }
  return text.length === 0 ? 0 : controls / text.length
}

export const decode = (bytes: Uint8Array): Decoded | DecodeReject => {
  if (bytes.length === 0) return reject("empty", "The file has no bytes.")
  let result: { text: string; encoding: string; byteOffsets: Uint32Array }
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) {
      const text = utf16le.decode(bytes.subarray(2))
      result = { text, encoding: "utf-16le", byteOffsets: utf16Offsets(text) }
    } else if (bytes[0] === 0xfe && bytes[1] === 0xff) {
      const text = utf16be.decode(bytes.subarray(2))
      result = { text, encoding: "utf-16be", byteOffsets: utf16Offsets(text) }
    } else {
      if (bytes.indexOf(0) !== -1) return reject("binary", "The file contains NUL bytes, so it is not a text file.")
      const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
      const text = utf8.decode(bytes.subarray(bom))
      result = { text, encoding: bom ? "utf-8-sig" : "utf-8", byteOffsets: utf8Offsets(text, bom) }
    }
  } catch {
    return reject("undecodable", "The bytes are not valid UTF-8 and carry no UTF-16 byte-order mark.")
  }
  if (controlShare(result.text) > MAX_CONTROL_SHARE) {
    return reject("binary", "The file is mostly control characters, so it is not a text file.")
  }
  if (result.text.trim().replace(/[\u00a0\u200b-\u200d\ufeff]/g, "") === "") {
    return reject("whitespace_only", "The file holds only whitespace.")
  }
  return { _tag: "decoded", ...result }
}
