/**
 * Lists the input files of a run: every regular file under the input folder,
 * recursively, sorted by its '/'-separated relative path so that runs are
 * deterministic. Hidden files and folders (".name") are skipped, the output
 * folder is never read as input, and symbolic links are followed only when
 * they stay inside the input folder.
 */
import { Effect, Schema } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"

export class InputError extends Schema.TaggedError<InputError>()("InputError", {
  message: Schema.String
}) {}

export interface InputFile {
  readonly sourcePath: string
  readonly absolutePath: string
  readonly size: number
}

/**
 * The sorted inputs of a run, held compactly: a path string and a size per file (about 70
 * bytes for a typical path, against some 190 for an `InputFile`), so that a million inputs fit
 * in the memory budget; `InputFile`s are made for one batch at a time.
 */
export class InputList {
  constructor(
    private readonly root: string,
    private readonly sourcePaths: ReadonlyArray<string>,
    private readonly sizes: Float64Array,
    /** Real paths of the files reached through a symbolic link, by source path. */
    private readonly linkTargets: ReadonlyMap<string, string>,
    private readonly from = 0,
    readonly length = sourcePaths.length
  ) {}

  at(i: number): InputFile {
    const sourcePath = this.sourcePaths[this.from + i]!
    const absolutePath = this.linkTargets.get(sourcePath) ?? path.join(this.root, ...sourcePath.split("/"))
    return { sourcePath, absolutePath, size: this.sizes[this.from + i]! }
  }

  /** Inputs `from` to `to` (exclusive), sharing this list's memory. */
  range(from: number, to: number): InputList {
    return new InputList(this.root, this.sourcePaths, this.sizes, this.linkTargets, this.from + from, Math.max(0, to - from))
  }

  toArray(): Array<InputFile> {
    return Array.from({ length: this.length }, (_, i) => this.at(i))
  }
}

const isInside = (root: string, candidate: string) => {
  const relative = path.relative(root, candidate)
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative))
}

export const listInputs = Effect.fn("listInputs")(function*(inputDir: string, outputDir: string) {
  const root = yield* Effect.try({
    try: () => fs.realpathSync(inputDir),
    catch: () => new InputError({ message: `Input folder ${inputDir} does not exist; pass an existing folder with --input.` })
  })
  if (!fs.statSync(root).isDirectory()) {
    return yield* new InputError({ message: `Input ${inputDir} is not a folder; pass a folder with --input.` })
  }
  const output = path.resolve(outputDir)
  const outputReal = fs.existsSync(output) ? fs.realpathSync(output) : output
  const sourcePaths: Array<string> = []
  const sizes: Array<number> = []
  const linkTargets = new Map<string, string>()
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith(".")) continue
      const absolute = path.join(dir, entry.name)
      let real = absolute
      if (entry.isSymbolicLink()) {
        try {
          real = fs.realpathSync(absolute)
        } catch {
          continue // a dangling link points nowhere
        }
        if (!isInside(root, real)) continue
      }
      const stat = fs.statSync(real)
      if (isInside(outputReal, real)) continue
      if (stat.isDirectory()) {
        if (!entry.isSymbolicLink()) walk(absolute)
      } else if (stat.isFile()) {
        const sourcePath = path.relative(root, absolute).split(path.sep).join("/")
        sourcePaths.push(sourcePath)
        sizes.push(stat.size)
        if (real !== absolute) linkTargets.set(sourcePath, real)
      }
    }
  }
  yield* Effect.try({
    try: () => walk(root),
    catch: (e) => new InputError({ message: `Could not list ${inputDir}: ${String(e)}` })
  })
  const order = Array.from({ length: sourcePaths.length }, (_, i) => i)
    .sort((a, b) => (sourcePaths[a]! < sourcePaths[b]! ? -1 : sourcePaths[a]! > sourcePaths[b]! ? 1 : 0))
  return new InputList(root, order.map((i) => sourcePaths[i]!), Float64Array.from(order, (i) => sizes[i]!), linkTargets)
})

const TEMP_FILE = /\.tmp-(\d+)(?:-\d+)?$/

const isRunning = (pid: number): boolean => {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM"
  }
}

/**
 * Deletes the temporary files ("NAME.tmp-<pid>") that a killed run (SIGKILL,
 * power loss) left in an output folder; files of a run that is still going
 * are left alone. Returns the names it removed.
 */
export const removeStaleTempFiles = (outputDir: string): Array<string> => {
  if (!fs.existsSync(outputDir)) return []
  const stale = fs.readdirSync(outputDir, { withFileTypes: true }).filter((entry) => {
    const pid = TEMP_FILE.exec(entry.name)?.[1]
    return entry.isFile() && pid !== undefined && !isRunning(Number(pid))
  })
  for (const entry of stale) fs.rmSync(path.join(outputDir, entry.name), { force: true })
  return stale.map((entry) => entry.name)
}
