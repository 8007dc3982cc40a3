/**
 * hints: metadata that arrives beside the text (HTML meta tags and JSON-LD,
 * JSON Lines fields) rather than inside it. Hints win over what the metadata,
 * dates and outlets stages extract from the text; this file only cleans them.
 */

export interface SourceHints {
  readonly title?: string
  readonly authors?: ReadonlyArray<string>
  /** Date as given: ISO 8601 or any form stages/dates reads. */
  readonly date?: string
  /** Site or outlet name as given. */
  readonly outlet?: string
  readonly url?: string
}

const clean = (value: unknown): string | undefined => {
  if (typeof value !== "string" && typeof value !== "number") return undefined
  const text = String(value).replace(/[\s\u00a0]+/g, " ").trim()
  return text === "" ? undefined : text
}

const isUrl = (text: string) => /^(https?:)?\/\//i.test(text)

/** Author hints as a list: a string (split on ";", " and ", "&", "|"), a list, or objects with a name. */
export const authorList = (value: unknown): ReadonlyArray<string> => {
  const items = Array.isArray(value) ? value : [value]
  const names = items.flatMap((item): Array<string> => {
    const name = typeof item === "object" && item !== null && "name" in item ? (item as { name: unknown }).name : item
    if (Array.isArray(name)) return [...authorList(name)]
    const text = clean(name)
    if (text === undefined || isUrl(text)) return []
    return text.split(/\s*(?:;|\||&|\band\b)\s*/).filter((s) => s !== "")
  })
  return [...new Set(names)]
}

/** Drops empty fields and normalises whitespace; later sources fill only what earlier ones left empty. */
export const mergeHints = (...sources: ReadonlyArray<Record<string, unknown> | undefined>): SourceHints => {
  const hints: { title?: string; authors?: ReadonlyArray<string>; date?: string; outlet?: string; url?: string } = {}
  for (const source of sources) {
    if (source === undefined) continue
    hints.title ??= clean(source["title"])
    const authors = authorList(source["authors"] ?? source["author"])
    if (hints.authors === undefined && authors.length > 0) hints.authors = authors
    hints.date ??= clean(source["date"])
    hints.outlet ??= clean(source["outlet"])
    const url = clean(source["url"])
    if (hints.url === undefined && url !== undefined && isUrl(url)) hints.url = url
  }
  return hints
}
