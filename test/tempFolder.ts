/**
 * Vitest global setup: the tests' temporary folders (fs.mkdtempSync under os.tmpdir(), and the
 * folders of pipeline runs they start) go into one folder per test run, deleted when the run
 * ends. Before, every `npm test` left ~150 MB in /tmp.
 */
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"

export default function setup(): () => void {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), "newsprep-tests-"))
  // Read by os.tmpdir() in the test processes started after this (TMPDIR on POSIX, TEMP and TMP on Windows).
  for (const name of ["TMPDIR", "TEMP", "TMP"]) process.env[name] = folder
  return () => fs.rmSync(folder, { recursive: true, force: true })
}
