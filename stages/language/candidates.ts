// Candidate plan: turns the ISO 639-3 codes a user asks for into what the detector can test,
// grouped by writing system. Rules come from data/languages.json (code maps, marker-only
// languages, exclusion letters) and from the models franc 6.2 ships (franc/data.js).
import { data as francModels } from "franc/data.js"
import languageData from "../../data/languages.json" with { type: "json" }
import { type MarkerIndex, markerIndex, markerSet } from "./scripts.ts"

export interface Candidate {
  readonly francCode: string // code used with franc; for marker-only languages, the ISO code
  readonly output: string // ISO 639-3 code written to the tables
  // trigram: franc has a trigram model for this script; script: franc knows the language by
  // its script alone (cmn, ben, pan, ...); marker: franc lacks it, recognised by its letters.
  readonly kind: "trigram" | "script" | "marker"
  readonly excludedBy: ReadonlySet<number> // letters that rule this language out
  readonly requiredMarkers: ReadonlySet<number> | undefined // marker-only: one of these must occur
}

export interface CandidatePlan {
  readonly byScript: ReadonlyMap<string, ReadonlyArray<Candidate>>
  readonly scriptsOfOutput: ReadonlyMap<string, ReadonlySet<string>> // output code -> scripts
  readonly unsupported: ReadonlyArray<string> // requested codes nobody can detect
  // per script, the marker letters of byScript's candidates in the same order (required
  // markers for marker-only languages, excluding letters for the others)
  readonly markersByScript: ReadonlyMap<string, MarkerIndex>
  readonly markerDensity: number
}

const isoToFranc: Readonly<Record<string, ReadonlyArray<string>>> = languageData.isoToFranc
const francToIso: Readonly<Record<string, string>> = languageData.francToIso
const francSingleScript: Readonly<Record<string, string>> = languageData.francSingleScript
const markerOnly: Readonly<Record<string, { readonly script: string; readonly markers: string }>> =
  languageData.markerOnly
const excludedBy: Readonly<Record<string, string>> = languageData.excludedBy
const models: Readonly<Record<string, Readonly<Record<string, string>>>> = francModels

export const outputCodeOf = (francCode: string): string => francToIso[francCode] ?? francCode

const addCandidate = (byScript: Map<string, Array<Candidate>>, script: string, candidate: Candidate): void => {
  const list = byScript.get(script) ?? []
  if (!list.some((existing) => existing.francCode === candidate.francCode)) list.push(candidate)
  byScript.set(script, list)
}

export const buildCandidatePlan = (requested: ReadonlyArray<string>): CandidatePlan => {
  const byScript = new Map<string, Array<Candidate>>()
  const unsupported: Array<string> = []
  for (const rawCode of requested) {
    const iso = rawCode.trim().toLowerCase()
    if (iso === "") continue
    let known = false
    for (const francCode of isoToFranc[iso] ?? [iso]) {
      const base = {
        francCode,
        output: outputCodeOf(francCode),
        excludedBy: markerSet(excludedBy[francCode] ?? ""),
        requiredMarkers: undefined
      }
      for (const script in models) {
        if (models[script]?.[francCode] !== undefined) {
          addCandidate(byScript, script, { ...base, kind: "trigram" })
          known = true
        }
      }
      const singleScript = francSingleScript[francCode]
      if (singleScript !== undefined) {
        addCandidate(byScript, singleScript, { ...base, kind: "script" })
        known = true
      }
    }
    const marked = markerOnly[iso]
    if (marked !== undefined) {
      addCandidate(byScript, marked.script, {
        francCode: iso,
        output: iso,
        kind: "marker",
        excludedBy: new Set(),
        requiredMarkers: markerSet(marked.markers)
      })
      known = true
    }
    if (!known) unsupported.push(iso)
  }
  const scriptsOfOutput = new Map<string, Set<string>>()
  for (const [script, candidates] of byScript) {
    for (const { output } of candidates) scriptsOfOutput.set(output, (scriptsOfOutput.get(output) ?? new Set()).add(script))
  }
  const markersByScript = new Map(
    [...byScript].map(([script, candidates]) => [script, markerIndex(candidates.map((c) => c.requiredMarkers ?? c.excludedBy))])
  )
  return { byScript, scriptsOfOutput, unsupported, markersByScript, markerDensity: languageData.markerDensity }
}
