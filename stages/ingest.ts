/**
 * ingest: one input file's bytes -> the documents it holds, each with the
 * text the stages will read and, for every UTF-16 unit of that text, the byte
 * span of the file it came from; or the reason a file or JSON line is unusable.
 *
 *   plain text  one document; the decoded text itself
 *   HTML        (.html, .htm, .xhtml, or text that opens with <!doctype html>/<html>)
 *               one document; the article text that stages/html extracts,
 *               with the page's meta tags and JSON-LD as hints
 *   JSON Lines  (.jsonl, .ndjson) one document per line, path "file.jsonl#L<n>",
 *               from its `text` or `html` field, the other fields as hints;
 *               byte spans point into the .jsonl file (inside the string literal)
 */
import type { RejectReason } from "../pipeline/schema.ts"
import { decode } from "./decode.ts"
import type { SourceHints } from "./hints.ts"
import { extractHtml, looksLikeHtml } from "./html/index.ts"
import { parseJsonLines } from "./jsonl.ts"

export interface SourceDocument {
  readonly _tag: "source"
  readonly sourcePath: string
  /** The raw bytes this document stands for (the whole file, or one JSON line), for its hash. */
  readonly bytes: Uint8Array
  readonly encoding: string
  readonly kind: "text" | "html"
  readonly text: string
  /** byteStart[i], byteEnd[i]: the bytes of the input file that UTF-16 unit i of `text` came from. */
  readonly byteStart: Uint32Array
  readonly byteEnd: Uint32Array
  readonly hints: SourceHints
}

export interface SourceReject {
  readonly _tag: "reject"
  readonly sourcePath: string
  readonly bytes: Uint8Array
  readonly reason: RejectReason
  readonly detail: string
}

export type InputKind = "text" | "html" | "jsonl"

export const inputKindOf = (sourcePath: string): InputKind | undefined => {
  const name = sourcePath.toLowerCase()
  if (/\.(?:html?|xhtml)$/.test(name)) return "html"
  if (/\.(?:jsonl|ndjson)$/.test(name)) return "jsonl"
  return undefined
}

/** Maps spans given in units of a parent text to byte spans, through the parent's own byte spans. */
const throughParent = (spanStart: Uint32Array, spanEnd: Uint32Array, parentStart: Uint32Array, parentEnd: Uint32Array) => {
  const start = new Uint32Array(spanStart.length)
  const end = new Uint32Array(spanStart.length)
  const last = parentEnd[parentEnd.length - 1] ?? 0
  for (let i = 0; i < spanStart.length; i++) {
    const a = spanStart[i]!
    const b = spanEnd[i]!
    start[i] = a < parentStart.length ? parentStart[a]! : last
    end[i] = b > a ? parentEnd[b - 1]! : start[i]!
  }
  return { byteStart: start, byteEnd: end }
}

export const expandFile = (sourcePath: string, bytes: Uint8Array): Array<SourceDocument | SourceReject> => {
  const decoded = decode(bytes)
  if (decoded._tag === "reject") return [{ _tag: "reject", sourcePath, bytes, reason: decoded.reason, detail: decoded.detail }]
  const { text, encoding, byteOffsets } = decoded
  const unitStart = byteOffsets.subarray(0, text.length)
  const unitEnd = byteOffsets.subarray(1)
  const kind = inputKindOf(sourcePath) ?? (looksLikeHtml(text) ? "html" : "text")
  const document = (fields: Omit<SourceDocument, "_tag" | "encoding">): SourceDocument => ({ _tag: "source", encoding, ...fields })

  if (kind === "text") return [document({ sourcePath, bytes, kind, text, byteStart: unitStart, byteEnd: unitEnd, hints: {} })]
  if (kind === "html") {
    const article = extractHtml(text)
    return [document({ sourcePath, bytes, kind, text: article.text, ...throughParent(article.spanStart, article.spanEnd, unitStart, unitEnd), hints: article.hints })]
  }
  return parseJsonLines(text).map((row): SourceDocument | SourceReject => {
    const rowPath = `${sourcePath}#L${row.line}`
    const rowBytes = bytes.subarray(byteOffsets[row.start], byteOffsets[row.end])
    if (row._tag === "bad") {
      return { _tag: "reject", sourcePath: rowPath, bytes: rowBytes, reason: row.reason, detail: row.detail }
    }
    const inFile = throughParent(row.spanStart, row.spanEnd, unitStart, unitEnd)
    if (row.kind === "text") return document({ sourcePath: rowPath, bytes: rowBytes, kind: "text", text: row.text, ...inFile, hints: row.hints })
    const article = extractHtml(row.text)
    const spans = throughParent(article.spanStart, article.spanEnd, inFile.byteStart, inFile.byteEnd)
    // Hints of the line win over the page's own.
    const hints = { ...article.hints, ...row.hints }
    return document({ sourcePath: rowPath, bytes: rowBytes, kind: "html", text: article.text, ...spans, hints })
  })
}
