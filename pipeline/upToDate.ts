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
import type { InputFile } from "./inputs.ts"
import type { WrittenFile } from "./sinks.ts"

/** What the manifest records that this check reads (pipeline/manifest.ts writes it). */
interface RecordedRun {
  readonly run_key?: unknown
  readonly inputs?: ReadonlyArray<{ readonly source_path: string; readonly source_sha256: string; readonly status: string }>
  readonly outputs?: ReadonlyArray<{ readonly file: string; readonly rows: number; readonly bytes: number; readonly sha256: string }>
  readonly counters?: { readonly rejects_by_reason?: Readonly<Record<string, number>> }
}

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

const readRecordedRun = (output: string): RecordedRun | undefined => {
  try {
    return JSON.parse(fs.readFileSync(path.join(output, "manifest.json"), "utf8")) as RecordedRun
  } catch {
    return undefined
  }
}

/** The tables `output` already holds for this run key and these inputs, or undefined when the run must go ahead. */
export const upToDate = (output: string, runKey: string, inputs: ReadonlyArray<InputFile>): UpToDate | undefined => {
  const recorded = readRecordedRun(output)
  if (recorded?.run_key !== runKey || recorded.inputs === undefined || recorded.outputs === undefined) return undefined
  const failed = recorded.counters?.rejects_by_reason?.["error"] ?? 0
  if (failed > 0 || recorded.inputs.length !== inputs.length) return undefined
  if (recorded.inputs.some((input, i) => input.source_path !== inputs[i]!.sourcePath || input.source_sha256 === "")) return undefined
  if (!companions.every((name) => writtenAfter(path.join(output, name), path.join(output, "manifest.json")))) return undefined

  const chunk = Buffer.allocUnsafe(CHUNK)
  let bytes = 0
  for (const [i, input] of inputs.entries()) {
    let sha: string
    try {
      sha = fileSha256(input.absolutePath, chunk)
    } catch {
      return undefined
    }
    if (sha !== recorded.inputs[i]!.source_sha256) return undefined
    bytes += input.size
  }
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
  const rejects = recorded.inputs.filter((input) => input.status !== "document").length
  return { inputs: inputs.length, documents: inputs.length - rejects, rejects, bytes, files }
}
