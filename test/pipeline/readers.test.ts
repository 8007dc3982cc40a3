/**
 * Real readers load the outputs with the right types: DuckDB (CSV and
 * Parquet) and polars (Arrow IPC, CSV and Parquet) read every table of a run
 * on raw/; row counts, column types (dates as dates, integers as integers,
 * authors as a list) and the first and last rows' values must match the
 * schema and an independent CSV parse. Also: datapackage.json's keys hold in
 * the data, and Parquet output is byte-identical on rerun.
 *
 * The readers are not in package-lock.json (their native builds are large and
 * platform-specific); .ci/run installs them with `npm install --no-save`.
 * Without them these tests skip with a message, except on CI (CI=true), where
 * a missing reader fails the run.
 */
import { runOn } from "./support.ts"
import { assert, describe, it } from "@effect/vitest"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import Papa from "papaparse"
import { beforeAll } from "vitest"
import { dataPackage } from "../../pipeline/datapackage.ts"
import { type Column, columnNames, type TableSpec, tables } from "../../pipeline/schema.ts"
import { csvListSeparator, type WrittenFile } from "../../pipeline/sinks.ts"

const RAW = path.resolve(import.meta.dirname, "../../raw")
const allTables: ReadonlyArray<TableSpec> = Object.values(tables)
const INSTALL = "npm install --no-save @duckdb/node-api nodejs-polars nodejs-polars-linux-x64-gnu"

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Module = any
const load = async (name: string): Promise<Module | undefined> => {
  try {
    const mod = await import(/* @vite-ignore */ name)
    if (name === "nodejs-polars") (mod.default ?? mod).DataFrame({ probe: [1] }) // the native binary loads lazily
    return mod
  } catch (error) {
    const message = `readers: ${name} is not installed or does not load (${String(error).split("\n")[0]}); install it with: ${INSTALL}`
    if (process.env["CI"] === "true") throw new Error(message)
    console.warn(`${message}. Skipping its tests.`)
    return undefined
  }
}
const duckdbModule = await load("@duckdb/node-api")
const polarsModule = await load("nodejs-polars")
const polars = polarsModule === undefined ? undefined : polarsModule.default ?? polarsModule

const run = (output: string) => runOn(RAW, output, { formats: ["csv", "arrow", "parquet"] })

type Value = string | number | boolean | null | ReadonlyArray<Value>

/** A value as the schema defines it, from whatever a reader hands back. */
const normalise = (value: unknown): Value => {
  if (value === undefined || value === null) return null
  if (value instanceof Date) return value.toISOString().slice(0, 10)
  if (typeof value === "bigint") return Number(value)
  if (Array.isArray(value)) return value.map(normalise)
  if (typeof value === "object" && "toArray" in value) return normalise(Array.from((value as { toArray: () => Iterable<unknown> }).toArray()))
  return value as Value
}

/** Reference rows: the CSV file through papaparse, typed by the schema. */
const referenceRows = (file: string, table: TableSpec): Array<Record<string, Value>> => {
  const parsed = Papa.parse<Record<string, string>>(fs.readFileSync(file, "utf8"), { header: true, skipEmptyLines: true })
  const typed = (c: Column, raw: string): Value =>
    c.type === "string_list" ? (raw === "" ? [] : raw.split(csvListSeparator))
    : raw === "" && c.nullable ? null
    : c.type === "int" || c.type === "float" ? Number(raw)
    : c.type === "bool" ? raw === "true"
    : raw
  return parsed.data.map((row) => Object.fromEntries(columnNames(table).map((n) => [n, typed(table.columns[n]!, row[n]!)])))
}

const approxEqual = (actual: Value, expected: Value, where: string) => {
  // DuckDB's JSON rows give BIGINT as a string (its type is checked separately).
  if (typeof expected === "number" && typeof actual === "string") actual = Number(actual)
  if (typeof actual === "number" && typeof expected === "number") assert.approximately(actual, expected, 1e-9, where)
  else assert.deepStrictEqual(actual, expected, where)
}

/** Compares the first and last rows on the columns a reader typed as the schema says. */
const assertSameRows = (rows: ReadonlyArray<Record<string, unknown>>, reference: ReadonlyArray<Record<string, Value>>, columns: ReadonlyArray<string>, where: string) => {
  assert.strictEqual(rows.length, reference.length, `${where}: row count`)
  for (const i of new Set(reference.length === 0 ? [] : [0, reference.length - 1])) {
    for (const c of columns) approxEqual(normalise(rows[i]![c]), reference[i]![c]!, `${where} row ${i} column ${c}`)
  }
}

