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
import { Command, Flag } from "effect/cli"
import * as fs from "node:fs"
import { defaultLanguageOptions } from "../stages/language/detect.ts"
import { type Outlet, parseOutletFile } from "../stages/outlets.ts"
import { makeFlowOptions } from "./defaults.ts"
import { newsprepVersion } from "./manifest.ts"
import { runPipeline } from "./run.ts"
import { type Format, formats } from "./sinks.ts"

const list = (value: string) => value.split(",").map((s) => s.trim()).filter((s) => s !== "")

const flags = {
  input: Flag.String("input").pipe(Flag.withDescription("Folder of raw articles, read recursively"), Flag.withDefault("raw")),
  output: Flag.String("output").pipe(Flag.withDescription("Folder the tables and manifest.json are written to"), Flag.withDefault("out")),
  format: Flag.String("format").pipe(
    Flag.withDescription(`Comma-separated output formats among ${formats.join(", ")}`),
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
  strict: Flag.Boolean("strict").pipe(
    Flag.withDescription("Exit with code 3 when any input was rejected (for CI gates)"),
    Flag.withDefault(false)
  )
}

class UsageError extends Error {}

const fail = (message: string) => Effect.fail(new UsageError(message))

const newsprep = Command.make("newsprep", flags, (f) =>
  Effect.gen(function*() {
    const requested = list(f.format)
    const bad = requested.filter((x) => !formats.includes(x as Format))
    if (bad.length > 0 || requested.length === 0) return yield* fail(`Unknown format ${bad.join(", ")}; use --format with ${formats.join(", ")}.`)
    const today = DateTime.formatIsoDateUtc(DateTime.makeUnsafe(yield* Clock.currentTimeMillis))
    const referenceDate = Option.getOrElse(f.referenceDate, () => today)
    if (!/^\d{4}-\d{2}-\d{2}$/.test(referenceDate)) return yield* fail(`--reference-date ${referenceDate} is not YYYY-MM-DD.`)
    const extraOutlets = yield* Option.match(f.outlets, {
      onNone: () => Effect.succeed([] as ReadonlyArray<Outlet>),
      onSome: (file) =>
        Effect.try({
          try: () => parseOutletFile(JSON.parse(fs.readFileSync(file, "utf8"))),
          catch: (e) => new UsageError(`Cannot read --outlets ${file}: ${e instanceof Error ? e.message : String(e)}`)
        })
    })
    const languages = Option.match(f.languages, { onNone: () => defaultLanguageOptions.candidates, onSome: list })
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
      strict: f.strict
    }
    const summary = yield* runPipeline({
      input: f.input,
      output: f.output,
      formats: requested as ReadonlyArray<Format>,
      maxBytes: f.maxBytes,
      flow,
      settings
    })
    yield* Console.error(
      `newsprep: ${summary.inputs} inputs -> ${summary.documents} documents, ${summary.rejects} rejects; tables in ${f.output}/`
    )
    if (f.strict && summary.rejects > 0) {
      yield* Console.error(`newsprep: --strict: ${summary.rejects} inputs were rejected (see ${f.output}/rejects.csv)`)
      process.exitCode = 3
    }
  })
).pipe(
  Command.withDescription("Turn a folder of scraped news articles into clean CSV and Arrow tables with provenance."),
  Command.withExamples([
    { command: "newsprep", description: "Process raw/ into out/" },
    { command: "newsprep --input corpus --output tables --reference-date 2026-11-23", description: "A reproducible run over another folder" },
    { command: "newsprep --languages eng,urd,rus --format arrow --strict", description: "Restrict languages, write Arrow only, fail CI on rejects" }
  ])
)

const program = newsprep.pipe(
  Command.run({ version: newsprepVersion }),
  Effect.catch((error: unknown) =>
    Effect.gen(function*() {
      const message = error instanceof Error ? error.message : (error as { message?: string }).message ?? String(error)
      yield* Console.error(`newsprep: ${message}`)
      process.exitCode = error instanceof UsageError ? 2 : 1
    })
  ),
  Effect.provide(NodeServices.layer)
)

NodeRuntime.runMain(program)
