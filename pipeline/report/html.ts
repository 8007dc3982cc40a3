/**
 * Renders the run report as one self-contained HTML page: summary figures,
 * charts (inline SVG), per-stage timings, the written files and sample
 * documents with their removed spans marked in the raw text. Pure: takes the
 * collected ReportData, returns the page; every text from the data is escaped.
 */
import { barChart, columnChart, type Counts, escapeHtml, topCounts } from "./charts.ts"

/** A piece of the raw input: kept (kind null) or removed as `kind`. */
export interface Segment {
  readonly text: string
  readonly kind: string | null
}

export interface SampleDocument {
  readonly docId: string
  readonly sourcePath: string
  readonly encoding: string
  readonly title: string | null
  readonly authors: ReadonlyArray<string>
  readonly outlet: string | null
  readonly publishedDate: string | null
  readonly language: string
  readonly wordCount: number
  readonly text: string
  readonly removals: ReadonlyArray<{ readonly kind: string; readonly text: string; readonly start: number; readonly end: number }>
  /** The raw input cut at the removals; null when it could not be shown. */
  readonly raw: ReadonlyArray<Segment> | null
}

export interface ReportData {
  readonly version: string
  readonly input: string
  readonly output: string
  readonly formats: ReadonlyArray<string>
  readonly counts: { readonly inputs: number; readonly documents: number; readonly rejects: number; readonly sentences: number; readonly removals: number }
  readonly rejectsByReason: Counts
  readonly removalsByKind: Counts
  readonly languages: Counts
  readonly outlets: Counts
  readonly dates: Counts
  readonly undated: number
  readonly stageMilliseconds: Counts
  readonly outputs: ReadonlyArray<{ readonly file: string; readonly rows: number; readonly bytes: number; readonly sha256: string }>
  readonly samples: ReadonlyArray<SampleDocument>
}

/** Characters of clean text shown per sample document. */
const EXCERPT_CHARS = 700

