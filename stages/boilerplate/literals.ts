/**
 * Cheap pre-checks for the furniture patterns, derived from the patterns themselves, so that a
 * costly regex runs only on lines it could match.
 *
 *   requiredLiterals   strings one of which every match contains, as written
 *                      ("Published", "Printed" for the "Published in ..." rule)
 *   alternativeChecks  per alternative: the openings of an anchored one ("^read more"),
 *                      else strings its match contains
 *
 * The reader knows the regex syntax the rules of data/furniture.json use; where it is unsure it
 * gives no pre-check (undefined), never a wrong one.
 */

type Atom =
  | { readonly type: "char"; readonly char: string }
  | { readonly type: "group"; readonly body: Alternatives }
  | { readonly type: "look" } // look-ahead or look-behind: zero-width
  | { readonly type: "start" } // ^
  | { readonly type: "assertion" } // $, \b, \B: zero-width
  | { readonly type: "set"; readonly chars: ReadonlyArray<string> | undefined } // a class; undefined: too wide to list
type Term = { readonly atom: Atom; readonly min: number; readonly quantified: boolean }
type Sequence = ReadonlyArray<Term>
type Alternatives = ReadonlyArray<Sequence>

class Unsupported extends Error {}

/** What \s matches in JavaScript: WhiteSpace and LineTerminator. */
const WHITE_SPACE = "\t\n\v\f\r \u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000\ufeff"

const parse = (source: string): Alternatives => {
  let pos = 0
  const fail = (): never => {
    throw new Unsupported(source)
  }

  const quantifier = (): { min: number; quantified: boolean } => {
    const c = source[pos]
    let min = 1
    if (c === "?" || c === "*") {
      min = 0
      pos++
    } else if (c === "+") pos++
    else if (c === "{") {
      const m = /^\{(\d+)(?:,(\d*))?\}/.exec(source.slice(pos)) ?? fail()
      min = Number(m[1])
      pos += m[0].length
    } else return { min: 1, quantified: false }
    if (source[pos] === "?") pos++ // lazy
    return { min, quantified: true }
  }

  /** An escape at `pos` (a backslash): the literal it stands for, or a set when it is a class. */
  const escape = (inClass: boolean): Atom => {
    const e = source[pos + 1] ?? fail()
    pos += 2
    if (e === "p" || e === "P") {
      if (source[pos] !== "{") fail()
      pos = source.indexOf("}", pos) + 1
      if (pos === 0) fail()
      return { type: "set", chars: undefined }
    }
    if (e === "d") return { type: "set", chars: Array.from("0123456789") }
    if (e === "s") return { type: "set", chars: Array.from(WHITE_SPACE) }
    if (/[DwWS]/.test(e)) return { type: "set", chars: undefined }
    if (!inClass && (e === "b" || e === "B")) return { type: "assertion" }
    if (e === "n") return { type: "char", char: "\n" }
    if (e === "t") return { type: "char", char: "\t" }
    if (e === "r") return { type: "char", char: "\r" }
    // An escaped syntax character stands for itself; \k, back-references, \u, \x, \c are not read here.
    if (/[\^$\\.*+?()[\]{}|/-]/.test(e)) return { type: "char", char: e }
    return fail()
  }

  const characterClass = (): Atom => {
    pos++ // [
    const negated = source[pos] === "^"
    if (negated) pos++
    let chars: Array<string> | undefined = []
    while (source[pos] !== "]") {
      if (pos >= source.length) fail()
      let atom: Atom
      if (source[pos] === "\\") atom = escape(true)
      else {
        const char = String.fromCodePoint(source.codePointAt(pos)!)
        pos += char.length
        atom = { type: "char", char }
      }
      if (source[pos] === "-" && source[pos + 1] !== "]" && atom.type === "char") {
        // A range: listed only when short.
        pos++
        const to = source[pos] === "\\" ? escape(true) : { type: "char" as const, char: String.fromCodePoint(source.codePointAt(pos)!) }
        if (source[pos - 1] !== "\\" && to.type === "char") pos += to.char.length
        if (to.type !== "char") fail()
        const from = atom.char.codePointAt(0)!
        const end = (to as { char: string }).char.codePointAt(0)!
        if (chars !== undefined && end - from <= 64) for (let c = from; c <= end; c++) chars.push(String.fromCodePoint(c))
        else chars = undefined
        continue
      }
      if (atom.type === "char") chars?.push(atom.char)
      else if (atom.type === "set" && atom.chars !== undefined) chars?.push(...atom.chars)
      else chars = undefined
    }
    pos++ // ]
    return { type: "set", chars: negated ? undefined : chars }
  }

  const sequence = (): Sequence => {
    const terms: Array<Term> = []
    while (pos < source.length && source[pos] !== "|" && source[pos] !== ")") {
      const c = source[pos]!
      let atom: Atom
      if (c === "(") {
        pos++
        let look = false
        if (source.startsWith("?:", pos)) pos += 2
        else if (source.startsWith("?=", pos) || source.startsWith("?!", pos)) {
          pos += 2
          look = true
        } else if (source.startsWith("?<=", pos) || source.startsWith("?<!", pos)) {
          pos += 3
          look = true
        } else if (source.startsWith("?<", pos)) {
          pos = source.indexOf(">", pos) + 1
          if (pos === 0) fail()
        } else if (source[pos] === "?") fail()
        const body = alternatives()
        if (source[pos] !== ")") fail()
        pos++
        atom = look ? { type: "look" } : { type: "group", body }
      } else if (c === "[") atom = characterClass()
      else if (c === "\\") atom = escape(false)
      else if (c === ".") {
        pos++
        atom = { type: "set", chars: undefined }
      } else if (c === "^") {
        pos++
        atom = { type: "start" }
      } else if (c === "$") {
        pos++
        atom = { type: "assertion" }
      } else {
        const char = String.fromCodePoint(source.codePointAt(pos)!)
        pos += char.length
        atom = { type: "char", char }
      }
      terms.push({ atom, ...quantifier() })
    }
    return terms
  }

  const alternatives = (): Alternatives => {
    const list: Array<Sequence> = [sequence()]
    while (source[pos] === "|") {
      pos++
      list.push(sequence())
    }
    return list
  }

  const parsed = alternatives()
  if (pos !== source.length) fail()
  return parsed
}

