import { Effect } from "effect"
import { listInputs } from "/work/main/pipeline/inputs.ts"
import { createHash } from "node:crypto"
const gc = (globalThis as any).gc
gc(); const h0 = process.memoryUsage().heapUsed
const inputs = await Effect.runPromise(listInputs("/tmp/tiny/c200k", "/tmp/tiny/none"))
gc(); const h1 = process.memoryUsage().heapUsed
console.log("inputs", inputs.length, ((h1 - h0) / inputs.length).toFixed(0), "B/input")
const statuses = inputs.map((f) => ({ source_path: f.sourcePath.slice(0, 1) + f.sourcePath.slice(1), source_sha256: createHash("sha256").update(f.sourcePath).digest("hex"), status: "document" }))
gc(); const h2 = process.memoryUsage().heapUsed
console.log("statuses", ((h2 - h1) / inputs.length).toFixed(0), "B/input")
const json = JSON.stringify({ inputs: statuses }, null, 2)
gc(); const h3 = process.memoryUsage().heapUsed
console.log("manifest inputs json", (json.length / 1e6).toFixed(0), "MB", ((h3 - h2) / inputs.length).toFixed(0), "B/input")
