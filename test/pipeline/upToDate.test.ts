/**
 * A rerun over unchanged inputs into the same folder does nothing (pipeline/upToDate.ts), and
 * anything that could change the tables, or has changed them since, makes it run again.
 */
import { runOn } from "./support.ts"
import { assert, describe, it } from "@effect/vitest"
import { createHash } from "node:crypto"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import { generateArticle } from "../../scripts/corpus.ts"
import { makeFlowOptions } from "../../pipeline/defaults.ts"
import type { RunOptions } from "../../pipeline/run.ts"

const root = fs.mkdtempSync(path.join(os.tmpdir(), "newsprep-uptodate-"))
const input = path.join(root, "in")
const output = path.join(root, "out")
fs.mkdirSync(input)
for (let i = 0; i < 12; i++) fs.writeFileSync(path.join(input, `a${i}.txt`), generateArticle(i).text)
fs.writeFileSync(path.join(input, "empty.txt"), "")

const run = (extra: Partial<RunOptions> = {}) => runOn(input, output, { skipWhenUpToDate: true, ...extra })
const sha256 = (file: string) => createHash("sha256").update(fs.readFileSync(path.join(output, file))).digest("hex")
/** Hash of every table file. */
const tables = () => Object.fromEntries(fs.readdirSync(output).filter((f) => /\.(csv|arrow)$/.test(f)).map((f) => [f, sha256(f)]))
const modified = () => Object.fromEntries(fs.readdirSync(output).map((f) => [f, fs.statSync(path.join(output, f)).mtimeMs]))

describe("up-to-date check", () => {
  it("skips a rerun over the same inputs, code and options, and reruns when any of them or a table changed", async () => {
    const first = await run()
    assert.isFalse(first.upToDate)
    const written = tables()
    assert.strictEqual(Object.keys(written).length, 8)
    const times = modified()

    const again = await run()
    assert.isTrue(again.upToDate)
    assert.deepStrictEqual(modified(), times) // nothing was written, not even the manifest
    assert.deepStrictEqual([again.inputs, again.documents, again.rejects], [first.inputs, first.documents, first.rejects])
    assert.deepStrictEqual(again.files.map((f) => f.sha256), first.files.map((f) => f.sha256))

    // Asked to run anyway: it does, with the same bytes.
    assert.isFalse((await runOn(input, output)).upToDate)
    assert.deepStrictEqual(tables(), written)

    // Another option that changes the tables.
    assert.isFalse((await run({ flow: makeFlowOptions({ referenceDate: "2026-01-01" }) })).upToDate)
    await run() // back to the first options
    assert.isTrue((await run()).upToDate)

    // A table damaged or edited since (same size): written again, as it was.
    const sentences = path.join(output, "sentences.csv")
    const text = fs.readFileSync(sentences)
    text[text.length - 2] = text[text.length - 2] === 0x41 ? 0x42 : 0x41
    fs.writeFileSync(sentences, text)
    assert.isFalse((await run()).upToDate)
    assert.deepStrictEqual(tables(), written)

    // A deleted report, a report older than the manifest (a run killed in between), a changed
    // input, an added input.
    fs.rmSync(path.join(output, "report.html"))
    assert.isFalse((await run()).upToDate)
    const manifestTime = fs.statSync(path.join(output, "manifest.json")).mtime
    fs.utimesSync(path.join(output, "report.html"), new Date(manifestTime.getTime() - 60_000), new Date(manifestTime.getTime() - 60_000))
    assert.isFalse((await run()).upToDate)
    fs.appendFileSync(path.join(input, "a3.txt"), "\n\nA paragraph added after the first run.\n")
    assert.isFalse((await run()).upToDate)
    assert.isTrue((await run()).upToDate)
    fs.writeFileSync(path.join(input, "a99.txt"), generateArticle(99).text)
    const added = await run()
    assert.isFalse(added.upToDate)
    assert.strictEqual(added.inputs, first.inputs + 1)
  }, 120_000)
})
