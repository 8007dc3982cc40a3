/**
 * Per-document result cache for incremental runs.
 *
 * An input file's results (its documents' rows, encoded as the sinks write them, or its
 * reject) are stored under
 * sha256(fingerprint, source_path, source_sha256), where the fingerprint covers
 * the newsprep version, the source of every stage and rule file, and the flow
 * options. A rerun looks each input up by its content hash and processes only
 * files whose entry is missing: unchanged files cost a read, a hash and a
 * deserialisation, and their rows are written without encoding them again; a changed or added file re-processes only itself.
 *
 * On disk: one v8-serialised entry per input file, `DIR/<2 hex>/<key>.v8`,
 * written through a temporary name and renamed, so concurrent workers and
 * shards may share a cache folder and an interrupted run never leaves a torn
 * entry. Entries are never updated in place; delete the folder to reclaim
 * space (entries of old versions are simply no longer read). The grouping of copies of a
 * whole run is kept beside the entries, in `DIR/groups/` (pipeline/duplicates.ts).
 */
import { createHash } from "node:crypto"
import * as fs from "node:fs"
import * as path from "node:path"
import * as v8 from "node:v8"
import { threadId } from "node:worker_threads"
import type { EncodedFile } from "./batch.ts"
import type { FlowOptions } from "./flow.ts"
import { newsprepVersion } from "./manifest.ts"
import { projectRoot } from "../bin/bundle.mjs"

/** Everything whose change can change a document's rows (the whole pipeline folder, to be safe). */
const codeRoots = ["stages", "data", "pipeline", "package.json"]

const listFiles = (target: string): Array<string> => {
  if (!fs.existsSync(target)) return []
  if (!fs.statSync(target).isDirectory()) return [target]
  return fs.readdirSync(target).sort().flatMap((name) => listFiles(path.join(target, name)))
}

/** Hash of the newsprep version and the source of every stage, rule file and flow step. */
export const codeFingerprint = (): string => {
  const hash = createHash("sha256").update(newsprepVersion)
  for (const file of codeRoots.flatMap((root) => listFiles(path.join(projectRoot, root)))) {
    hash.update(path.relative(projectRoot, file)).update("\0").update(fs.readFileSync(file))
  }
  return hash.digest("hex")
}

/** JSON that keeps Maps, Sets and RegExps, with object keys in a fixed order. */
const stableJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) => {
    if (v instanceof Map) return { map: [...v.entries()] }
    if (v instanceof Set) return { set: [...v] }
    if (v instanceof RegExp) return { regexp: v.toString() }
    if (v !== null && typeof v === "object" && !Array.isArray(v) && !ArrayBuffer.isView(v)) {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]]))
    }
    return v
  })

/** The fingerprint every cache key includes: code and options. */
export const cacheFingerprint = (flow: FlowOptions, extra: Readonly<Record<string, unknown>> = {}): string =>
  createHash("sha256").update(codeFingerprint()).update(stableJson(flow)).update(stableJson(extra)).digest("hex")

export interface DocumentCache {
  readonly get: (sourcePath: string, sourceSha256: string) => EncodedFile | undefined
  readonly set: (sourcePath: string, sourceSha256: string, results: EncodedFile) => void
}

export const openCache = (directory: string, fingerprint: string): DocumentCache => {
  const entryPath = (sourcePath: string, sourceSha256: string) => {
    const key = createHash("sha256").update(`${fingerprint}\0${sourcePath}\0${sourceSha256}`).digest("hex")
    return path.join(directory, key.slice(0, 2), `${key}.v8`)
  }
  return {
    get: (sourcePath, sourceSha256) => {
      let bytes: Buffer
      try {
        bytes = fs.readFileSync(entryPath(sourcePath, sourceSha256))
      } catch {
        return undefined
      }
      try {
        return v8.deserialize(bytes) as EncodedFile
      } catch {
        return undefined // a foreign or damaged file is a miss, and gets rewritten
      }
    },
    set: (sourcePath, sourceSha256, results) => {
      const target = entryPath(sourcePath, sourceSha256)
      fs.mkdirSync(path.dirname(target), { recursive: true })
      const temp = `${target}.tmp-${process.pid}-${threadId}`
      fs.writeFileSync(temp, v8.serialize(results))
      fs.renameSync(temp, target)
    }
  }
}