const orUndefined = <A>(f: () => A): A | undefined => {
  try {
    return f()
  } catch (e) {
    if (e instanceof Unsupported) return undefined
    throw e
  }
}

// --- required literals -------------------------------------------------------------------

type Need = ReadonlyArray<string> | undefined

const shortest = (need: ReadonlyArray<string>): number => Math.min(...need.map((s) => s.length))

const needOfAlternatives = (alternatives: Alternatives): Need => {
  const needs = alternatives.map(needOfSequence)
  return needs.some((n) => n === undefined) ? undefined : needs.flatMap((n) => n!)
}

/** Small classes ([—–-], [»>/›|]) extend a run into several strings, up to this many. */
const MAX_RUNS = 64

/** The most selective need of a sequence: runs of literal characters in a row, or a group's. */
const needOfSequence = (sequence: Sequence): Need => {
  let best: Need
  let runs: Array<string> = [""]
  const consider = (need: Need) => {
    if (need === undefined || need.length === 0) return
    const better = best === undefined || shortest(need) > shortest(best) ||
      (shortest(need) === shortest(best) && need.length < best.length)
    if (better) best = need
  }
  const endRun = () => {
    if (runs[0] !== "") consider(runs)
    runs = [""]
  }
  const extend = (chars: ReadonlyArray<string>) => {
    runs = runs.flatMap((run) => chars.map((c) => run + c))
  }
  for (const { atom, min, quantified } of sequence) {
    const chars = atom.type === "char" ? [atom.char] : atom.type === "set" ? atom.chars : undefined
    const fits = chars !== undefined && runs.length * chars.length <= MAX_RUNS
    if (fits && !quantified) {
      extend(chars)
      continue
    }
    // A repeated character is required once, but what follows need not be next to it.
    if (fits && min >= 1) extend(chars)
    endRun()
    if (!fits && chars !== undefined && chars.length <= MAX_RUNS && min >= 1) {
      // Too many strings with the run so far: the class starts a run of its own.
      extend(chars)
      if (!quantified) continue
      endRun()
    }
    if (atom.type === "group" && min >= 1) consider(needOfAlternatives(atom.body))
  }
  endRun()
  return best
}

/** Strings one of which every match of the regex source contains (case as written); undefined when unknown. */
export const requiredLiterals = (source: string): Need => orUndefined(() => needOfAlternatives(parse(source)))

