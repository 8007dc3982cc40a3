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
  const files: Array<InputFile> = []
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
        files.push({ sourcePath: path.relative(root, absolute).split(path.sep).join("/"), absolutePath: real, size: stat.size })
      }
    }
  }
  yield* Effect.try({
    try: () => walk(root),
    catch: (e) => new InputError({ message: `Could not list ${inputDir}: ${String(e)}` })
  })
  return files.sort((a, b) => (a.sourcePath < b.sourcePath ? -1 : a.sourcePath > b.sourcePath ? 1 : 0))
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
