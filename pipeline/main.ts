/**
 * The newsprep command line: parses flags, builds the run options, runs the
 * pipeline and turns the outcome into an exit code.
 *
 * Exit codes: 0 the run completed (rejected inputs are listed in rejects);
 * 1 the run could not complete (one line on stderr says why);
 * 2 usage error; 3 --strict and some input was rejected.
 */
import { NodeRuntime, NodeServices } from "@effect/platform-node"
import { Clock, Console, DateTime, Effect, Option } from "effect"
import { CliOutput, Command, Flag } from "effect/cli"
import * as fs from "node:fs"
import * as path from "node:path"
import { defaultLanguageOptions, unsupportedLanguages } from "../stages/language/detect.ts"
import { type Outlet, parseOutletFile } from "../stages/outlets.ts"
import { makeFlowOptions } from "./defaults.ts"
import { newsprepVersion } from "./manifest.ts"
import { runPipeline } from "./run.ts"
import { mergeCommand } from "./merge.ts"
import { DEFAULT_DUPLICATE_THRESHOLD, isValidDuplicateThreshold } from "../stages/duplicates/index.ts"
import { parseShard } from "./shard.ts"
import { type Format, formats } from "./sinks.ts"

const list = (value: string) => value.split(",").map((s) => s.trim()).filter((s) => s !== "")

const flags = {
  input: Flag.String("input").pipe(Flag.withDescription("Folder of raw articles, read recursively"), Flag.withDefault("raw")),
  output: Flag.String("output").pipe(
    Flag.withDescription("Folder the tables, manifest.json, datapackage.json and report.html are written to (default: out)"),
    Flag.withDefault("out")
  ),
  format: Flag.String("format").pipe(
    Flag.withDescription(`Comma-separated output formats among ${formats.join(", ")} (default: csv,arrow; parquet is zstd-compressed)`),
    Flag.withDefault("csv,arrow")
  ),
  referenceDate: Flag.String("reference-date").pipe(
    Flag.withDescription("YYYY-MM-DD; publication dates after it are not accepted (default: today, UTC). Set it for reproducible runs."),
    Flag.optional
  ),
  monthFirst: Flag.Boolean("month-first").pipe(
    Flag.withDescription("Read all-numeric dates such as 03/04/2019 month-first (default: day-first)"),
    Flag.withDefault(false)
  ),
  languages: Flag.String("languages").pipe(
    Flag.withDescription("Comma-separated ISO 639-3 codes the language detector may answer (default: the sources' usual languages)"),
    Flag.optional
  ),
  outlets: Flag.String("outlets").pipe(
    Flag.withDescription("JSON file of extra outlets ([{name, aliases, domains}]) merged into the built-in registry"),
    Flag.optional
  ),
  maxBytes: Flag.Int("max-bytes").pipe(
    Flag.withDescription("Inputs larger than this many bytes are rejected as too_large"),
    Flag.withDefault(64 * 1024 * 1024)
  ),
  workers: Flag.Int("workers").pipe(
    Flag.withDescription("Worker threads (default: one per core, fewer for small inputs; 1 processes in the main thread); the tables are the same for any number"),
    Flag.optional
  ),
  shard: Flag.String("shard").pipe(
    Flag.withDescription("K/N: process only the K-th of N equal parts of the inputs into <output>/parts/K-of-N (see `newsprep merge` and docs/scaling.md)"),
    Flag.optional
  ),
  cache: Flag.String("cache").pipe(
    Flag.withDescription("Folder of the per-document cache for incremental runs (default: .cache/newsprep beside the output folder)"),
    Flag.withDefault("")
  ),
  noCache: Flag.Boolean("no-cache").pipe(Flag.withDescription("Process every input, without reading or writing the cache"), Flag.withDefault(false)),
  duplicateThreshold: Flag.Finite("duplicate-threshold").pipe(
    Flag.withDescription(`Estimated word-shingle Jaccard similarity from which two documents are copies (default ${DEFAULT_DUPLICATE_THRESHOLD})`),
    Flag.withDefault(DEFAULT_DUPLICATE_THRESHOLD)
  ),
  dedupe: Flag.Boolean("dedupe").pipe(
    Flag.withDescription("Keep only one document per group of copies; the others go to rejects with reason duplicate"),
    Flag.withDefault(false)
  ),
  force: Flag.Boolean("force").pipe(
    Flag.withDescription("Run even when the output folder already holds the tables of the same code, options and inputs"),
    Flag.withDefault(false)
  ),
  quiet: Flag.Boolean("quiet").pipe(Flag.withDescription("No progress reports on stderr"), Flag.withDefault(false)),
  strict: Flag.Boolean("strict").pipe(
    Flag.withDescription("Exit with code 3 when any input was rejected (for CI gates)"),
    Flag.withDefault(false)
  )
}

