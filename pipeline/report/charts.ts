/**
 * Inline SVG charts for the run report: horizontal bars for categories and
 * columns for time series. Takes labelled counts, returns SVG markup with
 * every label escaped; no scripts, fonts or external assets.
 */

export type Counts = ReadonlyArray<readonly [label: string, value: number]>

/** Escapes text for HTML and SVG content and attribute values. */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" })[c]!)

const formatValue = (value: number, unit: string) => `${Number.isInteger(value) ? value.toLocaleString("en-US") : value.toFixed(1)}${unit}`

/** Categories with the largest values first; the tail beyond `limit` is summed into one "other" bar. */
export const topCounts = (counts: Counts, limit: number): Counts => {
  const sorted = [...counts].sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
  if (sorted.length <= limit) return sorted
  const rest = sorted.slice(limit - 1).reduce((sum, [, v]) => sum + v, 0)
  return [...sorted.slice(0, limit - 1), [`other (${sorted.length - limit + 1})`, rest]]
}

export const barChart = (counts: Counts, options: { readonly unit?: string; readonly label?: string } = {}): string => {
  if (counts.length === 0) return `<p class="empty">None.</p>`
  const unit = options.unit ?? ""
  const rowHeight = 22
  const labelWidth = 170
  const barWidth = 300
  const width = labelWidth + barWidth + 90
  const max = Math.max(...counts.map(([, v]) => v), 1)
  const rows = counts.map(([label, value], i) => {
    const y = i * rowHeight
    const w = Math.max(value > 0 ? 1 : 0, Math.round((value / max) * barWidth))
    const shown = label.length > 28 ? `${label.slice(0, 27)}…` : label
    return `<g transform="translate(0 ${y})"><title>${escapeHtml(`${label}: ${formatValue(value, unit)}`)}</title>` +
      `<text x="${labelWidth - 8}" y="15" text-anchor="end">${escapeHtml(shown)}</text>` +
      `<rect x="${labelWidth}" y="3" width="${w}" height="${rowHeight - 6}" rx="2"/>` +
      `<text x="${labelWidth + w + 6}" y="15" class="value">${escapeHtml(formatValue(value, unit))}</text></g>`
  })
  return `<svg class="chart bars" role="img" aria-label="${escapeHtml(options.label ?? "bar chart")}" width="${width}" height="${counts.length * rowHeight}" viewBox="0 0 ${width} ${counts.length * rowHeight}" xmlns="http://www.w3.org/2000/svg">${rows.join("")}</svg>`
}

/** Columns in the given order (a time series); labels are thinned so they never overlap. */
export const columnChart = (counts: Counts, options: { readonly label?: string } = {}): string => {
  if (counts.length === 0) return `<p class="empty">None.</p>`
  const height = 180
  const axis = 36
  const width = 640
  const step = Math.min(48, width / counts.length)
  const max = Math.max(...counts.map(([, v]) => v), 1)
  const labelEvery = Math.max(1, Math.ceil(counts.length / 12))
  const columns = counts.map(([label, value], i) => {
    const h = Math.round((value / max) * (height - 16))
    const x = i * step
    const tick = i % labelEvery === 0
      ? `<text x="${(x + step / 2).toFixed(1)}" y="${height + 16}" text-anchor="middle">${escapeHtml(label)}</text>`
      : ""
    return `<g><title>${escapeHtml(`${label}: ${value}`)}</title><rect x="${(x + 1).toFixed(1)}" y="${height - h}" width="${Math.max(1, step - 2).toFixed(1)}" height="${h}"/>${tick}</g>`
  })
  return `<svg class="chart columns" role="img" aria-label="${escapeHtml(options.label ?? "column chart")}" width="${width}" height="${height + axis}" viewBox="0 0 ${width} ${height + axis}" xmlns="http://www.w3.org/2000/svg">` +
    `<text x="0" y="10" class="value">max ${max}</text>${columns.join("")}<line x1="0" x2="${width}" y1="${height}" y2="${height}"/></svg>`
}
