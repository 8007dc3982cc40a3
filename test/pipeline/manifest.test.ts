/**
 * manifest.json is written from the on-disk input log one line per input, and read back
 * without holding the inputs (pipeline/manifest.ts); JSON parsers see one ordinary document.
 */
import { assert, describe, it } from "@effect/vitest"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import type { InputStatus } from "../../pipeline/batch.ts"
import { InputLog, type Manifest, readManifest, readManifestInputs, writeManifestFile } from "../../pipeline/manifest.ts"

const manifest: Omit<Manifest, "tables"> = {
  newsprep_version: "0.0.0",
  options: { formats: ["csv"], note: '  ],\n  "inputs": [' },
  run_key: "abc",
  row_counts: { documents: 2 },
  outputs: [{ file: "documents.csv", rows: 2, bytes: 10, sha256: "00" }],
  counters: { documents_in: 3 },
  stage_milliseconds: { decode: 1 }
}

// Paths a scraper really produces, and some it should not: quotes, line breaks, "  ]", non-Latin text.
const records: Array<InputStatus> = [
  { source_path: "a.txt", source_sha256: "11", status: "document" },
  { source_path: 'odd "quoted"\n  ],\u2028name.txt', source_sha256: "22", status: "reject" },
  { source_path: "ур/دو/文.txt", source_sha256: "", status: "document" }
]

const folder = () => fs.mkdtempSync(path.join(os.tmpdir(), "newsprep-manifest-"))

const writeWith = (inputs: ReadonlyArray<InputStatus>) => {
  const dir = folder()
  const log = new InputLog(dir)
  for (const record of inputs) log.append(record)
  writeManifestFile(dir, manifest, log.lines())
  log.close()
  return { dir, file: path.join(dir, "manifest.json"), count: log.count }
}

describe("manifest.json", () => {
  it("lists every input in order, one line each, in a document any JSON parser reads", () => {
    const { dir, file, count } = writeWith(records)
    assert.strictEqual(count, 3)
    const parsed = JSON.parse(fs.readFileSync(file, "utf8"))
    assert.deepStrictEqual(parsed.inputs, records)
    assert.deepStrictEqual(Object.keys(parsed), ["newsprep_version", "options", "run_key", "row_counts", "outputs", "counters", "stage_milliseconds", "inputs", "tables"])
    assert.deepStrictEqual(parsed.options, manifest.options)
    assert.deepStrictEqual(fs.readdirSync(dir), ["manifest.json"]) // the input log is gone, no temporary file is left
  })

  it("is read back without its inputs, and its inputs one by one", () => {
    const { file } = writeWith(records)
    const { tables, ...rest } = readManifest(file)
    assert.deepStrictEqual(rest, manifest)
    assert.isArray(tables)
    assert.deepStrictEqual([...readManifestInputs(file)], records)
  })

  it("writes and reads an empty input list", () => {
    const { file } = writeWith([])
    assert.deepStrictEqual(JSON.parse(fs.readFileSync(file, "utf8")).inputs, [])
    assert.strictEqual(readManifest(file).run_key, "abc")
    assert.deepStrictEqual([...readManifestInputs(file)], [])
  })

  it("refuses an input list not written one input per line", () => {
    const { file } = writeWith(records)
    const multiLine = JSON.stringify({ ...JSON.parse(fs.readFileSync(file, "utf8")) }, null, 2) // as older versions wrote it
    fs.writeFileSync(file, multiLine)
    assert.strictEqual(readManifest(file).run_key, "abc")
    assert.throws(() => [...readManifestInputs(file)], /one input per line/)
  })

  it("reads inputs across its read chunks (1 MiB) and multi-byte characters split by them", () => {
    const many = Array.from({ length: 20_000 }, (_, i): InputStatus => ({
      source_path: `${"ш".repeat(i % 7)}/${i}.txt`, source_sha256: i.toString(16).padStart(64, "0"), status: i % 9 === 0 ? "reject" : "document"
    }))
    const { file } = writeWith(many)
    assert.isAbove(fs.statSync(file).size, 2 * 1024 * 1024)
    assert.deepStrictEqual([...readManifestInputs(file)], many)
  })
})
