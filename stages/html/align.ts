/**
 * align: maps each UTF-16 unit of a parsed HTML text node back to the span of
 * source it came from. The parser decodes character references (`&amp;`,
 * `&#8217;`, `&eacute;`) and turns CRLF and lone CR into LF, so value and
 * source differ in length; walking both in step recovers an exact span for
 * every unit (a reference maps all its decoded units to the whole reference).
 * When the two cannot be matched (a case the parser rewrote otherwise), the
 * rest of the node maps to the rest of the node's source: coarser, never wrong.
 */

const REFERENCE = /&(?:#[xX][0-9a-fA-F]+;?|#[0-9]+;?|[A-Za-z][A-Za-z0-9]*;?)/y

/**
 * Writes into `starts`/`ends` (from index `at`) the source span of each unit of `value`,
 * whose source is `source[from, to)`.
 */
export const alignText = (value: string, source: string, from: number, to: number, starts: Array<number>, ends: Array<number>) => {
  let j = from
  let k = 0
  const map = (units: number, start: number, end: number) => {
    for (let u = 0; u < units; u++) {
      starts.push(start)
      ends.push(end)
    }
    k += units
  }
  // Does value[k..] continue the way source[j..] starts? Used to pick a reference's decoded length.
  const continues = (vk: number, sj: number) =>
    vk === value.length ? sj >= to || source[sj] === "<" : sj < to && (source[sj] === value[vk] || source[sj] === "&" || source[sj] === "\r")
  while (k < value.length) {
    const s = source[j]
    const v = value[k]
    if (j < to && s === v && s !== "&") {
      map(1, j, j + 1)
      j++
      continue
    }
    if (s === "\r" && v === "\n") {
      const end = source[j + 1] === "\n" ? j + 2 : j + 1
      map(1, j, end)
      j = end
      continue
    }
    if (s === "&") {
      REFERENCE.lastIndex = j
      const match = REFERENCE.exec(source)
      // "AT&T" keeps its "&"; "&amp;" and "&amp" (legacy, no semicolon) decode to one.
      const literal = v === "&" && continues(k + 1, j + 1) && !(match?.[0].endsWith(";") ?? false)
      if (match !== null && !literal && j + match[0].length <= to) {
        const end = j + match[0].length
        const units = [1, 2].find((n) => k + n <= value.length && continues(k + n, end))
        if (units !== undefined) {
          map(units, j, end)
          j = end
          continue
        }
      }
      if (literal) {
        map(1, j, j + 1)
        j++
        continue
      }
    }
    map(value.length - k, Math.min(j, to), to)
  }
}
