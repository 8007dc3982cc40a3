/** The byline, bio and name patterns of data/bylines.json, compiled once. */
import bylines from "../../data/bylines.json" with { type: "json" }

const re = (pattern: string, flags = "iu") => new RegExp(pattern, flags)

export const patterns = {
  bylineMarker: re(bylines.bylineMarker),
  inlineBylineMarker: re(bylines.inlineBylineMarker),
  closingSignature: re(bylines.closingSignature, "u"),
  bioStart: re(bylines.bioStart),
  namedBio: re(bylines.namedBio, "u"),
  dashBio: re(bylines.dashBio, "u"),
  bioContinuation: re(bylines.bioContinuation),
  contact: re(bylines.contact),
  deskCredit: re(bylines.deskCredit),
  editorCredit: re(bylines.editorCredit),
  jobTitle: re(bylines.jobTitle),
  creditLine: re(bylines.creditLine),
  creditAuthors: re(bylines.creditAuthors, "giu"),
  nameTail: re(bylines.nameTail, "u"),
  nameCut: re(bylines.nameCut, "u"),
  nameSeparators: re(bylines.nameSeparators),
  nameSeparatorsCaseless: re(bylines.nameSeparatorsCaseless),
  bioBreak: re(bylines.bioBreak)
}
export const honorifics: ReadonlySet<string> = new Set(bylines.honorifics)
export const particles: ReadonlySet<string> = new Set(bylines.nameParticles)
export const siteWords: ReadonlySet<string> = new Set(bylines.siteWords)
