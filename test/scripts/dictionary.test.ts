/**
 * docs/data-dictionary.md is generated from pipeline/schema.ts; this test
 * fails when the committed file no longer matches the schema source.
 */
import { assert, describe, it } from "@effect/vitest"
import * as fs from "node:fs"
import { columnNames, tables } from "../../pipeline/schema.ts"
import { dictionaryPath, renderDictionary } from "../../scripts/dictionary.ts"

describe("data dictionary", () => {
  it("is up to date with pipeline/schema.ts (regenerate: npx tsx scripts/dictionary.ts)", () => {
    assert.strictEqual(fs.readFileSync(dictionaryPath, "utf8"), renderDictionary())
  })

  it("lists every column of every table with its description", () => {
    const text = renderDictionary()
    for (const table of Object.values(tables)) {
      assert.include(text, `## ${table.name}\n`)
      for (const name of columnNames(table)) assert.include(text, `| \`${name}\` |`)
    }
    assert.include(text, "Primary key: `doc_id` + `sentence_index`.")
    assert.include(text, "Foreign key: `doc_id` → `documents`.`doc_id`.")
  })
})
