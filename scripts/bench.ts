// `npm run bench`: end-to-end throughput, memory and incremental speed of the pipeline on a
// deterministic synthetic corpus (scripts/corpus.ts), plus the stage micro-benchmarks.
// Corpora and outputs go to .cache/bench/ (git-ignored; corpora are generated once and reused).
// Every measured run is a separate process, so peak RSS is that run's own.
// Runs: the large corpus (default 20,000 articles, ~100 MB) and one 10x smaller, each with
// 1 worker and with 2; then a cold and a warm run with the cache on the large corpus, each into a
// folder of its own, and the warm run again into its own folder (found up to date).
// --many-files N adds runs on N short items (~450 bytes each) and on N/10, for the memory a run
// holds per file (paths, input records, signatures), which the article corpora barely show.
// Usage: npx tsx scripts/bench.ts [--articles 20000] [--workers 1,2] [--repeat 1] [--skip-cache] [--many-files 200000]
// --repeat N runs each corpus/worker configuration N times and reports the run of median time
// (on a shared machine, identical runs can differ by a quarter).
import { execFileSync } from "node:child_process"
import { fileURLToPath } from "node:url"
import { bundle, projectRoot } from "../bin/bundle.mjs"
import * as fs from "node:fs"
import * as path from "node:path"
import { readManifest } from "../pipeline/manifest.ts"
import { writeCorpus } from "./corpus.ts"
import { benchLanguage } from "./bench-language.ts"
import { benchSentences } from "./bench-sentences.ts"

const BENCH = path.resolve(import.meta.dirname, "../.cache/bench")

import type { Measured } from "./bench-run.ts"

/** Each measurement runs in its own process from a bundle (bin/bundle.mjs), as `npm run pipeline` does: no TypeScript loader. */
const measure = (input: string, output: string, workers: number, cacheDir?: string, skipWhenUpToDate = false): Measured => {
  const args = [fileURLToPath(bundle("scripts/bench-run.ts", "bench-run")), input, output, String(workers), cacheDir ?? ""]
  if (skipWhenUpToDate) args.push("skip-when-up-to-date")
  const stdout = execFileSync(process.execPath, args, {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...process.env, NEWSPREP_ROOT: projectRoot }
  })
  return JSON.parse(stdout.trim().split("\n").pop()!) as Measured
}

const stageShares = (output: string): string => {
  const stages = readManifest(path.join(output, "manifest.json")).stage_milliseconds as Record<string, number>
  const total = Object.values(stages).reduce((a, b) => a + b, 0)
  return Object.entries(stages)
    .sort((a, b) => b[1] - a[1])
    .map(([stage, ms]) => `${stage} ${((100 * ms) / total).toFixed(0)}%`)
    .join(", ")
}

const line = (label: string, m: Measured) =>
  `${label.padEnd(26)} ${(m.bytes / 1e6).toFixed(1).padStart(6)} MB ${m.seconds.toFixed(1).padStart(6)} s ` +
  `${(m.bytes / 1e6 / m.seconds).toFixed(2).padStart(6)} MB/s ${(m.documents / m.seconds).toFixed(0).padStart(5)} docs/s ` +
  `peak RSS ${m.peakRssMb.toFixed(0).padStart(4)} MB`