class UsageError extends Error {}

/** A real YYYY-MM-DD calendar date (2026-02-30 is not). */
const isCalendarDate = (text: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) &&
  new Date(`${text}T00:00:00Z`).toISOString().startsWith(text)

/** Parse errors as one line each on stderr instead of the whole help text; --help and --version as usual. */
const oneLineErrors = CliOutput.layerPresenter({
  present: (event) =>
    event._tag === "InvalidInvocation"
      ? Effect.forEach(event.errors, (e) => Console.error(`newsprep: ${e.message}; see ${event.commandPath.join(" ")} --help.`), { discard: true })
      : CliOutput.defaultPresenter.present(event)
})

const fail = (message: string) => Effect.fail(new UsageError(message))

const newsprep = Command.make("newsprep", flags, (f) =>
  Effect.gen(function*() {
    const requested = list(f.format)
    const bad = requested.filter((x) => !formats.includes(x as Format))
    if (requested.length === 0) return yield* fail(`--format is empty; give one or more of ${formats.join(", ")}, e.g. --format csv,parquet.`)
    if (bad.length > 0) return yield* fail(`Unknown format ${bad.join(", ")}; use --format with ${formats.join(", ")}.`)
    const today = DateTime.formatIsoDateUtc(DateTime.makeUnsafe(yield* Clock.currentTimeMillis))
    const referenceDate = Option.getOrElse(f.referenceDate, () => today)
    if (!isCalendarDate(referenceDate)) return yield* fail(`--reference-date ${referenceDate} is not a date; write it as YYYY-MM-DD, e.g. 2026-11-23.`)
    const extraOutlets = yield* Option.match(f.outlets, {
      onNone: () => Effect.succeed([] as ReadonlyArray<Outlet>),
      onSome: (file) =>
        Effect.try({
          try: () => parseOutletFile(JSON.parse(fs.readFileSync(file, "utf8"))),
          catch: (e) => new UsageError(`Cannot read --outlets ${file}: ${e instanceof Error ? e.message : String(e)}`)
        })
    })
    const languages = Option.match(f.languages, { onNone: () => defaultLanguageOptions.candidates, onSome: list })
    const undetectable = unsupportedLanguages({ candidates: languages })
    if (Option.isSome(f.languages) && undetectable.length > 0) {
      yield* Console.error(`newsprep: warning: no detector model for ${undetectable.join(", ")}; such text is labelled with a related language or und.`)
    }
    const flow = yield* Effect.try({
      try: () => makeFlowOptions({ referenceDate, dayFirst: !f.monthFirst, languages, extraOutlets }),
      catch: (e) => new UsageError(`Outlet registry is invalid: ${e instanceof Error ? e.message : String(e)}`)
    })
    const settings = {
      input: f.input,
      output: f.output,
      formats: requested,
      reference_date: referenceDate,
      day_first: !f.monthFirst,
      languages,
      extra_outlets: Option.getOrNull(f.outlets),
      max_bytes: f.maxBytes,
      duplicate_threshold: f.duplicateThreshold,
      dedupe: f.dedupe,
      strict: f.strict
    }
    const shard = Option.isSome(f.shard) ? parseShard(f.shard.value) : undefined
    if (Option.isSome(f.shard) && shard === undefined) return yield* fail(`--shard ${f.shard.value} is not K/N with 1 <= K <= N.`)
    if (!isValidDuplicateThreshold(f.duplicateThreshold)) {
      return yield* fail(`--duplicate-threshold ${f.duplicateThreshold} must be above 0 and at most 1, e.g. 0.6.`)
    }
    if (f.dedupe && shard !== undefined) {
      return yield* fail("--dedupe cannot be combined with --shard; merge the parts, then filter on is_representative.")
    }
    // Workers encode their rows too, so the main thread only copies bytes: by default one worker
    // per core, fewer for small inputs (pipeline/run.ts workerCount).
    const workers = Option.getOrElse(f.workers, () => "auto" as const)
    if (workers !== "auto" && workers < 1) return yield* fail(`--workers ${workers} must be at least 1.`)
    const cacheDir = f.noCache ? undefined : f.cache !== "" ? f.cache : path.join(path.dirname(path.resolve(f.output)), ".cache", "newsprep")
    const summary = yield* runPipeline({
      input: f.input,
      output: f.output,
      formats: requested as ReadonlyArray<Format>,
      maxBytes: f.maxBytes,
      flow,
      workers,
      ...(shard === undefined ? {} : { shard }),
      ...(cacheDir === undefined ? {} : { cacheDir }),
      progress: !f.quiet,
      duplicates: { threshold: f.duplicateThreshold, dedupe: f.dedupe },
      skipWhenUpToDate: !f.force,
      settings
    })
    yield* Console.error(
      summary.upToDate
        ? `newsprep: ${summary.output}/ is up to date: the same code, options and ${summary.inputs} unchanged inputs as its ` +
          "manifest.json; nothing to do (--force runs anyway)."
        : `newsprep: ${summary.inputs} inputs -> ${summary.documents} documents, ${summary.rejects} rejects; tables in ${summary.output}/` +
          (summary.cacheHits > 0 ? ` (${summary.cacheHits} from the cache)` : "")
    )
    if (f.strict && summary.rejects > 0) {
      yield* Console.error(`newsprep: --strict: ${summary.rejects} inputs were rejected (see ${f.output}/rejects.csv)`)
      process.exitCode = 3
    }
  })
).pipe(
  Command.withDescription(
    "Turn a folder of scraped news articles into clean tables with provenance (CSV, Arrow, Parquet), " +
      "with manifest.json, datapackage.json and report.html beside them. " +
      "Exit codes: 0 the run completed (rejected inputs are listed in rejects); 1 the run could not complete; " +
      "2 usage error; 3 --strict and some input was rejected. Errors are one line on stderr."
  ),
  Command.withExamples([
    { command: "newsprep", description: "Process raw/ into out/" },
    { command: "newsprep --input corpus --output tables --reference-date 2026-11-23", description: "A reproducible run over another folder" },
    { command: "newsprep --languages eng,urd,rus --format arrow --strict", description: "Restrict languages, write Arrow only, fail CI on rejects" },
    { command: "newsprep --format csv,arrow,parquet", description: "Also write zstd-compressed Parquet for DuckDB, polars or pandas" }
  ])
)

const program = newsprep.pipe(
  Command.withSubcommands([mergeCommand]),
  Command.run({ version: newsprepVersion }),
  Effect.catch((error: unknown) =>
    Effect.gen(function*() {
      if ((error as { _tag?: string })._tag === "ShowHelp") {
        // Parse errors were already printed, one line each (oneLineErrors); bare help is not an error.
        process.exitCode = (error as { errors: ReadonlyArray<unknown> }).errors.length > 0 ? 2 : 0
        return
      }
      const message = error instanceof Error ? error.message : (error as { message?: string }).message ?? String(error)
      yield* Console.error(`newsprep: ${message}`)
      process.exitCode = error instanceof UsageError ? 2 : 1
    })
  ),
  Effect.provide(oneLineErrors),
  Effect.provide(NodeServices.layer)
)

NodeRuntime.runMain(program)
