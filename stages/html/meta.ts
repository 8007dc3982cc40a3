/**
 * meta: metadata hints of an HTML page from its meta tags (Open Graph, the
 * article: namespace, name="author", ...) and its JSON-LD (schema.org
 * NewsArticle/Article: headline, author.name, datePublished, publisher.name,
 * url). JSON-LD comes first: it is the most structured. The tag names are in
 * data/html.json.
 */
import rules from "../../data/html.json" with { type: "json" }
import { mergeHints, type SourceHints } from "../hints.ts"
import { attribute, type Element, textContent } from "./tree.ts"

type HintField = keyof typeof rules.meta

const metaFields = Object.entries(rules.meta) as Array<[HintField, ReadonlyArray<string>]>
const articleTypes = new Set(rules.jsonLdArticleTypes)

const fromMetaTags = (elements: ReadonlyArray<Element>): Record<string, unknown> => {
  const found: Partial<Record<HintField, Array<string>>> = {}
  const byName = new Map<string, Array<string>>()
  for (const el of elements) {
    if (el.tagName === "meta") {
      const name = (attribute(el, "property") ?? attribute(el, "name") ?? attribute(el, "itemprop"))?.toLowerCase()
      const content = attribute(el, "content")
      if (name !== undefined && content !== undefined) byName.set(name, [...(byName.get(name) ?? []), content])
    } else if (el.tagName === "link" && attribute(el, "rel")?.toLowerCase() === "canonical") {
      const href = attribute(el, "href")
      if (href !== undefined) byName.set("canonical", [href])
    }
  }
  for (const [field, names] of metaFields) {
    const name = [...names, ...(field === "url" ? ["canonical"] : [])].find((n) => byName.has(n))
    if (name !== undefined) found[field] = byName.get(name)!
  }
  return { title: found.title?.[0], authors: found.authors, date: found.date?.[0], outlet: found.outlet?.[0], url: found.url?.[0] }
}

const typesOf = (item: Record<string, unknown>): ReadonlyArray<string> => {
  const type = item["@type"]
  return Array.isArray(type) ? type.filter((t): t is string => typeof t === "string") : typeof type === "string" ? [type] : []
}

/** Every object in a JSON-LD value, through arrays and @graph. */
const jsonLdObjects = (value: unknown): Array<Record<string, unknown>> => {
  if (Array.isArray(value)) return value.flatMap(jsonLdObjects)
  if (typeof value !== "object" || value === null) return []
  const item = value as Record<string, unknown>
  return [item, ...jsonLdObjects(item["@graph"])]
}

/** `{"name": x}` -> x (or another key of the object); anything else as it is. */
const fieldOf = (value: unknown, key = "name"): unknown =>
  typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>)[key] : value

const fromJsonLd = (elements: ReadonlyArray<Element>): Record<string, unknown> | undefined => {
  for (const el of elements) {
    if (el.tagName !== "script" || attribute(el, "type")?.toLowerCase() !== "application/ld+json") continue
    let parsed: unknown
    try {
      parsed = JSON.parse(textContent(el))
    } catch {
      continue // a broken JSON-LD block says nothing
    }
    const article = jsonLdObjects(parsed).find((item) => typesOf(item).some((t) => articleTypes.has(t)) && item["@type"] !== "WebPage")
      ?? jsonLdObjects(parsed).find((item) => typesOf(item).includes("WebPage"))
    if (article === undefined) continue
    return {
      title: article["headline"] ?? article["name"],
      authors: article["author"] ?? article["creator"],
      date: article["datePublished"] ?? article["dateCreated"],
      outlet: fieldOf(article["publisher"]),
      url: article["url"] ?? fieldOf(article["mainEntityOfPage"], "@id")
    }
  }
  return undefined
}

/** Hints from every element of the page (head and body: some sites put JSON-LD at the end). */
export const readHtmlHints = (elements: ReadonlyArray<Element>): SourceHints =>
  mergeHints(fromJsonLd(elements), fromMetaTags(elements))
