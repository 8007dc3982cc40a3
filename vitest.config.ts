import { defineConfig } from "vitest/config"

// Vitest 5's reporter calls Map.groupBy, which Node 20 lacks (Node 21+ has it). The config runs in
// the reporter's process, so define it here for Node 20.
if (typeof (Map as { groupBy?: unknown }).groupBy !== "function") {
  Object.defineProperty(Map, "groupBy", {
    value: <K, T>(items: Iterable<T>, key: (item: T, index: number) => K): Map<K, Array<T>> => {
      const groups = new Map<K, Array<T>>()
      let index = 0
      for (const item of items) {
        const k = key(item, index++)
        const group = groups.get(k)
        if (group === undefined) groups.set(k, [item])
        else group.push(item)
      }
      return groups
    }
  })
}

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/tempFolder.ts"],
    testTimeout: 60_000
  }
})
