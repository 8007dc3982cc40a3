import { Effect, Metric } from "effect"
const f = Metric.frequency("x")
const prog = Effect.gen(function*() {
  const t = performance.now()
  for (let i = 0; i < 150_000; i++) yield* Metric.update(f, i % 2 ? "a" : "b")
  console.log("150k frequency updates", (performance.now() - t).toFixed(0), "ms")
})
await Effect.runPromise(prog.pipe(Effect.provideServiceEffect(Metric.MetricRegistry, Effect.sync(() => new Map()))))
