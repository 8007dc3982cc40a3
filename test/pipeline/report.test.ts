/**
 * The run report: pure rendering escapes everything it shows and loads
 * nothing from outside; a run on raw/ writes report.html, and headless
 * Chromium renders it into a screenshot that is neither empty nor blank.
 * Without Chromium the screenshot test skips with a message, except on CI
 * (CI=true), where .ci/run installs it and its absence fails the run.
 */
import { NodeServices } from "@effect/platform-node"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { execFileSync } from "node:child_process"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { inflateSync } from "node:zlib"
import { beforeAll } from "vitest"
import { makeFlowOptions } from "../../pipeline/defaults.ts"
import { renderReport, type ReportData } from "../../pipeline/report/html.ts"
import { dateSeries, rawSegments } from "../../pipeline/report/index.ts"
import { runPipeline } from "../../pipeline/run.ts"

const RAW = path.resolve(import.meta.dirname, "../../raw")

const hostile = `<script>alert("x")</script> & 'quotes'`
const data: ReportData = {
  version: "0.0.0",
  input: "in<put>",
  output: "out",
  formats: ["csv"],
  counts: { inputs: 3, documents: 2, rejects: 1, sentences: 9, removals: 2 },
  rejectsByReason: [["binary", 1]],
  removalsByKind: [["byline", 1], [hostile, 1]],
  languages: [["eng", 2]],
  outlets: [[hostile, 2]],
  dates: [["2024-01", 1], ["2024-02", 0], ["2024-03", 1]],
  undated: 0,
  stageMilliseconds: [["decode", 3]],
  outputs: [{ file: "documents.csv", rows: 2, bytes: 100, sha256: "ab".repeat(32) }],
  samples: [{
    docId: "d1",
    sourcePath: hostile,
    encoding: "utf-8",
    title: hostile,
    authors: [hostile],
    outlet: null,
    publishedDate: "2024-01-05",
    language: "eng",
    wordCount: 3,
    text: hostile,
    removals: [{ kind: "byline", text: hostile, start: 0, end: 5 }],
    raw: [{ text: hostile, kind: "byline" }, { text: hostile, kind: null }]
  }]
}

describe("run report rendering", () => {
  it("escapes every text taken from the data", () => {
    const html = renderReport(data)
    assert.notInclude(html, "<script")
    assert.notInclude(html, `alert("x")`)
    assert.include(html, "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;quotes&#39;")
    assert.include(html, "in&lt;put&gt;")
  })

  it("is self-contained: no scripts, stylesheets, images or links to load", () => {
    const html = renderReport(data)
    for (const external of ["<link", "<img", "<iframe", "src=", "href=", "url(", "@import"]) assert.notInclude(html, external)
    const urls = html.match(/https?:\/\/[^"' )]+/g) ?? []
    assert.deepStrictEqual([...new Set(urls)], ["http://www.w3.org/2000/svg"]) // the SVG namespace, never fetched
  })

  it("charts months from first to last with gaps as zero, and years for long spans", () => {
    assert.deepStrictEqual(dateSeries(new Map([["2023-11", 2], ["2024-02", 1]])), [["2023-11", 2], ["2023-12", 0], ["2024-01", 0], ["2024-02", 1]])
    assert.deepStrictEqual(dateSeries(new Map([["2001-05", 1], ["2001-06", 1], ["2010-01", 3]])).filter(([, n]) => n > 0), [["2001", 2], ["2010", 3]])
    assert.deepStrictEqual(dateSeries(new Map()), [])
  })

  it("cuts the raw bytes at the removals, decoding multi-byte text whole", () => {
    const bytes = new TextEncoder().encode("Title\nБыло так.\nShare this")
    const titleEnd = 5
    const shareStart = bytes.length - "Share this".length
    const segments = rawSegments(bytes, "utf-8", [{ kind: "share_widget", start: shareStart, end: bytes.length }, { kind: "title", start: 0, end: titleEnd }])
    assert.deepStrictEqual(segments, [
      { text: "Title", kind: "title" },
      { text: "\nБыло так.\n", kind: null },
      { text: "Share this", kind: "share_widget" }
    ])
  })
})

const findChromium = (): string | undefined => {
  for (const name of ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]) {
    try {
      return execFileSync("which", [name], { encoding: "utf8" }).trim()
    } catch {
      // not this one
    }
  }
  return undefined
}
const chromium = findChromium()
if (chromium === undefined) {
  const message = "report: no chromium, chromium-browser or google-chrome on PATH (apt-get install chromium)"
  if (process.env["CI"] === "true") throw new Error(message)
  console.warn(`${message}; skipping the screenshot test.`)
}

/** Width, height and the number of distinct byte values of a PNG's decoded scanlines. */
const inspectPng = (png: Buffer) => {
  assert.strictEqual(png.subarray(1, 4).toString("latin1"), "PNG")
  const idat: Array<Buffer> = []
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at)
    const type = png.subarray(at + 4, at + 8).toString("latin1")
    if (type === "IDAT") idat.push(png.subarray(at + 8, at + 8 + length))
    at += 12 + length
  }
  const pixels = inflateSync(Buffer.concat(idat))
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20), distinctBytes: new Set(pixels).size }
}

describe("run report on raw/", () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "newsprep-report-"))
  let html = ""

  beforeAll(async () => {
    await Effect.runPromise(
      runPipeline({
        input: RAW,
        output: out,
        formats: ["csv", "arrow"],
        maxBytes: 64 * 1024 * 1024,
        flow: makeFlowOptions({ referenceDate: "2026-11-23" }),
        settings: { test: true }
      }).pipe(Effect.provide(NodeServices.layer))
    )
    html = fs.readFileSync(path.join(out, "report.html"), "utf8")
  })

  it("writes report.html with the run's figures, charts and sample documents", () => {
    const documents = fs.readFileSync(path.join(out, "documents.csv"), "utf8").trim().split("\n").length - 1
    assert.include(html, `<b>${fs.readdirSync(RAW).length}</b>inputs`)
    assert.isAbove(documents, 0)
    for (const heading of ["Rejects by reason", "Removals by kind", "Documents by language", "Documents by outlet", "Documents by publication date", "Milliseconds per stage", "Sample documents"]) {
      assert.include(html, heading)
    }
    assert.isAtLeast((html.match(/<svg /g) ?? []).length, 5)
    assert.include(html, "<mark data-kind=") // removed spans marked in a raw input
    assert.deepStrictEqual(fs.readdirSync(out).filter((f) => f.includes(".tmp-")), [])
  })

  it.skipIf(chromium === undefined)("renders in headless Chromium to a non-blank screenshot", () => {
    const screenshot = path.join(out, "report.png")
    execFileSync(chromium!, [
      "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
      `--user-data-dir=${path.join(out, "chromium-profile")}`,
      `--screenshot=${screenshot}`, "--window-size=1280,2000", `file://${path.join(out, "report.html")}`
    ], { stdio: "pipe", timeout: 60_000 })
    const png = fs.readFileSync(screenshot)
    console.info(`report screenshot: ${screenshot} (${png.length} bytes)`)
    const { width, height, distinctBytes } = inspectPng(png)
    assert.strictEqual(width, 1280)
    assert.strictEqual(height, 2000)
    assert.isAbove(png.length, 50_000) // a blank page compresses to a few kB
    assert.isAbove(distinctBytes, 64)
  })
})