/**
 * The same condition with fewer strings: "holds one of them" is unchanged when duplicates and
 * strings that hold another of the list are dropped.
 */
export const fewestNeedles = (needles: ReadonlyArray<string>): ReadonlyArray<string> => {
  const unique = [...new Set(needles)]
  return unique.filter((needle) => !unique.some((other) => other !== needle && needle.includes(other)))
}

// --- line starts ---------------------------------------------------------------------------

/** The characters a sequence's match can open with, and whether it can be empty. */
const firstOfSequence = (sequence: Sequence, from: number): { chars: Array<string>; canBeEmpty: boolean } | undefined => {
  const chars: Array<string> = []
  for (let i = from; i < sequence.length; i++) {
    const { atom, min } = sequence[i]!
    if (atom.type === "start") return undefined // an anchor inside: not read here
    if (atom.type === "look" || atom.type === "assertion") continue
    let first: { chars: Array<string>; canBeEmpty: boolean } | undefined
    if (atom.type === "char") first = { chars: [atom.char], canBeEmpty: false }
    else if (atom.type === "set") first = atom.chars === undefined ? undefined : { chars: [...atom.chars], canBeEmpty: false }
    else first = firstOfAlternatives(atom.body)
    if (first === undefined) return undefined
    chars.push(...first.chars)
    if (min >= 1 && !first.canBeEmpty) return { chars, canBeEmpty: false }
  }
  return { chars, canBeEmpty: true }
}

const firstOfAlternatives = (alternatives: Alternatives): { chars: Array<string>; canBeEmpty: boolean } | undefined => {
  const chars: Array<string> = []
  let canBeEmpty = false
  for (const sequence of alternatives) {
    const first = firstOfSequence(sequence, 0)
    if (first === undefined) return undefined
    chars.push(...first.chars)
    canBeEmpty ||= first.canBeEmpty
  }
  return { chars, canBeEmpty }
}

/**
 * A pre-check per alternative of the regex source: the characters an anchored alternative
 * ("^...") can open with, or else strings one of which the alternative's match contains.
 * A text can match only if it passes the check of some alternative. Undefined when some
 * alternative has no check.
 */
export const alternativeChecks = (source: string): {
  readonly prefixes: ReadonlyArray<string>
  readonly starts: ReadonlyArray<string>
  readonly needles: ReadonlyArray<ReadonlyArray<string>>
} | undefined =>
  orUndefined(() => {
    const prefixes: Array<string> = []
    const starts: Array<string> = []
    const needles: Array<ReadonlyArray<string>> = []
    for (const sequence of parse(source)) {
      const anchored = sequence[0]?.atom.type === "start" && !sequence[0].quantified
      const opening = anchored ? prefixesOfSequence(sequence, 1).strings : [""]
      if (opening.every((p) => p !== "")) {
        prefixes.push(...opening)
        continue
      }
      const first = anchored ? firstOfSequence(sequence, 1) : undefined
      if (first !== undefined && !first.canBeEmpty) {
        starts.push(...first.chars)
        continue
      }
      const need = needOfSequence(sequence)
      if (need === undefined) return undefined
      needles.push(need)
    }
    return { prefixes: [...new Set(prefixes)], starts: [...new Set(starts)], needles }
  })

/**
 * Strings one of which every match of the sequence (read from `from`) opens with ("" when none
 * is known), and whether they are the whole match.
 */
const prefixesOfSequence = (sequence: Sequence, from: number): { strings: Array<string>; complete: boolean } => {
  let runs: Array<string> = [""]
  for (let i = from; i < sequence.length; i++) {
    const { atom, quantified } = sequence[i]!
    if (atom.type === "look" || atom.type === "assertion") continue // zero-width
    if (atom.type === "start" || quantified) return { strings: runs, complete: false }
    let next: ReadonlyArray<string> | undefined
    let nextComplete = true
    if (atom.type === "char") next = [atom.char]
    else if (atom.type === "set") next = atom.chars
    else {
      const inner = atom.body.map((alternative) => prefixesOfSequence(alternative, 0))
      next = inner.flatMap((p) => p.strings)
      nextComplete = inner.every((p) => p.complete)
    }
    if (next === undefined || runs.length * next.length > MAX_RUNS) return { strings: runs, complete: false }
    runs = runs.flatMap((run) => next.map((c) => run + c))
    if (!nextComplete) return { strings: runs, complete: false }
  }
  return { strings: runs, complete: true }
}
