import { assert, describe, it } from "@effect/vitest"
import { makeFlowOptions } from "../../pipeline/defaults.ts"
import { processFile, stageNames } from "../../pipeline/flow.ts"
import { alignText } from "../../stages/html/align.ts"
import { extractHtml, looksLikeHtml } from "../../stages/html/index.ts"

const options = makeFlowOptions({ referenceDate: "2026-11-23" })
const times = () => new Float64Array(stageNames.length)

const PARAGRAPHS = [
  "Foreign ministers of Pakistan and Russia met in Moscow on Tuesday, agreeing to widen cooperation on energy, trade and regional security.",
  "Officials said the talks, which lasted nearly four hours, covered the situation in Afghanistan &amp; the wider region, as well as a gas pipeline.",
  "“We see Pakistan as an important partner,” the Russian minister told reporters after the meeting, adding that more visits would follow soon.",
  "Analysts in Islamabad said the visit marked a shift in a relationship that was <b>long shaped</b> by the Cold War, when the two stood apart."
]

const page = `<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8">
<title>Pakistan, Russia widen ties | The Daily Example</title>
<meta property="og:title" content="Pakistan, Russia widen ties">
<meta property="og:site_name" content="Dawn">
<meta property="og:url" content="https://www.dawn.com/news/1234">
<meta name="author" content="Meta Author">
<meta property="article:published_time" content="2018-02-21T03:35:00+05:00">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Pakistan and Russia widen ties","author":[{"@type":"Person","name":"Farooq Yousaf"},{"name":"Jane Roe"}],"datePublished":"2018-02-20T10:00:00Z","publisher":{"@type":"Organization","name":"Dawn"}}</script>
<style>p { color: red }</style><script>var tracking = "We use cookies to improve your experience.";</script>
</head><body>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/opinion">Opinion</a></li></ul></nav></header>
<div class="cookie-banner">We use cookies to improve your experience. By continuing you accept our cookie policy.</div>
<main><article class="story">
<h1>Pakistan, Russia widen ties</h1>
<div class="story-body">
${PARAGRAPHS.map((p) => `<p>${p}</p>`).join("\n")}
<h2>Energy first</h2>
<p>The pipeline, first proposed in 2015, would carry gas from Karachi to Lahore, officials said, with Russian firms building most of it.</p>
</div>
<div class="share-buttons"><a href="#">Share on Facebook</a> <a href="#">Tweet</a></div>
</article>
<aside><h3>Related</h3><ul><li><a href="/a">Another story about something else entirely, long enough to score</a></li></ul></aside>
</main>
<section id="comments"><h3>Leave a Reply</h3><form><textarea></textarea><p>Your email address will not be published.</p></form></section>
<footer><p>© 2018 The Daily Example. All rights reserved. Contact us for advertising, reprints and permissions.</p></footer>
</body></html>`

