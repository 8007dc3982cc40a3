/** Small helpers over the parse5 default tree. */
import type { DefaultTreeAdapterTypes } from "parse5"

export type Node = DefaultTreeAdapterTypes.Node
export type Element = DefaultTreeAdapterTypes.Element
export type TextNode = DefaultTreeAdapterTypes.TextNode

export const isElement = (node: Node): node is Element => "tagName" in node
export const isText = (node: Node): node is TextNode => node.nodeName === "#text"

export const childrenOf = (node: Node): ReadonlyArray<Node> => {
  if (isElement(node) && node.tagName === "template") return []
  return "childNodes" in node ? node.childNodes : []
}

export const attribute = (el: Element, name: string): string | undefined => el.attrs.find((a) => a.name === name)?.value

/** Every element in document order, iteratively (deeply nested scraper output must not overflow the stack). */
export const allElements = (root: Node): Array<Element> => {
  const out: Array<Element> = []
  const stack: Array<Node> = [root]
  while (stack.length > 0) {
    const node = stack.pop()!
    if (isElement(node)) out.push(node)
    const children = childrenOf(node)
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!)
  }
  return out
}

export const textContent = (node: Node): string =>
  isText(node) ? node.value : childrenOf(node).map(textContent).join("")

export const parentOf = (node: Node): Node | null => ("parentNode" in node ? node.parentNode : null)
