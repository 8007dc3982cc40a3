/**
 * readability: the article text of a parsed HTML page, as lines (one per
 * paragraph, heading or list item), each UTF-16 unit carrying the span of the
 * HTML source it came from.
 *
 * After Mozilla Readability, simplified: drop what is never article text
 * (script, style, nav, header, footer, aside, form, ...; elements whose class
 * or id says comment, cookie, share, sidebar, ... unless it also says
 * article, content, ...: data/html.json); score each element by the
 * paragraphs directly under it (1 + commas + one per 100 characters, up to 3;
 * half to the grandparent); take the best one, widened to its parent while it
 * holds less than 60% of the scored text; keep its lines that are not mostly
 * link text. The page's first h1 is put first when it lies outside.
 */
import rules from "../../data/html.json" with { type: "json" }
import { alignText } from "./align.ts"
import { attribute, childrenOf, type Element, isElement, isText, type Node, parentOf } from "./tree.ts"

export interface Line {
  readonly block: Element
  readonly text: string
  readonly starts: ReadonlyArray<number>
  readonly ends: ReadonlyArray<number>
  readonly linkUnits: number
}

const dropped = new Set(rules.droppedTags)
const droppedRoles = new Set(rules.droppedRoles)
const blocks = new Set(rules.blockTags)
const scored = new Set(rules.scoredTags)
const unlikely = new RegExp(rules.unlikelyClassOrId, "i")
const likely = new RegExp(rules.likelyClassOrId, "i")
const ALWAYS_KEPT = new Set(["html", "body", "article", "main"])
const MIN_SCORED_LENGTH = 25
const MIN_CONTAINER_SHARE = 0.6
const MAX_LINK_DENSITY = 0.5
const isSpaceUnit = (c: string) => {
  const code = c.charCodeAt(0)
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || (code >= 0x2000 && code <= 0x200b) ||
    code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
}

const isDropped = (el: Element): boolean => {
  if (dropped.has(el.tagName)) return true
  if (attribute(el, "hidden") !== undefined || attribute(el, "aria-hidden") === "true") return true
  if (droppedRoles.has(attribute(el, "role") ?? "")) return true
  if (ALWAYS_KEPT.has(el.tagName)) return false
  const names = `${attribute(el, "class") ?? ""} ${attribute(el, "id") ?? ""}`
  return unlikely.test(names) && !likely.test(names)
}

/** Walks the page once, iteratively, and returns its text lines. */
export const collectLines = (root: Node, source: string): Array<Line> => {
  const lines: Array<Line> = []
  let parts: Array<string> = []
  let starts: Array<number> = []
  let ends: Array<number> = []
  let linkUnits = 0
  let space: { start: number; end: number } | undefined
  const blockStack: Array<Element> = []
  let linkDepth = 0
  let preDepth = 0
  const flush = () => {
    const block = blockStack.at(-1)
    if (parts.length > 0 && block !== undefined) lines.push({ block, text: parts.join(""), starts, ends, linkUnits })
    parts = []
    starts = []
    ends = []
    linkUnits = 0
    space = undefined
  }
  const addText = (value: string, from: number, to: number) => {
    const s: Array<number> = []
    const e: Array<number> = []
    alignText(value, source, from, to, s, e)
    for (let i = 0; i < value.length; i++) {
      const c = value[i]!
      if (preDepth > 0 && c === "\n") flush()
      else if (isSpaceUnit(c)) space = space === undefined ? { start: s[i]!, end: e[i]! } : { start: space.start, end: e[i]! }
      else {
        if (space !== undefined && parts.length > 0) {
          parts.push(" ")
          starts.push(space.start)
          ends.push(space.end)
        }
        space = undefined
        parts.push(c)
        starts.push(s[i]!)
        ends.push(e[i]!)
        if (linkDepth > 0) linkUnits++
      }
    }
  }
  type Step = { node: Node } | { leave: Element }
  const stack: Array<Step> = [{ node: root }]
  while (stack.length > 0) {
    const step = stack.pop()!
    if ("leave" in step) {
      const el = step.leave
      if (el.tagName === "a") linkDepth--
      if (el.tagName === "pre") preDepth--
      if (blocks.has(el.tagName)) {
        flush()
        blockStack.pop()
      }
      continue
    }
    const node = step.node
    if (isText(node)) {
      const at = node.sourceCodeLocation
      addText(node.value, at?.startOffset ?? 0, at?.endOffset ?? source.length)
      continue
    }
    if (isElement(node)) {
      if (isDropped(node)) continue
      if (node.tagName === "br") flush()
      if (blocks.has(node.tagName)) {
        flush()
        blockStack.push(node)
      }
      if (node.tagName === "a") linkDepth++
      if (node.tagName === "pre") preDepth++
      stack.push({ leave: node })
    }
    const children = childrenOf(node)
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i]! })
  }
  flush()
  return lines
}

const contains = (ancestor: Node, node: Node | null): boolean => {
  for (let n = node; n !== null; n = parentOf(n)) if (n === ancestor) return true
  return false
}

const paragraphScore = (text: string) => 1 + (text.match(/[,،，]/g)?.length ?? 0) + Math.min(Math.floor(text.length / 100), 3)

/** The lines of the article: the best-scored container's lines, without link lists. */
export const chooseArticleLines = (lines: ReadonlyArray<Line>): Array<Line> => {
  const scores = new Map<Node, number>()
  let scoredLength = 0
  for (const line of lines) {
    if (!scored.has(line.block.tagName) || line.text.length < MIN_SCORED_LENGTH) continue
    if (line.linkUnits > line.text.length * MAX_LINK_DENSITY) continue
    const score = paragraphScore(line.text)
    scoredLength += line.text.length
    const parent = parentOf(line.block)
    const grandparent = parent === null ? null : parentOf(parent)
    if (parent) scores.set(parent, (scores.get(parent) ?? 0) + score)
    if (grandparent) scores.set(grandparent, (scores.get(grandparent) ?? 0) + score / 2)
  }
  let best: Node | undefined
  for (const [node, score] of scores) if (best === undefined || score > scores.get(best)!) best = node
  const kept = (container: Node | undefined) =>
    lines.filter((l) => (container === undefined || contains(container, l.block)) && l.linkUnits <= l.text.length * MAX_LINK_DENSITY)
  const scoredInside = (container: Node) =>
    kept(container).reduce((n, l) => n + (scored.has(l.block.tagName) && l.text.length >= MIN_SCORED_LENGTH ? l.text.length : 0), 0)
  while (best !== undefined && parentOf(best) !== null && scoredInside(best) < scoredLength * MIN_CONTAINER_SHARE) {
    best = parentOf(best) ?? undefined
  }
  const article = kept(best)
  const heading = lines.find((l) => l.block.tagName === "h1")
  return heading !== undefined && !article.includes(heading) ? [heading, ...article] : article
}