/** What a source span of HTML says once tags go, references decode and whitespace collapses. */
const readSource = (html: string) =>
  html.replace(/<[^>]*>/g, "").replace(/&amp;/g, "&").replace(/&#8217;/g, "’").replace(/&eacute;/g, "é").replace(/\s+/g, " ").trim()

describe("extractHtml", () => {
  it("keeps the article's paragraphs and headings and drops navigation, banners, forms, asides and footers", () => {
    const article = extractHtml(page)
    const lines = article.text.split("\n")
    assert.strictEqual(lines[0], "Pakistan, Russia widen ties")
    assert.include(lines, "Energy first")
    assert.include(lines, PARAGRAPHS[0])
    assert.include(lines, PARAGRAPHS[1]!.replace("&amp;", "&"))
    assert.include(lines, PARAGRAPHS[3]!.replace(/<\/?b>/g, ""))
    for (const furniture of ["Home", "cookie", "Share on Facebook", "Related", "Leave a Reply", "email address", "All rights reserved", "tracking", "color"]) {
      assert.notInclude(article.text, furniture)
    }
  })

  it("takes hints from JSON-LD first, then meta tags", () => {
    const { hints } = extractHtml(page)
    assert.deepStrictEqual(hints, {
      title: "Pakistan and Russia widen ties",
      authors: ["Farooq Yousaf", "Jane Roe"],
      date: "2018-02-20T10:00:00Z",
      outlet: "Dawn",
      url: "https://www.dawn.com/news/1234"
    })
    const metaOnly = extractHtml(page.replace(/<script type="application\/ld\+json">.*?<\/script>/s, "")).hints
    assert.deepStrictEqual(metaOnly.authors, ["Meta Author"])
    assert.strictEqual(metaOnly.title, "Pakistan, Russia widen ties")
    assert.strictEqual(metaOnly.date, "2018-02-21T03:35:00+05:00")
  })

  it("maps every extracted unit to the source it came from, through references, tags and CRLF", () => {
    const html = "<html><body><article><p>AT&T and R&amp;D cost \r\n 5&euro; &#8212; it&#x2019;s <i>caf&eacute;</i>&nbsp;time</p></article></body></html>"
    const article = extractHtml(html)
    assert.strictEqual(article.text, "AT&T and R&D cost 5€ — it’s café\u00a0time".replace("\u00a0", " "))
    const expected: Record<string, string> = { "&": "&amp;", "€": "&euro;", "—": "&#8212;", "’": "&#x2019;", "é": "&eacute;" }
    for (let i = 0; i < article.text.length; i++) {
      const source = html.slice(article.spanStart[i], article.spanEnd[i])
      const unit = article.text[i]!
      if (unit === " ") assert.match(source, /^(\s|&nbsp;)+$/, `unit ${i}`)
      else if (i === 2) assert.strictEqual(source, "&") // AT&T keeps a literal ampersand
      else assert.strictEqual(source, expected[unit] ?? unit, `unit ${i} ${unit}`)
    }
  })

  it("falls back to the whole node's source when value and source cannot be matched", () => {
    const starts: Array<number> = []
    const ends: Array<number> = []
    alignText("xyz", "<p>abc</p>", 3, 6, starts, ends)
    assert.deepStrictEqual([starts, ends], [[3, 3, 3], [6, 6, 6]])
  })

  it("recognises HTML saved as text by its opening", () => {
    assert.isTrue(looksLikeHtml("\ufeff  <!DOCTYPE html><html>"))
    assert.isTrue(looksLikeHtml("<!-- saved --><HTML lang=en>"))
    assert.isFalse(looksLikeHtml("An article that mentions <html> tags in its second sentence."))
  })
})

describe("HTML through the flow", () => {
  it("applies the page's hints over extraction and keeps byte provenance into the raw HTML", () => {
    const bytes = Buffer.from(page, "utf8")
    const [result] = processFile({ sourcePath: "news/page.txt", bytes }, options, times())
    assert.strictEqual(result?._tag, "document")
    if (result?._tag !== "document") return
    const { document, sentences } = result
    assert.strictEqual(document.title, "Pakistan and Russia widen ties")
    assert.deepStrictEqual(document.authors, ["Farooq Yousaf", "Jane Roe"])
    assert.strictEqual(document.published_date, "2018-02-20")
    assert.strictEqual(document.published_time, "10:00")
    assert.strictEqual(document.outlet, "Dawn")
    assert.include(document.text, "\n\nEnergy first\n\nThe pipeline") // a heading is its own paragraph
    assert.isAtLeast(sentences.length, 5)
    for (const s of sentences) {
      const span = bytes.subarray(s.source_byte_start, s.source_byte_end).toString("utf8")
      assert.strictEqual(readSource(span), s.text.replace(/\s+/g, " "))
    }
  })

  it("reads a Windows-1252 page and maps sentences to its single bytes", () => {
    const html = "<html><body><article><p>The minister said \x93we will meet again\x94 in Moscow \x96 probably next year, with the €5 billion deal signed.</p><p>Officials in Islamabad welcomed the news on Tuesday, saying it was long overdue and good for both sides.</p></article></body></html>"
    const bytes = Buffer.from(html.replace("€", "\x80"), "latin1")
    const [result] = processFile({ sourcePath: "page.html", bytes }, options, times())
    assert.strictEqual(result?._tag, "document")
    if (result?._tag !== "document") return
    assert.strictEqual(result.document.encoding, "windows-1252")
    assert.include(result.document.text, "“we will meet again” in Moscow – probably next year, with the €5 billion")
    const first = result.sentences[0]!
    assert.strictEqual(bytes[first.source_byte_start], "T".charCodeAt(0))
    assert.strictEqual(bytes[first.source_byte_end - 1], ".".charCodeAt(0))
  })

  it("never produces sentences from a page that is only a cookie banner and a comment form", () => {
    const furnitureOnly = `<!doctype html><html><body>
<div id="cookie-consent"><p>We use cookies to give you the best experience on our website. By continuing to browse, you agree to our use of cookies.</p><button>Accept</button></div>
<div class="comments"><h3>Leave a Reply</h3><p>Your email address will not be published. Required fields are marked *</p>
<form><label>Comment</label><textarea></textarea><label>Name *</label><input><button>Post Comment</button></form></div>
</body></html>`
    const plain = "We use cookies to give you the best experience on our website. By continuing to browse, you agree to our use of cookies.\nAccept\nLeave a Reply\nYour email address will not be published. Required fields are marked *\nComment\nName *\nEmail *\nPost Comment\n"
    for (const [sourcePath, text] of [["furniture.html", furnitureOnly], ["furniture.txt", plain]] as const) {
      const results = processFile({ sourcePath, bytes: Buffer.from(text) }, options, times())
      assert.strictEqual(results.length, 1)
      assert.strictEqual(results[0]?._tag, "reject", sourcePath)
      if (results[0]?._tag === "reject") assert.strictEqual(results[0].reject.reason, "no_body")
    }
  })
})
