/**
 * End to end on raw/: the tables exist with the documented columns, every
 * input is accounted for, provenance holds, reruns are byte-identical, and
 * the files read back with apache-arrow and an independent CSV parser.
 */
import { normaliseForComparison } from "../../pipeline/invariants.ts"
import { runOn } from "./support.ts"
import { assert, describe, it } from "@effect/vitest"
import { tableFromIPC } from "apache-arrow"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import Papa from "papaparse"
import { beforeAll } from "vitest"
import { columnNames, tables } from "../../pipeline/schema.ts"

const RAW = path.resolve(import.meta.dirname, "../../raw")

const runOnce = (input: string, output: string) => runOn(input, output)

type CsvRow = Record<string, string>
const readCsv = (file: string): Array<CsvRow> => {
  const parsed = Papa.parse<CsvRow>(fs.readFileSync(file, "utf8"), { header: true, skipEmptyLines: true })
  assert.deepStrictEqual(parsed.errors, [])
  return parsed.data
}
const codePoints = (s: string) => Array.from(s)

describe("pipeline on raw/", () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "newsprep-e2e-"))
  const second = fs.mkdtempSync(path.join(os.tmpdir(), "newsprep-e2e2-"))
  let documents: Array<CsvRow> = []
  let sentences: Array<CsvRow> = []
  let removals: Array<CsvRow> = []
  let rejects: Array<CsvRow> = []
  const byFile = (prefix: string) => documents.find((d) => d["source_path"]!.startsWith(prefix))!

  beforeAll(async () => {
    await runOnce(RAW, out)
    await runOnce(RAW, second)
    documents = readCsv(path.join(out, "documents.csv"))
    sentences = readCsv(path.join(out, "sentences.csv"))
    removals = readCsv(path.join(out, "removals.csv"))
    rejects = readCsv(path.join(out, "rejects.csv"))
  })

  it("writes every table as CSV and Arrow with exactly the schema's columns, plus a manifest", () => {
    for (const table of Object.values(tables)) {
      const header = fs.readFileSync(path.join(out, `${table.name}.csv`), "utf8").split("\n")[0]
      assert.strictEqual(header, columnNames(table).join(","))
      const arrow = tableFromIPC(fs.readFileSync(path.join(out, `${table.name}.arrow`)))
      assert.deepStrictEqual(arrow.schema.fields.map((f) => f.name), [...columnNames(table)])
    }
    const manifest = JSON.parse(fs.readFileSync(path.join(out, "manifest.json"), "utf8"))
    assert.strictEqual(manifest.inputs.length, 5)
    assert.strictEqual(manifest.row_counts.documents, documents.length)
    // Counters count one run, even the second run in this process.
    const secondManifest = JSON.parse(fs.readFileSync(path.join(second, "manifest.json"), "utf8"))
    assert.strictEqual(secondManifest.counters.documents_in, 5)
    assert.strictEqual(manifest.counters.documents_in, 5)
    assert.deepStrictEqual(manifest.tables.map((t: { name: string }) => t.name), Object.keys(tables))
    for (const f of manifest.outputs) assert.match(f.sha256, /^[0-9a-f]{64}$/)
    assert.deepStrictEqual(fs.readdirSync(out).filter((f) => f.includes(".tmp-")), [])
  })

  it("accounts for every input exactly once", () => {
    const inputs = fs.readdirSync(RAW).sort()
    const seen = [...documents.map((d) => d["source_path"]), ...rejects.map((r) => r["source_path"])].sort()
    assert.deepStrictEqual(seen, inputs)
  })

  it("extracts the documented metadata from the samples", () => {
    const expected: Record<string, Record<string, string>> = {
      "000": { title: "", authors: "", outlet: "Daily Times", published_date: "2018-04-25", date_precision: "day", published_time: "", dateline: "", language: "eng" },
      "001": { title: "Moscow-Islamabad ties; its impact on regional stability", authors: "Heart of Asia", published_date: "2018-02-21", date_precision: "day", published_time: "03:35", dateline: "", language: "eng" },
      "002": { title: "The bear rising again?", authors: "Farooq Yousaf", outlet: "", published_date: "", dateline: "", language: "eng" },
      "003": { title: "Islamabad-Moscow Evolving Romance", authors: "", outlet: "", published_date: "", dateline: "", language: "eng" },
      "004": { title: "Why Pakistan Russia need each other?", authors: "Qamar Cheema", outlet: "", published_date: "", dateline: "ISLAMABAD", language: "eng" }
    }
    for (const [file, fields] of Object.entries(expected)) {
      const doc = byFile(file)
      for (const [field, value] of Object.entries(fields)) assert.strictEqual(doc[field], value, `${file}.${field}`)
    }
    assert.include(["", "Heart of Asia"], byFile("001")["outlet"])
  })

  it("removes the furniture of the samples and records each removal", () => {
    const forbidden = [
      "Published in Daily Times", "Read 331 times", "Leave a comment", "Make sure you enter all the required information",
      "Pakistan Region", "By Farooq Yousaf", "The author is a research consultant", "Leave a Reply", "bloggers like this",
      "Image Credits", "Your go-to editorial hub", "Add a Comment", "Your email address will not be published",
      "The writer is a Strategic", "\\\"", "\\’", "\\'"
    ]
    for (const text of [...documents.map((d) => d["text"]!), ...sentences.map((s) => s["text"]!)]) {
      for (const f of forbidden) assert.notInclude(text, f)
    }
    const removed = removals.map((r) => r["text"]!).join("\n")
    for (const f of forbidden.slice(0, 14)) assert.include(removed, f)
    const doc4 = byFile("004")
    assert.notInclude(doc4["text"], "Why Pakistan Russia need each other?")
    assert.strictEqual(doc4["text"]!.split("If Moscow abandons us when its security needs are taken care of").length, 2)
    for (const heading of ["Sergey Lavrov: Moscow’s Kissinger", "US-Indo Convergence of Interest in Asia-Pacific"]) {
      assert.include(byFile("003")["text"], heading)
    }
  })

  it("keeps sentence provenance exact in code points and raw bytes", () => {
    const docs = new Map(documents.map((d) => [d["doc_id"]!, d]))
    assert.isAbove(sentences.length, 50)
    for (const s of sentences) {
      const doc = docs.get(s["doc_id"]!)!
      const text = codePoints(doc["text"]!).slice(Number(s["char_start"]), Number(s["char_end"])).join("")
      assert.strictEqual(text, s["text"])
      const raw = fs.readFileSync(path.join(RAW, doc["source_path"]!))
      const span = raw.subarray(Number(s["source_byte_start"]), Number(s["source_byte_end"])).toString("utf8")
      assert.strictEqual(normaliseForComparison(span), normaliseForComparison(s["text"]!))
    }
    for (const r of removals) {
      const doc = docs.get(r["doc_id"]!)!
      const raw = fs.readFileSync(path.join(RAW, doc["source_path"]!))
      assert.strictEqual(raw.subarray(Number(r["source_byte_start"]), Number(r["source_byte_end"])).toString("utf8"), r["text"])
    }
  })

  it("produces byte-identical tables on a second run", () => {
    for (const table of Object.keys(tables)) {
      for (const ext of ["csv", "arrow"]) {
        const a = fs.readFileSync(path.join(out, `${table}.${ext}`))
        const b = fs.readFileSync(path.join(second, `${table}.${ext}`))
        assert.isTrue(a.equals(b), `${table}.${ext} differs between runs`)
      }
    }
  })

  it("holds the same rows in CSV and Arrow", () => {
    for (const table of Object.values(tables)) {
      const csv = readCsv(path.join(out, `${table.name}.csv`))
      const arrow = tableFromIPC(fs.readFileSync(path.join(out, `${table.name}.arrow`)))
      assert.strictEqual(arrow.numRows, csv.length)
      const rows = arrow.toArray()
      csv.forEach((row, i) => {
        const arrowRow = rows[i]!.toJSON() as Record<string, unknown>
        for (const [name, column] of Object.entries(table.columns)) {
          const value = arrowRow[name]
          const asCsv = value === null || value === undefined ? ""
            : column.type === "string_list" ? [...(value as Iterable<string>)].join("; ")
            : column.type === "date" ? new Date(value as number).toISOString().slice(0, 10)
            : String(value)
          assert.strictEqual(asCsv, row[name], `${table.name}[${i}].${name}`)
        }
      })
    }
  })
})
