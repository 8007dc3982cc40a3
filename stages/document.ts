/**
 * The document as it travels through the stages. The decoded text (`raw`) never
 * changes; stages only narrow the list of kept blocks and append removed spans,
 * so every offset stays an offset into `raw` and provenance is exact by
 * construction. `stages/text.ts` turns the kept blocks into the clean body.
 */
import type { RemovalKind } from "../pipeline/schema.ts"

/** A kept piece of one line of `raw`: UTF-16 offsets, end exclusive, trimmed. */
export interface Block {
  readonly start: number
  readonly end: number
}

export interface RemovedSpan {
  readonly kind: RemovalKind
  readonly start: number
  readonly end: number
}

/** A line that may carry a publication date, with the role its position gives it. */
export interface DateCandidate {
  readonly text: string
  readonly role: "published" | "updated" | "header" | "footer" | "copyright"
}

/** A text that may name the outlet, with the role its position gives it. */
export interface OutletCandidate {
  readonly text: string
  readonly role: "published_in" | "masthead" | "footer" | "copyright" | "domain" | "syndication" | "agency"
}

export interface Draft {
  readonly raw: string
  readonly blocks: ReadonlyArray<Block>
  readonly removed: ReadonlyArray<RemovedSpan>
  readonly title: string | undefined
  readonly authors: ReadonlyArray<string>
  readonly dateline: string | undefined
  readonly dateCandidates: ReadonlyArray<DateCandidate>
  readonly outletCandidates: ReadonlyArray<OutletCandidate>
}

// Whitespace that scrapers leave around lines: ASCII, NBSP, the Unicode spaces, zero-width and BOM.
const SPACE = /[\s\u00a0\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u3000\ufeff]/
export const isSpace = (ch: string | undefined): boolean => ch !== undefined && SPACE.test(ch)

/** Shrinks [start, end) of `raw` so it neither starts nor ends with whitespace. */
export const trimSpan = (raw: string, start: number, end: number): Block => {
  while (start < end && isSpace(raw[start])) start++
  while (end > start && isSpace(raw[end - 1])) end--
  return { start, end }
}

/** Splits the decoded text into one block per non-blank line (any of \n, \r\n, \r ends a line). */
export const splitBlocks = (raw: string): Array<Block> => {
  const blocks: Array<Block> = []
  let lineStart = 0
  for (let i = 0; i <= raw.length; i++) {
    const c = raw.charCodeAt(i)
    if (i === raw.length || c === 10 || c === 13) {
      const block = trimSpan(raw, lineStart, i)
      if (block.end > block.start) blocks.push(block)
      lineStart = i + 1
    }
  }
  return blocks
}

export const newDraft = (raw: string): Draft => ({
  raw,
  blocks: splitBlocks(raw),
  removed: [],
  title: undefined,
  authors: [],
  dateline: undefined,
  dateCandidates: [],
  outletCandidates: []
})

/** Non-breaking, thin and figure spaces read as plain spaces; one for one, so offsets stay valid. */
const ODD_SPACE = /[\u00a0\u2007\u2009\u202f]/g

/** The text of a block as rules see it: odd spaces are plain spaces (same length as the raw slice). */
export const textOf = (draft: Draft, block: Block): string => draft.raw.slice(block.start, block.end).replace(ODD_SPACE, " ")

/**
 * Edits to a draft's blocks, applied in one pass so that indexes stay valid while a stage
 * decides. `cut` removes the leading `head` and trailing `tail` characters of a block.
 */
export type BlockEdit =
  | { readonly type: "drop"; readonly index: number; readonly kind: RemovalKind }
  | { readonly type: "cut"; readonly index: number; readonly from: "start" | "end"; readonly length: number; readonly kind: RemovalKind }

export const applyEdits = (draft: Draft, edits: ReadonlyArray<BlockEdit>): Pick<Draft, "blocks" | "removed"> => {
  if (edits.length === 0) return draft
  const blocks = draft.blocks.slice() as Array<Block | undefined>
  const removed = draft.removed.slice()
  for (const edit of edits) {
    const block = blocks[edit.index]
    if (block === undefined) continue
    if (edit.type === "drop") {
      removed.push({ kind: edit.kind, start: block.start, end: block.end })
      blocks[edit.index] = undefined
      continue
    }
    const cut = edit.from === "start"
      ? trimSpan(draft.raw, block.start, block.start + edit.length)
      : trimSpan(draft.raw, block.end - edit.length, block.end)
    if (cut.end > cut.start) removed.push({ kind: edit.kind, start: cut.start, end: cut.end })
    const rest = edit.from === "start"
      ? trimSpan(draft.raw, block.start + edit.length, block.end)
      : trimSpan(draft.raw, block.start, block.end - edit.length)
    blocks[edit.index] = rest.end > rest.start ? rest : undefined
  }
  return { blocks: blocks.filter((b): b is Block => b !== undefined), removed }
}

const WORD = /[\p{L}\p{N}]+/gu
const LETTER_WORD = /\p{L}[\p{L}\p{M}\p{N}'’-]*/gu
export const wordCount = (text: string): number => text.match(WORD)?.length ?? 0

/** A paragraph of running prose: enough words (numbers do not count) and a sentence end. Titles, labels and widgets are not. */
export const looksLikeProse = (text: string): boolean => {
  const words = text.match(LETTER_WORD)?.length ?? 0
  // The end must be a sentence end: "Prof. Dr. A and Dr. B" has full stops but is not prose.
  return words >= 25 || (words >= 8 && /[.!?۔؟।…]["'”’»)]*$/u.test(text))
}
