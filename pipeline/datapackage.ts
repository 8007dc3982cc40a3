/**
 * datapackage.json: a Frictionless Data Package (v2) describing the CSV tables
 * beside it, so that tools that read data packages load them typed: field
 * types, descriptions, required fields, primary keys and the foreign keys from
 * sentences and removals to documents. Everything derives from
 * pipeline/schema.ts; file sizes, hashes and row counts come from the run's
 * written files. Nothing depends on the clock, so reruns give the same file.
 */
import { Effect } from "effect"
import * as fs from "node:fs"
import * as path from "node:path"
import { newsprepVersion } from "./manifest.ts"
import { OutputError } from "./run.ts"
import { type Column, columnNames, type TableSpec, tables } from "./schema.ts"
import { csvListSeparator, type WrittenFile } from "./sinks.ts"

const profiles = {
  package: "https://datapackage.org/profiles/2.0/datapackage.json",
  resource: "https://datapackage.org/profiles/2.0/dataresource.json",
  tableSchema: "https://datapackage.org/profiles/2.0/tableschema.json",
  dialect: "https://datapackage.org/profiles/2.0/tabledialect.json"
} as const

/** A Table Schema field; `list` is Table Schema v2's delimited list type (authors). */
const field = (name: string, column: Column) => {
  const typed = column.type === "string" ? { type: "string" }
    : column.type === "int" ? { type: "integer" }
    : column.type === "float" ? { type: "number" }
    : column.type === "bool" ? { type: "boolean" }
    : column.type === "date" ? { type: "date", format: "default" }
    : { type: "list", delimiter: csvListSeparator, itemType: "string" }
  const listNote = column.type === "string_list"
    ? ` Items are joined with '${csvListSeparator}'; an empty list is an empty field.`
    : ""
  return {
    name,
    ...typed,
    description: column.description + listNote,
    ...(column.nullable ? {} : { constraints: { required: true } })
  }
}

export const tableSchema = (table: TableSpec) => ({
  $schema: profiles.tableSchema,
  fields: columnNames(table).map((n) => field(n, table.columns[n]!)),
  missingValues: [""],
  primaryKey: table.primaryKey,
  ...(table.foreignKeys.length === 0 ? {} : {
    foreignKeys: table.foreignKeys.map((k) => ({
      fields: k.columns,
      reference: { resource: k.table, fields: k.references }
    }))
  })
})

/** The data package for the CSV files among `files`; tables without a CSV file are left out. */
export const dataPackage = (files: ReadonlyArray<WrittenFile>) => ({
  $schema: profiles.package,
  name: "newsprep-tables",
  title: "newsprep output tables",
  description: "Clean articles, their sentences with provenance, the spans removed from them, and the inputs that were rejected.",
  version: newsprepVersion,
  resources: Object.values(tables).flatMap((table) => {
    const written = files.find((f) => path.basename(f.file) === `${table.name}.csv`)
    if (written === undefined) return []
    return [{
      $schema: profiles.resource,
      name: table.name,
      path: `${table.name}.csv`,
      type: "table",
      description: `${table.grain[0]!.toUpperCase()}${table.grain.slice(1)}.`,
      format: "csv",
      mediatype: "text/csv",
      encoding: "utf-8",
      bytes: written.bytes,
      hash: `sha256:${written.sha256}`,
      dialect: { $schema: profiles.dialect, delimiter: ",", lineTerminator: "\n", quoteChar: "\"", header: true },
      schema: tableSchema(table)
    }]
  })
})

/** Writes datapackage.json into the output folder when CSV tables were written. */
export const writeDataPackage = (output: string, files: ReadonlyArray<WrittenFile>): Effect.Effect<void, OutputError> =>
  Effect.try({
    try: () => {
      const pkg = dataPackage(files)
      if (pkg.resources.length === 0) return
      const target = path.join(output, "datapackage.json")
      const temp = `${target}.tmp-${process.pid}`
      fs.writeFileSync(temp, JSON.stringify(pkg, null, 2) + "\n")
      fs.renameSync(temp, target)
    },
    catch: (e) => new OutputError({ message: `Cannot write datapackage.json: ${e instanceof Error ? e.message : String(e)}` })
  })
