/**
 * Outlet normalisation. Takes the outlet candidates other stages collected (texts tagged with the
 * role their position gives them) and returns the canonical outlet name plus the mention as found.
 * Rules come from the registry in `data/outlets.json` (names, aliases in every script, domains),
 * which users extend with their own JSON file through `mergeOutlets`.
 *
 * Matching an alias (`findOutletMention`):
 * - Texts and aliases are split into word tokens (letters, marks, digits of any script, so word
 *   boundaries work for Latin, Cyrillic and Arabic script); the separators between the tokens of a
 *   multi-word alias must be the same (whitespace runs count as one space).
 * - Case: an alias matches as written, in ALL CAPS (mastheads), and with a lower-case leading
 *   "the" ("in the Express Tribune"). Nothing else: many outlet names are ordinary words ("Dawn",
 *   "The Nation", "The Economist", "Коммерсант", "Известия"), so "At dawn the troops moved" and
 *   "the nation" never match. Aliases containing a dot (domains, "Dawn.com") also match in lower case.
 * - Arabic-script letter variants (Arabic ي ى ك ه vs Urdu/Persian ی ک ہ) are folded before matching.
 * - The longest matched text wins; ties go to the earliest.
 *
 * Choosing the outlet (`resolveOutlet`), decided and tested:
 * 1. The first registry match among published_in, masthead, footer, copyright, domain candidates,
 *    in that role order (then input order). A curated name beats a guess.
 * 2. Else a published_in text naming an outlet that is not in the registry
 *    ("Published in The Frontier Post, May 2") gives outlet = outletRaw = the cleaned name, so
 *    users still get a value. Footer/copyright holders outside the registry are not used (they
 *    are often publishing groups or photo agencies).
 * 3. Else an agency credit in the registry ("(Reuters)"): a wire credit names the source of the
 *    story, not the publisher, so it is only the last resort.
 * "syndication" candidates ("first appeared in X") never become the outlet.
 */
import registryFile from "../data/outlets.json" with { type: "json" }

export interface Outlet {
  readonly name: string
  readonly aliases: ReadonlyArray<string>
  readonly domains: ReadonlyArray<string>
  readonly country?: string
  readonly language?: string
}
export type OutletRole = "published_in" | "masthead" | "footer" | "copyright" | "domain" | "syndication" | "agency"
export interface OutletCandidate { readonly text: string; readonly role: OutletRole }
export interface OutletMatch { readonly name: string; readonly raw: string }

interface AliasNode { readonly next: Map<string, AliasNode>; name: string | undefined }
interface DomainRule { readonly path: string; readonly name: string }
export interface OutletRegistry {
  readonly outlets: ReadonlyArray<Outlet>
  /** First token -> trie of (separator + token) steps; a node with a name ends an alias. */
  readonly aliases: ReadonlyMap<string, AliasNode>
  /** Host -> rules, longest path first ("bbc.com" -> "/urdu", "/russian", ""). */
  readonly domains: ReadonlyMap<string, ReadonlyArray<DomainRule>>
  readonly leadIn: RegExp
}

