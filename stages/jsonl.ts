/**
 * jsonl: a decoded JSON Lines file -> one record per non-blank line, each
 * either an article (a `text` or `html` string field and optional url, title,
 * author/authors, date, outlet) or a reason the line cannot be used.
 *
 * Provenance: the article text's UTF-16 units map to the exact span of the
 * decoded file holding them inside the JSON string literal (an escape such as
 * `\n` or `\u00e9` maps to its whole escape), so byte spans point into the
 * .jsonl file itself.
 */
import { mergeHints, type SourceHints } from "./hints.ts"

export type JsonLine =
  | {
    readonly _tag: "article"
    readonly line: number
    readonly kind: "text" | "html"
    readonly text: string
    /** spanStart[i], spanEnd[i]: the span of the decoded file that unit i of `text` came from. */
    readonly spanStart: Uint32Array
    readonly spanEnd: Uint32Array
    /** The line's span in the decoded file, end exclusive (without the line end). */
    readonly start: number
    readonly end: number
    readonly hints: SourceHints
  }
  | {
    readonly _tag: "bad"
    readonly line: number
    readonly start: number
    readonly end: number
    readonly reason: "undecodable" | "no_body"
    readonly detail: string
  }

const ESCAPES: Record<string, string> = { "\"": "\"", "\\": "\\", "/": "/", b: "\b", f: "\f", n: "\n", r: "\r", t: "\t" }

/** Offsets of the top-level string values of a JSON object literal, by key. */
const topLevelStrings = (line: string): Map<string, { start: number; end: number }> => {
  const found = new Map<string, { start: number; end: number }>()
  let depth = 0
  let lastKey: string | undefined
  let expectValue = false
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!
    if (c === "\"") {
      let j = i + 1
      while (j < line.length && line[j] !== "\"") j += line[j] === "\\" ? 2 : 1
      if (depth === 1 && expectValue && lastKey !== undefined) found.set(lastKey, { start: i, end: j + 1 })
      else if (depth === 1 && !expectValue) lastKey = JSON.parse(line.slice(i, j + 1)) as string
      i = j
      expectValue = false
    } else if (c === ":") expectValue = depth === 1
    else if (c === "{" || c === "[") {
      depth++
      expectValue = false
    } else if (c === "}" || c === "]") depth--
    else if (c === ",") expectValue = false
  }
  return found
}

/** Decodes a JSON string literal at line[start, end) with the source span of every unit, offset by `base`. */
const decodeLiteral = (line: string, start: number, end: number, base: number) => {
  const units: Array<string> = []
  const starts: Array<number> = []
  const ends: Array<number> = []
  const push = (s: string, from: number, to: number) => {
    for (const unit of s.split("")) {
      units.push(unit)
      starts.push(base + from)
      ends.push(base + to)
    }
  }
  for (let i = start + 1; i < end - 1;) {
    if (line[i] !== "\\") {
      push(line[i]!, i, i + 1)
      i++
    } else if (line[i + 1] === "u") {
      push(String.fromCharCode(parseInt(line.slice(i + 2, i + 6), 16)), i, i + 6)
      i += 6
    } else {
      push(ESCAPES[line[i + 1]!] ?? line[i + 1]!, i, i + 2)
      i += 2
    }
  }
  return { text: units.join(""), spanStart: Uint32Array.from(starts), spanEnd: Uint32Array.from(ends) }
}

/** Lone surrogates (a `\ud83d` escape without its pair, as text cut in the middle of an emoji has) become U+FFFD, as in UTF-8 output. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g
const wellFormed = (s: string): string => s.replace(LONE_SURROGATE, "\ufffd")
const wellFormedStrings = (_key: string, value: unknown): unknown => (typeof value === "string" ? wellFormed(value) : value)
/** Only a \uD800-\uDFFF escape can put a surrogate into a JSON string of decoded text. */
const SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/

const parseLine = (line: string, number: number, start: number): JsonLine => {
  const bad = (detail: string, reason: "undecodable" | "no_body" = "undecodable"): JsonLine =>
    ({ _tag: "bad", line: number, start, end: start + line.length, reason, detail })
  let record: unknown
  const escapesSurrogate = SURROGATE_ESCAPE.test(line)
  try {
    record = escapesSurrogate ? JSON.parse(line, wellFormedStrings) : JSON.parse(line)
  } catch (error) {
    return bad(`Line ${number} is not valid JSON (${error instanceof Error ? error.message : String(error)}).`)
  }
  if (typeof record !== "object" || record === null || Array.isArray(record)) return bad(`Line ${number} is not a JSON object.`)
  const fields = record as Record<string, unknown>
  const kind = typeof fields["text"] === "string" ? "text" : typeof fields["html"] === "string" ? "html" : undefined
  if (kind === undefined) return bad(`Line ${number} has no "text" or "html" string field.`, "no_body")
  const value = fields[kind] as string
  const literal = topLevelStrings(line).get(kind)
  const decoded = literal === undefined ? undefined : decodeLiteral(line, literal.start, literal.end, start)
  // Should the scanner and JSON.parse ever disagree, every unit maps to the whole line: coarse but true.
  const spans = decoded !== undefined && (escapesSurrogate ? wellFormed(decoded.text) : decoded.text) === value
    ? decoded
    : { spanStart: new Uint32Array(value.length).fill(start), spanEnd: new Uint32Array(value.length).fill(start + line.length) }
  return {
    _tag: "article",
    line: number,
    kind,
    text: value,
    spanStart: spans.spanStart,
    spanEnd: spans.spanEnd,
    start,
    end: start + line.length,
    hints: mergeHints(fields)
  }
}

/** Splits a decoded JSON Lines file; blank lines are skipped, line numbers are 1-based. */
export const parseJsonLines = (text: string): Array<JsonLine> => {
  const out: Array<JsonLine> = []
  let start = 0
  let number = 1
  while (start <= text.length) {
    let end = text.indexOf("\n", start)
    if (end < 0) end = text.length
    const lineEnd = end > start && text[end - 1] === "\r" ? end - 1 : end
    const line = text.slice(start, lineEnd)
    if (line.trim() !== "") out.push(parseLine(line, number, start))
    start = end + 1
    number++
  }
  return out
}