const style = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#1d2733;margin:0;background:#f5f7fa}
main{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 10px;border-bottom:1px solid #d5dbe3;padding-bottom:4px}
.meta{color:#5b6776}.cards{display:flex;flex-wrap:wrap;gap:12px;margin-top:16px}
.card{background:#fff;border:1px solid #d5dbe3;border-radius:6px;padding:10px 16px;min-width:120px}
.card b{display:block;font-size:24px}.grid{display:grid;grid-template-columns:repeat(auto-fit,minmax(480px,1fr));gap:16px;margin-bottom:16px}
section.panel{background:#fff;border:1px solid #d5dbe3;border-radius:6px;padding:12px 16px;overflow-x:auto}
h3{font-size:15px;margin:0 0 8px}svg.chart{max-width:100%;height:auto}.chart text{font-size:12px;fill:#1d2733}.chart text.value{fill:#5b6776}
.chart rect{fill:#3b74c4}.chart line{stroke:#8895a5}.empty{color:#5b6776}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:3px 8px;border-bottom:1px solid #e6eaf0;vertical-align:top}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}code{font-size:12px}
article{background:#fff;border:1px solid #d5dbe3;border-radius:6px;padding:12px 16px;margin-bottom:16px}
pre.raw{white-space:pre-wrap;word-break:break-word;max-height:420px;overflow:auto;background:#fbfcfd;border:1px solid #e6eaf0;padding:8px;font-size:12px}
mark{background:#ffe1dc;color:#8a1c0c;text-decoration:line-through;text-decoration-color:#d4553e}
mark::before{content:attr(data-kind);font-size:10px;background:#d4553e;color:#fff;border-radius:3px;padding:0 3px;margin-right:3px;text-decoration:none;display:inline-block}
.excerpt{color:#33404e;white-space:pre-wrap}
`

const card = (label: string, value: number | string) => `<div class="card"><b>${escapeHtml(String(value))}</b>${escapeHtml(label)}</div>`
const panel = (title: string, body: string) => `<section class="panel"><h3>${escapeHtml(title)}</h3>${body}</section>`

const rawView = (segments: ReadonlyArray<Segment>) =>
  `<pre class="raw">${segments.map((s) =>
    s.kind === null ? escapeHtml(s.text) : `<mark data-kind="${escapeHtml(s.kind)}" title="removed: ${escapeHtml(s.kind)}">${escapeHtml(s.text)}</mark>`
  ).join("")}</pre>`

const removalTable = (removals: SampleDocument["removals"]) =>
  removals.length === 0 ? `<p class="empty">Nothing was removed.</p>` :
    `<table><tr><th>kind</th><th class="n">bytes</th><th>removed text</th></tr>${removals.map((r) =>
      `<tr><td>${escapeHtml(r.kind)}</td><td class="n">${r.start}–${r.end}</td><td>${escapeHtml(r.text)}</td></tr>`).join("")}</table>`

const sample = (d: SampleDocument, index: number) => {
  const excerpt = d.text.length > EXCERPT_CHARS ? `${d.text.slice(0, EXCERPT_CHARS)}…` : d.text
  const facts = [
    d.outlet ?? "outlet unknown",
    d.publishedDate ?? "undated",
    d.language,
    d.authors.length > 0 ? d.authors.join(", ") : "unsigned",
    `${d.wordCount} words`
  ]
  return `<article><h3>${escapeHtml(d.title ?? "(no title)")}</h3>` +
    `<p class="meta"><code>${escapeHtml(d.sourcePath)}</code> · doc_id <code>${escapeHtml(d.docId)}</code> · ${facts.map(escapeHtml).join(" · ")}</p>` +
    `<details open><summary>Clean text (excerpt)</summary><p class="excerpt">${escapeHtml(excerpt)}</p></details>` +
    `<details open><summary>Removed spans (${d.removals.length})</summary>${removalTable(d.removals)}</details>` +
    (d.raw === null ? "" : `<details${index === 0 ? " open" : ""}><summary>Raw input with removals marked</summary>${rawView(d.raw)}</details>`) +
    `</article>`
}

const outputsTable = (outputs: ReportData["outputs"]) =>
  `<table><tr><th>file</th><th class="n">rows</th><th class="n">bytes</th><th>sha256</th></tr>${outputs.map((o) =>
    `<tr><td>${escapeHtml(o.file)}</td><td class="n">${o.rows.toLocaleString("en-US")}</td><td class="n">${o.bytes.toLocaleString("en-US")}</td><td><code>${o.sha256.slice(0, 16)}…</code></td></tr>`
  ).join("")}</table>`

export const renderReport = (data: ReportData): string => {
  const totalMs = data.stageMilliseconds.reduce((sum, [, ms]) => sum + ms, 0)
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>newsprep run report</title><style>${style}</style></head>
<body><main>
<h1>newsprep run report</h1>
<p class="meta">newsprep ${escapeHtml(data.version)} · input <code>${escapeHtml(data.input)}</code> · output <code>${escapeHtml(data.output)}</code> · formats ${escapeHtml(data.formats.join(", "))}</p>
<div class="cards">${card("inputs", data.counts.inputs)}${card("documents", data.counts.documents)}${card("rejects", data.counts.rejects)}${card("sentences", data.counts.sentences)}${card("removed spans", data.counts.removals)}${card("undated documents", data.undated)}</div>
<h2>Distributions</h2>
<div class="grid">
${panel("Rejects by reason", barChart(topCounts(data.rejectsByReason, 20), { label: "rejects by reason" }))}
${panel("Removals by kind", barChart(topCounts(data.removalsByKind, 30), { label: "removals by kind" }))}
${panel("Documents by language", barChart(topCounts(data.languages, 20), { label: "documents by language" }))}
${panel("Documents by outlet", barChart(topCounts(data.outlets, 25), { label: "documents by outlet" }))}
</div>
<div class="grid">${panel(`Documents by publication date (${data.undated} undated)`, columnChart(data.dates, { label: "documents by publication date" }))}</div>
<h2>Time per stage (${(totalMs / 1000).toFixed(2)} s in stages)</h2>
<div class="grid">${panel("Milliseconds per stage", barChart(data.stageMilliseconds, { unit: " ms", label: "milliseconds per stage" }))}</div>
<h2>Files written</h2>
${panel("Tables", outputsTable(data.outputs))}
<h2>Sample documents</h2>
${data.samples.length === 0 ? `<p class="empty">No documents.</p>` : data.samples.map(sample).join("\n")}
</main></body></html>
`
}