const WORD = /[\p{L}\p{M}\p{N}\u200c\u200d]+/gu
const WHITESPACE = /\s+/gu
const ARABIC_SCRIPT = /[\u0600-\u06ff]/u
const ARABIC_VARIANT = /[\u064a\u0649\u0643\u0647]/gu
const ARABIC_FOLD: Record<string, string> = { "\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9", "\u0647": "\u06c1" }
const URL_PARTS = /^\s*(?:[a-z][a-z0-9+.-]*:\/\/|\/\/)?(?:[^@/?#\s]*@)?([^/?#:\s]+)(?::\d+)?([^?#\s]*)/iu
const HOST = /^[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+$/u
const DOMAIN_PATH = /^(?:\/[^\s/?#]+)*$/u
const URL_IN_TEXT = /(?:[a-z][a-z0-9+.-]*:\/\/)?(?:[\p{L}\p{N}-]+\.)+\p{L}{2,}(?:\/[^\s]*)?/giu
const NAME_END = /\s*(?:[,|;(]|\s[–—-]\s|\son\s+(?=[\p{Lu}\d])|\s\p{N}).*$/su
const NAME_EDGE = /^[\s*•·©"'«»“”‘’:\-–—]+|[\s*•·"'«»“”‘’.:!\-–—]+$/gu
const LOOKS_LIKE_NAME = /^[\p{Lu}\p{Lo}\p{N}][^?!]{0,59}$/u

/** Folds Arabic-script letter variants; one character for one, so offsets stay valid. */
const foldArabic = (text: string): string =>
  ARABIC_SCRIPT.test(text) ? text.replace(ARABIC_VARIANT, (c) => ARABIC_FOLD[c] ?? c) : text
const tokenise = (text: string): Array<{ readonly text: string; readonly start: number; readonly end: number }> => {
  const tokens = []
  WORD.lastIndex = 0
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) tokens.push({ text: m[0], start: m.index, end: m.index + m[0].length })
  return tokens
}
const separator = (text: string): string => text.replace(WHITESPACE, " ")

/** The spellings under which an alias is accepted (see the opening comment). */
const aliasForms = (alias: string): ReadonlyArray<string> => {
  const forms = [alias, alias.toUpperCase()]
  if (/^The\s/u.test(alias)) forms.push("the" + alias.slice(3))
  if (alias.includes(".")) forms.push(alias.toLowerCase())
  return [...new Set(forms)]
}

const parseUrl = (urlOrDomain: string): { readonly host: string; readonly path: string } | undefined => {
  const m = URL_PARTS.exec(urlOrDomain)
  const host = m?.[1]?.toLowerCase().replace(/\.$/u, "")
  return host !== undefined && HOST.test(host) ? { host, path: (m?.[2] ?? "").toLowerCase() } : undefined
}

const fail = (index: number, outlet: { readonly name?: unknown }, problem: string): never => {
  throw new Error(`Outlet registry entry #${index} (${JSON.stringify(outlet.name)}): ${problem}`)
}

/** Validates the list (no empty names or aliases, no alias or domain claimed by two outlets) and builds the lookups. */
export const compileOutletRegistry = (
  outlets: ReadonlyArray<Outlet>,
  leadIns: ReadonlyArray<string> = registryFile.leadIns
): OutletRegistry => {
  const aliases = new Map<string, AliasNode>()
  const domains = new Map<string, Array<DomainRule>>()
  const names = new Set<string>()
  const addForm = (form: string, name: string, index: number, outlet: Outlet): void => {
    const tokens = tokenise(form)
    const [first, ...rest] = tokens
    if (first === undefined) return fail(index, outlet, `alias ${JSON.stringify(form)} has no letters or digits`)
    let node = aliases.get(first.text) ?? { next: new Map(), name: undefined }
    aliases.set(first.text, node)
    let previousEnd = first.end
    for (const token of rest) {
      const key = separator(form.slice(previousEnd, token.start)) + token.text
      const child: AliasNode = node.next.get(key) ?? { next: new Map(), name: undefined }
      node.next.set(key, child)
      node = child
      previousEnd = token.end
    }
    if (node.name !== undefined && node.name !== name) {
      fail(index, outlet, `alias ${JSON.stringify(form)} already belongs to outlet ${JSON.stringify(node.name)}`)
    }
    node.name = name
  }
  outlets.forEach((outlet, index) => {
    const name = typeof outlet.name === "string" ? outlet.name.trim() : ""
    if (name === "") fail(index, outlet, "empty name")
    if (names.has(name)) fail(index, outlet, "duplicate name (combine the entries, or use mergeOutlets)")
    names.add(name)
    for (const alias of [name, ...outlet.aliases]) {
      if (typeof alias !== "string" || alias.trim() === "") fail(index, outlet, "empty alias")
      for (const form of aliasForms(foldArabic(alias.trim().normalize("NFC")))) addForm(form, name, index, outlet)
    }
    for (const domain of outlet.domains) {
      const lowered = String(domain).trim().toLowerCase()
      const slash = lowered.indexOf("/")
      const host = slash < 0 ? lowered : lowered.slice(0, slash)
      const path = slash < 0 ? "" : lowered.slice(slash).replace(/\/+$/u, "")
      if (!HOST.test(host) || !DOMAIN_PATH.test(path)) fail(index, outlet, `domain ${JSON.stringify(domain)} is not a host name with an optional /path`)
      const rules = domains.get(host) ?? []
      const taken = rules.find((rule) => rule.path === path)
      if (taken !== undefined && taken.name !== name) fail(index, outlet, `domain ${JSON.stringify(domain)} already belongs to outlet ${JSON.stringify(taken.name)}`)
      if (taken === undefined) domains.set(host, [...rules, { path, name }].sort((a, b) => b.path.length - a.path.length))
      if (path === "") addForm(host, name, index, outlet)
    }
  })
  const phrases = [...leadIns].map((p) => p.trim()).filter((p) => p !== "").sort((a, b) => b.length - a.length)
  const escaped = phrases.map((p) => p.replace(/[.*+?^${}()|[\]\\]/gu, "\\$&").replace(/\s+/gu, "\\s+"))
  const leadIn = new RegExp(`^(?:${escaped.join("|") || "(?!)"})(?![\\p{L}\\p{N}])\\s*:?\\s*`, "iu")
  return { outlets, aliases, domains, leadIn }
}

let defaultOutlets: ReadonlyArray<Outlet> | undefined
/** The bundled registry (`data/outlets.json`), checked once. */
export const loadDefaultOutlets = (): ReadonlyArray<Outlet> => (defaultOutlets ??= parseOutletFile(registryFile))

/**
 * Reads a user's outlet file (already parsed from JSON): either an array of outlets or
 * `{ "outlets": [...] }` like the bundled file. `aliases` and `domains` may be omitted.
 */
export const parseOutletFile = (json: unknown): ReadonlyArray<Outlet> => {
  const list = Array.isArray(json) ? json : (json as { outlets?: unknown } | null)?.outlets
  if (!Array.isArray(list)) throw new Error("Outlet file: expected an array of outlets or an object with an \"outlets\" array")
  const strings = (value: unknown, index: number, entry: { name?: unknown }, field: string): ReadonlyArray<string> =>
    value === undefined ? [] : Array.isArray(value) && value.every((v) => typeof v === "string") ? value : fail(index, entry, `"${field}" must be an array of strings`)
  return list.map((entry: unknown, index): Outlet => {
    if (typeof entry !== "object" || entry === null) return fail(index, {}, "not an object")
    const e = entry as Record<string, unknown>
    if (typeof e["name"] !== "string" || e["name"].trim() === "") return fail(index, e, "missing or empty \"name\"")
    const optional = (field: string) => (typeof e[field] === "string" ? { [field]: e[field] as string } : {})
    return { name: e["name"].trim(), aliases: strings(e["aliases"], index, e, "aliases"), domains: strings(e["domains"], index, e, "domains"), ...optional("country"), ...optional("language") }
  })
}

/**
 * Adds user entries to a base list: an entry whose name equals a base name (ignoring case) adds
 * its aliases and domains to that outlet (the base spelling of the name stays canonical); any
 * other entry is a new outlet. Conflicts surface in `compileOutletRegistry`.
 */
export const mergeOutlets = (base: ReadonlyArray<Outlet>, extra: ReadonlyArray<Outlet>): ReadonlyArray<Outlet> => {
  const merged = [...base]
  const byName = new Map(base.map((outlet, i) => [outlet.name.trim().toLowerCase(), i]))
  for (const outlet of extra) {
    const key = outlet.name.trim().toLowerCase()
    const i = byName.get(key)
    const existing = i === undefined ? undefined : merged[i]
    if (i === undefined || existing === undefined) {
      byName.set(key, merged.length)
      merged.push(outlet)
      continue
    }
    merged[i] = {
      ...outlet,
      ...existing,
      aliases: [...new Set([...existing.aliases, ...outlet.aliases])],
      domains: [...new Set([...existing.domains, ...outlet.domains])]
    }
  }
  return merged
}

/** Whether a word of the text opens some alias: most lines name no outlet, and then no tokens need building. */
const hasAliasStart = (text: string, registry: OutletRegistry): boolean => {
  WORD.lastIndex = 0
  for (let m = WORD.exec(text); m !== null; m = WORD.exec(text)) if (registry.aliases.has(m[0])) return true
  return false
}

/** The longest registry alias inside a short text, on word boundaries, with the case rules above. */
export const findOutletMention = (text: string, registry: OutletRegistry): OutletMatch | undefined => {
  const written = text.normalize("NFC")
  const normalised = foldArabic(written)
  if (!hasAliasStart(normalised, registry)) return undefined
  const tokens = tokenise(normalised)
  let best: { readonly name: string; readonly start: number; readonly end: number } | undefined
  for (let i = 0; i < tokens.length; i++) {
    const first = tokens[i]
    let node = first === undefined ? undefined : registry.aliases.get(first.text)
    for (let j = i; node !== undefined && first !== undefined; j++) {
      const last = tokens[j]
      if (last === undefined) break
      if (node.name !== undefined && (best === undefined || last.end - first.start > best.end - best.start)) {
        best = { name: node.name, start: first.start, end: last.end }
      }
      const following = tokens[j + 1]
      node = following === undefined ? undefined : node.next.get(separator(normalised.slice(last.end, following.start)) + following.text)
    }
  }
  return best === undefined ? undefined : { name: best.name, raw: written.slice(best.start, best.end) }
}

/** "https://www.dawn.com/news/1" -> Dawn. Subdomains match their parent; "bbc.com/urdu/..." -> BBC Urdu. */
export const outletFromDomain = (urlOrDomain: string, registry: OutletRegistry): OutletMatch | undefined => {
  const parsed = parseUrl(urlOrDomain)
  if (parsed === undefined) return undefined
  // "epaper.dawn.com" -> "dawn.com" -> "com": the most specific registered host wins.
  let host = parsed.host
  while (host.includes(".")) {
    const rule = registry.domains.get(host)?.find(({ path }) =>
      path === "" || parsed.path === path || parsed.path.startsWith(path + "/")
    )
    if (rule !== undefined) return { name: rule.name, raw: parsed.host + rule.path }
    host = host.slice(host.indexOf(".") + 1)
  }
  return undefined
}

const domainInText = (text: string, registry: OutletRegistry): OutletMatch | undefined => {
  for (const url of text.match(URL_IN_TEXT) ?? []) {
    const match = outletFromDomain(url, registry)
    if (match !== undefined) return match
  }
  return undefined
}

/** A published_in/masthead text reduced to the outlet name it gives, or undefined when it does not look like a name. */
const cleanOutletName = (text: string, registry: OutletRegistry): string | undefined => {
  const name = text.normalize("NFC").replace(NAME_EDGE, "").replace(registry.leadIn, "").replace(NAME_END, "").replace(NAME_EDGE, "")
  return LOOKS_LIKE_NAME.test(name) && name.split(" ").length <= 6 ? name : undefined
}

const REGISTRY_ROLES: ReadonlyArray<OutletRole> = ["published_in", "masthead", "footer", "copyright", "domain"]
const NAME_ROLES: ReadonlyArray<OutletRole> = ["published_in"]

/** The outlet of a document from its candidates; the order of preference is in the opening comment. */
export const resolveOutlet = (
  candidates: ReadonlyArray<OutletCandidate>,
  registry: OutletRegistry
): { readonly outlet?: string; readonly outletRaw?: string } => {
  const inRole = (role: OutletRole) => candidates.filter((candidate) => candidate.role === role)
  const known = (candidate: OutletCandidate): OutletMatch | undefined => {
    if (candidate.role === "domain") return outletFromDomain(candidate.text, registry) ?? domainInText(candidate.text, registry)
    const mention = findOutletMention(candidate.text, registry)
    // A written web address may carry a path that names a service ("bbc.com/urdu").
    return mention === undefined || mention.raw.includes(".") ? domainInText(candidate.text, registry) ?? mention : mention
  }
  for (const role of REGISTRY_ROLES) {
    for (const candidate of inRole(role)) {
      const match = known(candidate)
      if (match !== undefined) return { outlet: match.name, outletRaw: match.raw }
    }
  }
  for (const role of NAME_ROLES) {
    for (const candidate of inRole(role)) {
      const name = cleanOutletName(candidate.text, registry)
      if (name !== undefined) return { outlet: name, outletRaw: name }
    }
  }
  for (const candidate of inRole("agency")) {
    const match = known(candidate)
    if (match !== undefined) return { outlet: match.name, outletRaw: match.raw }
  }
  return {}
}