const hasValues = (reference: ReadonlyArray<Record<string, Value>>, column: string) => reference.some((r) => r[column] !== null)

const duckdbTypes = { string: "VARCHAR", int: "INTEGER", float: "DOUBLE", bool: "BOOLEAN", date: "DATE", string_list: "VARCHAR[]" } as const
const duckdbCsvTypes = { ...duckdbTypes, int: "BIGINT", string_list: "VARCHAR" } as const
const polarsTypes = { string: "String", int: "Int32", float: "Float64", bool: "Bool", date: "Date", string_list: "List(DataType(String))" } as const
const polarsCsvTypes = { ...polarsTypes, int: "Int64", string_list: "String" } as const
/** CSV has no types: a sniffer may read a time-of-day string column as a time. */
const csvStringTypes = new Set(["VARCHAR", "TIME", "String", "Time"])

describe("outputs in real readers", () => {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "newsprep-readers-"))
  const rerun = fs.mkdtempSync(path.join(os.tmpdir(), "newsprep-readers2-"))
  let files: ReadonlyArray<WrittenFile> = []
  const reference: Record<string, Array<Record<string, Value>>> = {}
  const rowCount = (table: string) => files.find((f) => f.file.endsWith(`${table}.parquet`))!.rows

  beforeAll(async () => {
    files = (await run(out)).files
    await run(rerun)
    for (const table of allTables) reference[table.name] = referenceRows(path.join(out, `${table.name}.csv`), table)
  })

  it("writes Parquet byte-identically on rerun, and datapackage.json lists every CSV table", () => {
    for (const table of allTables) {
      assert.deepStrictEqual(fs.readFileSync(path.join(out, `${table.name}.parquet`)), fs.readFileSync(path.join(rerun, `${table.name}.parquet`)))
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(out, "datapackage.json"), "utf8"))
    assert.deepStrictEqual(pkg, JSON.parse(JSON.stringify(dataPackage(files))))
    for (const resource of pkg.resources) {
      const header = fs.readFileSync(path.join(out, resource.path), "utf8").split("\n")[0]!.split(",")
      assert.deepStrictEqual(resource.schema.fields.map((f: { name: string }) => f.name), header)
    }
  })

  describe.skipIf(duckdbModule === undefined)("DuckDB", () => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    let connection: any
    const query = async (sql: string): Promise<Array<Record<string, unknown>>> => (await connection.runAndReadAll(sql)).getRowObjectsJson()
    const describeTypes = async (from: string) =>
      Object.fromEntries((await query(`DESCRIBE SELECT * FROM ${from}`)).map((r) => [r["column_name"], r["column_type"]]))

    beforeAll(async () => {
      connection = await (await duckdbModule.DuckDBInstance.create(":memory:")).connect()
    })

    it("reads every Parquet table with its exact types, values and column descriptions", async () => {
      for (const table of allTables) {
        const file = `'${path.join(out, `${table.name}.parquet`)}'`
        const types = await describeTypes(file)
        for (const n of columnNames(table)) assert.strictEqual(types[n], duckdbTypes[table.columns[n]!.type], `${table.name}.${n}`)
        assertSameRows(await query(`SELECT * FROM ${file}`), reference[table.name]!, columnNames(table), `duckdb parquet ${table.name}`)
        const [described] = await query(`SELECT decode(value) AS v FROM parquet_kv_metadata(${file}) WHERE decode(key) = 'newsprep.table'`)
        const columns = JSON.parse(String(described!["v"])).columns as Array<{ name: string; description: string }>
        for (const n of columnNames(table)) assert.strictEqual(columns.find((c) => c.name === n)!.description, table.columns[n]!.description)
        const codecs = await query(`SELECT DISTINCT compression FROM parquet_metadata(${file})`)
        if (rowCount(table.name) > 0) assert.deepStrictEqual(codecs.map((r) => r["compression"]), ["ZSTD"])
      }
    })

    it("reads every CSV table with dates as dates, integers as integers and authors splittable into a list", async () => {
      for (const table of allTables) {
        const file = `read_csv('${path.join(out, `${table.name}.csv`)}')`
        const types = await describeTypes(file)
        const typed = columnNames(table).filter((n) => table.columns[n]!.type !== "string" && hasValues(reference[table.name]!, n))
        for (const n of typed) assert.strictEqual(types[n], duckdbCsvTypes[table.columns[n]!.type], `${table.name}.${n}`)
        for (const n of columnNames(table).filter((n) => table.columns[n]!.type === "string")) assert.isTrue(csvStringTypes.has(types[n]), `${table.name}.${n}: ${types[n]}`)
        const stringColumns = columnNames(table).filter((n) => types[n] === "VARCHAR" && table.columns[n]!.type === "string")
        assertSameRows(await query(`SELECT * FROM ${file}`), reference[table.name]!, [...typed.filter((n) => table.columns[n]!.type !== "string_list"), ...stringColumns], `duckdb csv ${table.name}`)
      }
      const authors = await query(`SELECT string_split(authors, '${csvListSeparator}') AS authors FROM read_csv('${path.join(out, "documents.csv")}') WHERE authors <> ''`)
      const expected = reference["documents"]!.map((r) => r["authors"]).filter((a) => (a as ReadonlyArray<string>).length > 0)
      assert.deepStrictEqual(authors.map((r) => r["authors"]), expected)
    })

    it("finds datapackage.json's primary keys unique and its foreign keys satisfied", async () => {
      const pkg = dataPackage(files)
      for (const resource of pkg.resources) {
        const from = `'${path.join(out, `${resource.name}.parquet`)}'`
        const key = resource.schema.primaryKey.join(", ")
        const duplicates = await query(`SELECT ${key}, count(*) AS n FROM ${from} GROUP BY ${key} HAVING count(*) > 1`)
        assert.deepStrictEqual(duplicates, [], `${resource.name} primary key (${key})`)
        for (const fk of resource.schema.foreignKeys ?? []) {
          const parent = `'${path.join(out, `${fk.reference.resource}.parquet`)}'`
          const on = fk.fields.map((f, i) => `c.${f} = p.${fk.reference.fields[i]}`).join(" AND ")
          const orphans = await query(`SELECT count(*) AS n FROM ${from} c ANTI JOIN ${parent} p ON ${on}`)
          assert.strictEqual(Number(orphans[0]!["n"]), 0, `${resource.name} → ${fk.reference.resource}`)
        }
      }
    })
  })

  describe.skipIf(polars === undefined)("polars", () => {
    const dtypes = (df: Module): Record<string, string> =>
      Object.fromEntries(Object.entries(df.schema as Record<string, unknown>).map(([k, v]) => [k, String(v).replace(/^DataType\((.*)\)$/, "$1")]))

    it("reads every table from Arrow IPC and Parquet with exact types and values", () => {
      for (const table of allTables) {
        for (const [format, df] of [
          ["arrow", polars.readIPC(fs.readFileSync(path.join(out, `${table.name}.arrow`)))],
          ["parquet", polars.readParquet(path.join(out, `${table.name}.parquet`))]
        ] as const) {
          const types = dtypes(df)
          for (const n of columnNames(table)) assert.strictEqual(types[n], polarsTypes[table.columns[n]!.type], `${format} ${table.name}.${n}`)
          assertSameRows(df.toRecords(), reference[table.name]!, columnNames(table), `polars ${format} ${table.name}`)
        }
      }
    })

    it("reads every CSV table with try_parse_dates: dates as dates, integers as integers", () => {
      for (const table of allTables) {
        const df = polars.readCSV(path.join(out, `${table.name}.csv`), { tryParseDates: true })
        const types = dtypes(df)
        const typed = columnNames(table).filter((n) => table.columns[n]!.type !== "string" && hasValues(reference[table.name]!, n))
        for (const n of typed) assert.strictEqual(types[n], polarsCsvTypes[table.columns[n]!.type], `${table.name}.${n}`)
        for (const n of columnNames(table).filter((n) => table.columns[n]!.type === "string")) assert.isTrue(csvStringTypes.has(types[n]!), `${table.name}.${n}: ${types[n]}`)
        assert.strictEqual(df.height, rowCount(table.name))
        if (df.height > 0) {
          const compared = typed.filter((n) => table.columns[n]!.type !== "string_list")
          assertSameRows(df.select(...compared).toRecords(), reference[table.name]!, compared, `polars csv ${table.name}`)
        }
      }
      const documents = polars.readCSV(path.join(out, "documents.csv"))
      const authors = documents.select(polars.col("authors").str.split(csvListSeparator)).getColumn("authors").toArray().map(normalise)
      // An unsigned document's empty field reads as null: no authors.
      assert.deepStrictEqual(authors.map((a: Value) => a ?? []), reference["documents"]!.map((r) => r["authors"]))
    })
  })
})
