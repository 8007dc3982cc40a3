/**
 * html: decoded HTML -> the article's text (one line per paragraph, heading
 * or list item) plus, for every UTF-16 unit of that text, the span of the
 * HTML it came from, and the metadata hints of the page's meta tags and
 * JSON-LD. The same stages as for plain text then run on the text.
 *
 *   tree.ts         parse5 tree helpers
 *   align.ts        text node value -> source spans (character references, CRLF)
 *   readability.ts  which lines are the article
 *   meta.ts         meta tags and JSON-LD -> hints
 *
 * Spans are exact per character, a character reference maps to its whole
 * source (`&amp;` -> 5 units), and the space that stands for a run of HTML
 * whitespace maps to the whole run. Lines are joined by "\n", which maps to
 * an empty span at the end of the line before it.
 */
import { parse } from "parse5"
import type { SourceHints } from "../hints.ts"
import { readHtmlHints } from "./meta.ts"
import { chooseArticleLines, collectLines } from "./readability.ts"
import { allElements } from "./tree.ts"

export interface HtmlArticle {
  readonly text: string
  /** spanStart[i], spanEnd[i]: the UTF-16 span of the HTML source that unit i of `text` came from. */
  readonly spanStart: Uint32Array
  readonly spanEnd: Uint32Array
  readonly hints: SourceHints
}

export const extractHtml = (html: string): HtmlArticle => {
  const document = parse(html, { sourceCodeLocationInfo: true })
  const hints = readHtmlHints(allElements(document))
  const lines = chooseArticleLines(collectLines(document, html))
  const length = lines.reduce((n, l) => n + l.text.length + 1, 0) - (lines.length > 0 ? 1 : 0)
  const spanStart = new Uint32Array(length)
  const spanEnd = new Uint32Array(length)
  let at = 0
  lines.forEach((line, index) => {
    if (index > 0) {
      const previousEnd = spanEnd[at - 1] ?? 0
      spanStart[at] = previousEnd
      spanEnd[at] = previousEnd
      at++
    }
    spanStart.set(line.starts, at)
    spanEnd.set(line.ends, at)
    at += line.text.length
  })
  return { text: lines.map((l) => l.text).join("\n"), spanStart, spanEnd, hints }
}

/** Does a text file hold an HTML page? Its first non-blank characters open a doctype or an html element. */
export const looksLikeHtml = (text: string): boolean => /^\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html[\s>])/i.test(text.slice(0, 4096))
