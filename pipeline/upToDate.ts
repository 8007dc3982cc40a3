/**
 * Whether an output folder already holds what a run would write, as `make` asks
 * before rebuilding: a scheduled rerun over unchanged inputs then costs one
 * read of the inputs and the tables instead of a whole run.
 *
 * The folder is up to date when its manifest.json
 * - carries the same run key (newsprep's code, the flow options and every
 *   setting recorded in the manifest: pipeline/cache.ts `cacheFingerprint`),
 * - lists the same input paths, in order, with the same SHA-256 as the bytes
 *   on disk now, and no input that failed to read or process,
 * - lists output files that are all still there with the size and SHA-256 it
 *   recorded (a table edited or damaged since is written again), and the run
 *   finished: the data package and the report were written after it.
 * Anything missing, unreadable or different means "not up to date": the run
 * goes ahead as usual.
 */
import { createHash } from "node:crypto"
import * as fs from "node:fs"
import * as path from "node:path"
import type { InputList } from "./inputs.ts"
import { type Manifest, readManifest, readManifestInputs } from "./manifest.ts"
import type { WrittenFile } from "./sinks.ts"

export interface UpToDate {
  readonly inputs: number
  readonly documents: number
  readonly rejects: number
  readonly bytes: number
  readonly files: ReadonlyArray<WrittenFile>
}

/** Files a run writes after the manifest, which must be there and newer (a run killed before them leaves old ones). */
const companions = ["datapackage.json", "report.html"]

const writtenAfter = (file: string, manifest: string): boolean => {
  try {
    return fs.statSync(file).mtimeMs >= fs.statSync(manifest).mtimeMs
  } catch {
    return false
  }
}

const CHUNK = 4 * 1024 * 1024

/** SHA-256 of a file read in chunks (tables can be far larger than memory should hold). */
const fileSha256 = (file: string, chunk: Buffer): string => {
  const hash = createHash("sha256")
  const fd = fs.openSync(file, "r")
  try {
    for (let n = fs.readSync(fd, chunk); n > 0; n = fs.readSync(fd, chunk)) hash.update(chunk.subarray(0, n))
  } finally {
    fs.closeSync(fd)
  }
  return hash.digest("hex")
}

const readRecordedRun = (file: string): Manifest | undefined => {
  try {
    return readManifest(file)
  } catch {
    return undefined
  }
}

/** The tables `output` already holds for this run key and these inputs, or undefined when the run must go ahead. */
export const upToDate = (output: string, runKey: string, inputs: InputList): UpToDate | undefined => {
  const manifest = path.join(output, "manifest.json")
  const recorded = readRecordedRun(manifest)
  if (recorded?.run_key !== runKey || !Array.isArray(recorded.outputs)) return undefined
  const failed = (recorded.counters["rejects_by_reason"] as Readonly<Record<string, number>> | undefined)?.["error"] ?? 0
  if (failed > 0) return undefined
  if (!companions.every((name) => writtenAfter(path.join(output, name), manifest))) return undefined

  const chunk = Buffer.allocUnsafe(CHUNK)
  let bytes = 0
  let count = 0
  let rejects = 0
  try {
    for (const input of readManifestInputs(manifest)) {
      if (count === inputs.length) return undefined
      const current = inputs.at(count++)
      if (input.source_path !== current.sourcePath || input.source_sha256 === "") return undefined
      if (fileSha256(current.absolutePath, chunk) !== input.source_sha256) return undefined
      bytes += current.size
      if (input.status !== "document") rejects++
    }
  } catch {
    return undefined // an input or the manifest could not be read
  }
  if (count !== inputs.length) return undefined
  const files: Array<WrittenFile> = []
  for (const written of recorded.outputs) {
    const file = path.join(output, written.file)
    try {
      if (fs.statSync(file).size !== written.bytes || fileSha256(file, chunk) !== written.sha256) return undefined
    } catch {
      return undefined
    }
    files.push({ file, sha256: written.sha256, bytes: written.bytes, rows: written.rows })
  }
  return { inputs: inputs.length, documents: inputs.length - rejects, rejects, bytes, files }
}
