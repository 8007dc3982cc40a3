/**
 * metadata: pulls the headline, bylines, author bios, contact lines, date lines,
 * the masthead and the dateline out of the body.
 *
 * Takes a draft whose furniture is gone and the outlet registry (to recognise
 * mastheads and agency credits); returns it with `title`, `authors`,
 * `dateline`, date and outlet candidates set and the lines they came from
 * removed. Looks only where sites print these: the head (head.ts), the start
 * of the first paragraph (dateline.ts) and the signature run at the end
 * (signature.ts). Patterns live in data/bylines.json.
 * Emits: masthead, title, deck, byline, author_bio, contact, date_line, dateline.
 */
import { applyEdits, type BlockEdit, type Draft, textOf } from "../document.ts"
import { findOutletMention, type OutletRegistry } from "../outlets.ts"
import { readDateline } from "./dateline.ts"
import { namesOutlet, readHead } from "./head.ts"
import { hasAtMostTokens, readSignature } from "./signature.ts"

export { looksLikeTitle } from "./head.ts"
export { parseAuthors } from "./names.ts"
export { looksLikeSignature } from "./signature.ts"

const AUTHOR_BOX_LINES = 2

export const extractMetadata = (draft: Draft, outlets: OutletRegistry): Draft => {
  const texts = draft.blocks.map((b) => textOf(draft, b))
  const head = readHead(draft, texts, outlets)
  const headEnd = head.end
  // A plain loop: flatMap over the sparse kinds array is slow.
  const edits: Array<BlockEdit> = []
  for (let index = 0; index < head.kinds.length; index++) {
    const kind = head.kinds[index]
    if (kind !== undefined) edits.push({ type: "drop", index, kind })
  }
  const authors = [...head.authors]
  // Used only when no byline names anyone: wire credit lines, then the agency of a dateline.
  const creditAuthors: Array<string> = []
  const agencyAuthors: Array<string> = []
  const dateCandidates = [...head.dateCandidates]
  const outletCandidates = [...head.outletCandidates]
  let dateline: string | undefined
  const firstProse = head.kinds[headEnd] === "title" ? headEnd + 1 : headEnd

  // Dateline at the start of the first prose paragraph, or on its own line just above it.
  const standalone = headEnd > 0 && head.kinds[headEnd - 1] === undefined ? readDateline(texts[headEnd - 1]!, true) : undefined
  const inline = standalone === undefined && firstProse < texts.length ? readDateline(texts[firstProse]!) : undefined
  const found = standalone ?? inline
  if (found !== undefined) {
    dateline = found.place
    edits.push(
      standalone !== undefined
        ? { type: "drop", index: headEnd - 1, kind: "dateline" }
        : { type: "cut", index: firstProse, from: "start", length: found.length, kind: "dateline" }
    )
    if (found.agency !== undefined) {
      outletCandidates.push({ text: found.agency, role: "agency" })
      // A wire agency in the registry is credited as author, under its canonical name.
      const agency = findOutletMention(found.agency, outlets)
      if (agency !== undefined) agencyAuthors.push(agency.name)
    }
  }

  // Closing signature run: bylines, bios, contact lines and a repeated outlet name at the end.
  // Up to AUTHOR_BOX_LINES short lines under a byline or bio belong to its author box (a name,
  // "is a Research Fellow at ..."); they are removed only when such a line is found above them.
  let pending: Array<number> = []
  for (let i = texts.length - 1; i >= Math.max(headEnd, 1); i--) {
    const text = texts[i]!
    if (hasAtMostTokens(text, 4) && namesOutlet(text, outlets)) {
      edits.push({ type: "drop", index: i, kind: "footer" })
      outletCandidates.push({ text, role: "footer" })
      continue
    }
    const signature = readSignature(text)
    if (signature === undefined) {
      if (pending.length < AUTHOR_BOX_LINES && hasAtMostTokens(text, 40)) {
        pending.push(i)
        continue
      }
      break
    }
    for (const index of pending) edits.push({ type: "drop", index, kind: "author_bio" })
    pending = []
    if (signature.kind === "byline") {
      const names = signature.fallback ? creditAuthors : authors
      names.unshift(...signature.authors.filter((a) => !names.includes(a)))
    }
    if (signature.bylineLength !== undefined) {
      edits.push({ type: "cut", index: i, from: "end", length: texts[i]!.length - signature.bylineLength, kind: "author_bio" })
      edits.push({ type: "cut", index: i, from: "start", length: signature.bylineLength, kind: "byline" })
    } else {
      edits.push({ type: "drop", index: i, kind: signature.kind })
    }
  }

  return {
    ...draft,
    ...applyEdits(draft, edits),
    title: head.title,
    authors: [...new Set([...draft.authors, ...[authors, creditAuthors, agencyAuthors].find((a) => a.length > 0) ?? []])],
    dateline,
    dateCandidates: [...draft.dateCandidates, ...dateCandidates],
    outletCandidates: [...draft.outletCandidates, ...outletCandidates]
  }
}