const main = () => {
  const argv = process.argv.slice(2)
  const option = (name: string, fallback: string) => {
    const i = argv.indexOf(name)
    return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1]! : fallback
  }
  const articles = Number(option("--articles", "20000"))
  const workerCounts = option("--workers", "1,2").split(",").map(Number)
  const repeats = Math.max(1, Number(option("--repeat", "1")))
  console.log(`stage micro-benchmarks (one core):`)
  const language = benchLanguage()
  console.log(`  language detection  ${language.mbPerSecond.toFixed(2)} MB/s`)
  const sentences = benchSentences()
  console.log(`  sentence splitting  ${JSON.stringify(sentences)}`)

  const results = new Map<string, Measured>()
  for (const count of [Math.round(articles / 10), articles]) {
    const corpus = path.join(BENCH, `corpus-${count}`)
    const written = writeCorpus(corpus, count)
    console.log(`\ncorpus: ${count} articles, ${(written.bytes / 1e6).toFixed(1)} MB (${corpus})`)
    for (const workers of workerCounts) {
      const output = path.join(BENCH, `out-${count}-w${workers}`)
      const runs = Array.from({ length: repeats }, () => measure(corpus, output, workers)).sort((x, y) => x.seconds - y.seconds)
      const m = runs[Math.floor((runs.length - 1) / 2)]!
      results.set(`${count}/${workers}`, m)
      const spread = repeats > 1 ? `  (median of ${repeats}: ${runs[0]!.seconds.toFixed(1)}-${runs[runs.length - 1]!.seconds.toFixed(1)} s)` : ""
      console.log(line(`${workers} worker${workers > 1 ? "s" : ""}`, m) + spread)
      console.log(`  stage shares: ${stageShares(output)}`)
    }
    const [a, b] = workerCounts
    if (a !== undefined && b !== undefined) {
      const speedUp = results.get(`${count}/${a}`)!.seconds / results.get(`${count}/${b}`)!.seconds
      console.log(`  speed-up ${a} -> ${b} workers: ${speedUp.toFixed(2)}x`)
      const outA = path.join(BENCH, `out-${count}-w${a}`)
      const outB = path.join(BENCH, `out-${count}-w${b}`)
      const identical = fs.readdirSync(outA).filter((f) => /\.(csv|arrow)$/.test(f))
        .every((f) => fs.readFileSync(path.join(outA, f)).equals(fs.readFileSync(path.join(outB, f))))
      console.log(`  tables identical across worker counts: ${identical}`)
    }
  }
  const small = results.get(`${Math.round(articles / 10)}/${workerCounts[0]}`)
  const large = results.get(`${articles}/${workerCounts[0]}`)
  if (small !== undefined && large !== undefined) {
    console.log(`\npeak RSS growth for 10x the corpus: ${((100 * (large.peakRssMb - small.peakRssMb)) / small.peakRssMb).toFixed(0)}%`)
  }

  const manyFiles = Number(option("--many-files", "0"))
  if (manyFiles > 0) {
    const workers = workerCounts[workerCounts.length - 1]!
    console.log("")
    const peaks = [Math.round(manyFiles / 10), manyFiles].map((count) => {
      const corpus = path.join(BENCH, `short-${count}`)
      writeCorpus(corpus, count, 7, "short")
      const m = measure(corpus, path.join(BENCH, `out-short-${count}`), workers)
      console.log(line(`${count} short items, ${workers}w`, m))
      return m.peakRssMb
    })
    console.log(`  peak RSS growth for 10x the files: ${((100 * (peaks[1]! - peaks[0]!)) / peaks[0]!).toFixed(0)}%`)
  }

  if (!argv.includes("--skip-cache")) {
    const corpus = path.join(BENCH, `corpus-${articles}`)
    const cacheDir = path.join(BENCH, "cache")
    fs.rmSync(cacheDir, { recursive: true, force: true })
    const workers = workerCounts[workerCounts.length - 1]!
    const cold = measure(corpus, path.join(BENCH, "out-cache-cold"), workers, cacheDir)
    console.log(`\n${line("cache cold (fills cache)", cold)}`)
    const warm = measure(corpus, path.join(BENCH, "out-cache-warm"), workers, cacheDir)
    console.log(line("cache warm (rerun)", warm))
    console.log(`  rerun ${(cold.seconds / warm.seconds).toFixed(1)}x faster, ${warm.cacheHits} of ${warm.documents} from the cache`)
    // What `npm run pipeline` does when run again over unchanged inputs into the same folder.
    const again = measure(corpus, path.join(BENCH, "out-cache-warm"), workers, cacheDir, true)
    console.log(line("rerun into the same folder", again))
    console.log(`  ${again.upToDate ? "up to date, nothing written" : "NOT up to date"}: ${(cold.seconds / again.seconds).toFixed(1)}x faster than the cold run`)
  }
}

main()
