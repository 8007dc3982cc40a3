// A quick single-thread profile of the per-document flow, without I/O, workers or sinks:
// generates N synthetic articles (scripts/corpus.ts), runs pipeline/flow.ts `processFile` on
// each, and prints MB/s and milliseconds per stage. Run it under the V8 profiler to see which
// functions the time goes to:
//   node --import tsx --cpu-prof --cpu-prof-dir=/tmp/cpuprof scripts/profile.ts 1500
// Usage: npx tsx scripts/profile.ts [articles=1500] [rounds=1]
import { makeFlowOptions } from "../pipeline/defaults.ts"
import { processFile, stageNames } from "../pipeline/flow.ts"
import { generateArticle } from "./corpus.ts"

const articles = Number(process.argv[2] ?? "1500")
const rounds = Number(process.argv[3] ?? "1")
const options = makeFlowOptions({ referenceDate: "2026-11-23" })
const encoder = new TextEncoder()
const files = Array.from({ length: articles }, (_, i) => {
  const { style, text } = generateArticle(i)
  return { sourcePath: `${style}-${i}.txt`, bytes: encoder.encode(text) }
})
const megabytes = files.reduce((n, f) => n + f.bytes.length, 0) / 1e6

for (let round = 0; round < rounds; round++) {
  const times = new Float64Array(stageNames.length)
  const start = performance.now()
  let documents = 0
  for (const file of files) documents += processFile(file, options, times).length
  const seconds = (performance.now() - start) / 1000
  const total = times.reduce((a, b) => a + b, 0)
  console.log(`${documents} documents, ${megabytes.toFixed(1)} MB in ${seconds.toFixed(2)} s: ${(megabytes / seconds).toFixed(2)} MB/s`)
  console.log(
    stageNames.map((stage, i) => `  ${stage.padEnd(12)} ${times[i]!.toFixed(0).padStart(7)} ms ${((100 * times[i]!) / total).toFixed(1).padStart(5)}%`)
      .join("\n")
  )
}
