import { assert, describe, it } from "@effect/vitest"
import fc from "fast-check"
import { createHash } from "node:crypto"
import * as fs from "node:fs"
import * as os from "node:os"
import * as path from "node:path"
import {
  bandingFor,
  candidateProbability,
  DEFAULT_DUPLICATE_THRESHOLD,
  type DuplicateEntry,
  duplicateReject,
  estimateSimilarity,
  formatSignature,
  groupDuplicates,
  parseSignature,
  PERMUTATIONS,
  groupStore,
  SignatureStore,
  signDocument,
  SPILL_ABOVE_DOCUMENTS
} from "../../stages/duplicates/index.ts"
import { makeDifferingKernel } from "../../stages/duplicates/differing.ts"
import { makeMinimaKernel } from "../../stages/duplicates/minima.ts"

// Hand-written families: <family>/original.txt and its copies; `translated` and
// `same-topic` are distinct documents that must stay alone.
const fixtures = path.join(import.meta.dirname, "../fixtures/duplicates")
const NOT_COPIES = new Set(["translated", "same-topic"])
const corpus = fs.readdirSync(fixtures).sort().flatMap((family) =>
  fs.readdirSync(path.join(fixtures, family)).sort().map((file) => {
    const variant = file.replace(/\.txt$/, "")
    return { family, variant, docId: `${family}/${variant}`, text: fs.readFileSync(path.join(fixtures, family, file), "utf8") }
  })
)
const isCopy = (d: { variant: string }) => !NOT_COPIES.has(d.variant)

const entriesOf = (docs: ReadonlyArray<{ docId: string; text: string }>, dates: Record<string, string> = {}): Array<DuplicateEntry> =>
  docs.map((d) => ({ docId: d.docId, sourcePath: `${d.docId}.txt`, publishedDate: dates[d.docId] ?? null, signature: signDocument(d.text) }))

/** Pairwise precision and recall of the grouping against the families. */
const score = (labels: Map<string, { group: string | null }>) => {
  let truePairs = 0, predicted = 0, correct = 0
  for (const [i, a] of corpus.entries()) {
    for (const b of corpus.slice(i + 1)) {
      const same = a.family === b.family && isCopy(a) && isCopy(b)
      const grouped = labels.get(a.docId)!.group !== null && labels.get(a.docId)!.group === labels.get(b.docId)!.group
      truePairs += same ? 1 : 0
      predicted += grouped ? 1 : 0
      correct += same && grouped ? 1 : 0
    }
  }
  return { precision: predicted === 0 ? 1 : correct / predicted, recall: correct / truePairs }
}

describe("signDocument", () => {
  it("is deterministic and compact", () => {
    const a = signDocument(corpus[0]!.text)
    const b = signDocument(corpus[0]!.text)
    assert.strictEqual(a.minHashes.length, PERMUTATIONS)
    assert.deepStrictEqual(a, b)
    assert.match(a.exactHash, /^[0-9a-f]{16}$/)
  })

  it("ignores case, punctuation and spacing but not words", () => {
    const text = "The river broke its banks on Tuesday, forcing thousands from their homes."
    const variant = "the river  broke its banks on tuesday forcing thousands\nfrom their homes"
    assert.strictEqual(estimateSimilarity(signDocument(text).minHashes, signDocument(variant).minHashes), 1)
    assert.notStrictEqual(signDocument(text).exactHash, signDocument(variant).exactHash)
    const other = "The river broke its banks on Wednesday, forcing hundreds from their homes."
    assert.isBelow(estimateSimilarity(signDocument(text).minHashes, signDocument(other).minHashes), 0.5)
  })

  it("estimates Jaccard similarity without bias", () => {
    // Words from a seeded generator; the copy replaces its first `changed` words.
    let seed = 11
    const word = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0
      return `w${(seed >>> 8).toString(36)}`
    }
    const errors: Array<number> = []
    for (let trial = 0; trial < 60; trial++) {
      const base = Array.from({ length: 400 }, word)
      const changed = 20 + trial * 3
      const copy = base.map((w, i) => (i < changed ? word() : w))
      const trueJaccard = (400 - 4 - changed) / (400 - 4 + changed + 4)
      errors.push(estimateSimilarity(signDocument(base.join(" ")).minHashes, signDocument(copy.join(" ")).minHashes) - trueJaccard)
    }
    const mean = errors.reduce((s, e) => s + e, 0) / errors.length
    const rmse = Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / errors.length)
    assert.isBelow(Math.abs(mean), 0.015)
    assert.isBelow(rmse, 0.06)
  })

  it("signs short, unspaced and wordless texts", () => {
    assert.notDeepEqual(signDocument("Hello world").minHashes, signDocument("Goodbye world").minHashes)
    assert.isAbove(estimateSimilarity(signDocument("東京都で大雨が降り、川が氾濫した。住民は避難した。").minHashes, signDocument("東京都で大雨が降り、川が氾濫した。住民は避難しました。").minHashes), 0.5)
    assert.notDeepEqual(signDocument("!!!").minHashes, signDocument("???").minHashes)
  })

  it("round-trips through its text form", () => {
    const s = signDocument(corpus[0]!.text)
    assert.deepStrictEqual(parseSignature(formatSignature(s)), s)
    assert.strictEqual(parseSignature("not a signature"), undefined)
  })
})

describe("bandingFor", () => {
  it("finds a pair at the threshold with probability at least 0.99 and rarely an unrelated one", () => {
    for (const threshold of [0.6, 0.7, 0.8, 0.9, 0.95]) {
      const banding = bandingFor(threshold)
      assert.isAtMost(banding.bands * banding.rows, PERMUTATIONS)
      assert.isAtLeast(candidateProbability(banding, threshold), 0.99)
      assert.isBelow(candidateProbability(banding, 0.1), 0.05)
    }
    assert.deepStrictEqual(bandingFor(0.8), { bands: 21, rows: 6 })
  })
})

describe("groupDuplicates", () => {
  it("groups every family's copies and nothing else (precision and recall 1 at the default threshold)", () => {
    const labels = groupDuplicates(entriesOf(corpus), DEFAULT_DUPLICATE_THRESHOLD)
    assert.deepStrictEqual(score(labels), { precision: 1, recall: 1 })
    for (const d of corpus.filter((d) => !isCopy(d))) {
      assert.deepStrictEqual(labels.get(d.docId), { group: null, isRepresentative: true, similarity: null }, d.docId)
    }
  })

  it("never groups a pair below the threshold", () => {
    // At 0.9 the rewritten leads and the trimmed endings (estimated 0.69–0.87) stay apart.
    const labels = groupDuplicates(entriesOf(corpus), 0.9)
    const { precision, recall } = score(labels)
    assert.strictEqual(precision, 1)
    assert.isBelow(recall, 1)
    for (const d of corpus) {
      const label = labels.get(d.docId)!
      if (label.similarity !== null) assert.isAtLeast(label.similarity, 0.9, d.docId)
    }
    assert.strictEqual(labels.get("flood/new-lead")!.group, null)
  })

  it("labels exact copies with similarity 1 and picks the earliest published, undated last, then the first path", () => {
    const flood = corpus.filter((d) => d.family === "flood" && isCopy(d))
    const undated = groupDuplicates(entriesOf(flood), DEFAULT_DUPLICATE_THRESHOLD)
    assert.strictEqual(undated.get("flood/byline")!.isRepresentative, true) // first by path among undated
    assert.strictEqual(undated.get("flood/identical")!.group, "flood/byline")

    const dated = groupDuplicates(entriesOf(flood, { "flood/trimmed": "2024-08-03", "flood/original": "2024-08-02" }), DEFAULT_DUPLICATE_THRESHOLD)
    assert.deepStrictEqual(dated.get("flood/original"), { group: "flood/original", isRepresentative: true, similarity: 1 })
    assert.deepStrictEqual(dated.get("flood/identical"), { group: "flood/original", isRepresentative: false, similarity: 1 })
    const trimmed = dated.get("flood/trimmed")!
    assert.strictEqual(trimmed.isRepresentative, false)
    assert.isAbove(trimmed.similarity!, DEFAULT_DUPLICATE_THRESHOLD)
    assert.isBelow(trimmed.similarity!, 1)
  })

  it("does not depend on the order of the entries", () => {
    const entries = entriesOf(corpus)
    const expected = [...groupDuplicates(entries, DEFAULT_DUPLICATE_THRESHOLD)].sort()
    for (const order of [[...entries].reverse(), entries.filter((_, i) => i % 2 === 0).concat(entries.filter((_, i) => i % 2 === 1))]) {
      assert.deepStrictEqual([...groupDuplicates(order, DEFAULT_DUPLICATE_THRESHOLD)].sort(), expected)
    }
  })

  it("groups many exact copies without comparing every pair", () => {
    const signature = signDocument(corpus[0]!.text)
    const entries = Array.from({ length: 5000 }, (_, i) => ({
      docId: `copy-${String(i).padStart(4, "0")}`,
      sourcePath: `copies/${String(i).padStart(4, "0")}.txt`,
      publishedDate: null,
      signature
    }))
    const labels = groupDuplicates(entries, DEFAULT_DUPLICATE_THRESHOLD)
    assert.deepStrictEqual(labels.get("copy-4999"), { group: "copy-0000", isRepresentative: false, similarity: 1 })
  })

  it("groups the connected components of banded pairs at or above the threshold, as checking every pair does", () => {
    // Families of signatures that drift from a random base or from an earlier member at up to 60
    // random positions: buckets then hold several components, and chains A~B~C with A !~ C.
    const signature = (minHashes: Uint8Array) => ({ exactHash: createHash("sha256").update(minHashes).digest("hex").slice(0, 16), minHashes })
    const member = fc.record({ parent: fc.nat(), changes: fc.integer({ min: 0, max: 60 }), seed: fc.integer() })
    const family = fc.record({ base: fc.uint8Array({ minLength: PERMUTATIONS, maxLength: PERMUTATIONS }), members: fc.array(member, { minLength: 1, maxLength: 30 }) })
    fc.assert(
      fc.property(fc.array(family, { minLength: 1, maxLength: 4 }), fc.constantFrom(0.5, 0.6, 0.8, 0.9), (families, threshold) => {
        const signatures = families.flatMap(({ base, members }) => {
          const drafts = [base]
          for (const { parent, changes, seed } of members) {
            const next = Uint8Array.from(drafts[parent % drafts.length]!)
            for (let k = 0, h = seed; k < changes; k++) {
              h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) + k
              next[(h >>> 8) % PERMUTATIONS] = h & 0xff
            }
            drafts.push(next)
          }
          return drafts.map(signature)
        })
        const entries = signatures.map((s, i) => ({ docId: `d${String(i).padStart(3, "0")}`, sourcePath: `${i}.txt`, publishedDate: null, signature: s }))

        // Every pair: a candidate when all the positions of some band agree.
        const { bands, rows } = bandingFor(threshold)
        const component = entries.map((_, i) => i)
        const find = (i: number): number => (component[i] === i ? i : find(component[i]!))
        for (let a = 0; a < entries.length; a++) {
          for (let b = a + 1; b < entries.length; b++) {
            const [x, y] = [signatures[a]!.minHashes, signatures[b]!.minHashes]
            const candidate = Array.from({ length: bands }, (_, band) => band).some((band) =>
              x.subarray(band * rows, (band + 1) * rows).every((v, r) => v === y[band * rows + r])
            )
            if (candidate && estimateSimilarity(x, y) >= threshold) component[find(b)] = find(a)
          }
        }
        const labels = groupDuplicates(entries, threshold)
        for (const [a, entry] of entries.entries()) {
          for (const [b, other] of entries.entries()) {
            const grouped = labels.get(entry.docId)!.group !== null && labels.get(entry.docId)!.group === labels.get(other.docId)!.group
            assert.strictEqual(grouped || a === b, find(a) === find(b), `${entry.docId} and ${other.docId} at ${threshold}`)
          }
        }
      }),
      { numRuns: 60 }
    )
  })

  it("joins a copy to a group through whichever member it is similar to", () => {
    // In each of the first 20 bands (3 positions at this threshold), b differs from a at the first
    // position and c from b at the other two: a~b (20 of 128 positions differ) and b~c (40), but
    // not a~c (60). Wherever b and c share a band, a shares it too and comes first.
    const a = signDocument(corpus[0]!.text).minHashes
    const b = a.map((v, i) => (i < 60 && i % 3 === 0 ? v ^ 0x55 : v))
    const c = b.map((v, i) => (i < 60 && i % 3 !== 0 ? v ^ 0x55 : v))
    assert.deepStrictEqual(bandingFor(DEFAULT_DUPLICATE_THRESHOLD).rows, 3)
    assert.isBelow(estimateSimilarity(a, c), DEFAULT_DUPLICATE_THRESHOLD)
    const entries = [a, b, c].map((minHashes, i) => ({
      docId: `chain-${i}`, sourcePath: `chain/${i}.txt`, publishedDate: null, signature: { exactHash: String(i).repeat(16), minHashes }
    }))
    const labels = groupDuplicates(entries, DEFAULT_DUPLICATE_THRESHOLD)
    assert.deepStrictEqual(entries.map((e) => labels.get(e.docId)!.group), ["chain-0", "chain-0", "chain-0"])
  })

  it("groups thousands of near copies in one bucket", () => {
    // Each copy differs from one signature at 8 of 128 positions, so two copies share at least
    // 26 of the 42 bands: one bucket per band holds nearly all of them (a search over every pair
    // took seconds).
    const base = signDocument(corpus[0]!.text)
    const entries = Array.from({ length: 5000 }, (_, i) => {
      const minHashes = Uint8Array.from(base.minHashes)
      for (let k = 0; k < 8; k++) {
        const position = (i * 7 + k * 16) % PERMUTATIONS
        minHashes[position] = minHashes[position]! ^ (1 + (i % 255))
      }
      return { docId: `near-${String(i).padStart(4, "0")}`, sourcePath: `near/${i}.txt`, publishedDate: null, signature: { exactHash: i.toString(16).padStart(16, "0"), minHashes } }
    })
    const labels = groupDuplicates(entries, DEFAULT_DUPLICATE_THRESHOLD)
    assert.strictEqual(new Set([...labels.values()].map((l) => l.group)).size, 1)
    assert.strictEqual(labels.get("near-0000")!.isRepresentative, true)
  })

  it("rejects a threshold outside (0, 1]", () => {
    assert.throws(() => groupDuplicates([], 0))
    assert.throws(() => groupDuplicates([], 1.5))
  })
})

describe("duplicateReject", () => {
  it("names the document the copy duplicates", () => {
    const row = duplicateReject({ source_path: "a.txt", source_sha256: "ab" }, { group: "0123456789abcdef", isRepresentative: false, similarity: 0.85 })
    assert.strictEqual(row.reason, "duplicate")
    assert.include(row.detail, "0123456789abcdef")
    assert.include(row.detail, "0.85")
  })
})

describe("SignatureStore in spill files", () => {
  it("groups, labels and hashes exactly as in memory, and leaves no file behind", () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), "newsprep-spill-"))
    const entries = entriesOf(corpus)
    const inMemory = new SignatureStore(entries.length)
    const spilled = new SignatureStore(SPILL_ABOVE_DOCUMENTS + 1, (name) => path.join(folder, name))
    for (const entry of entries) {
      inMemory.add(entry)
      spilled.add(entry)
    }
    assert.deepStrictEqual(fs.readdirSync(folder).sort(), ["minhashes", "strings"])
    assert.strictEqual(spilled.contentHash(), inMemory.contentHash())
    const [a, b] = [groupStore(inMemory, DEFAULT_DUPLICATE_THRESHOLD), groupStore(spilled, DEFAULT_DUPLICATE_THRESHOLD)]
    assert.deepStrictEqual(b.representative, a.representative)
    for (let i = 0; i < entries.length; i++) {
      assert.deepStrictEqual(b.labelAt(i), a.labelAt(i))
      assert.deepStrictEqual([spilled.docId(i), spilled.sourcePath(i)], [entries[i]!.docId, entries[i]!.sourcePath])
    }
    assert.isTrue(a.representative.some((r) => r !== -1)) // there were copies to find
    spilled.close()
    assert.deepStrictEqual(fs.readdirSync(folder), [])
  })
})

// The kernels are checked against the JavaScript they stand for (their doc comments), on random
// input and on the edges: one shingle, bytes equal but for one bit, memory grown past a page.
describe("WebAssembly kernels", () => {
  let seed = 7
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) | 0)

  it("minima: the minimum of each seeded permutation, as the JavaScript loop", () => {
    const seeds = Int32Array.from({ length: 128 }, random)
    const multipliers = Int32Array.from({ length: 128 }, () => random() | 1)
    const kernel = makeMinimaKernel(seeds, multipliers)
    for (const count of [1, 2, 7, 1000, 40_000]) {
      const shingles = Int32Array.from({ length: count }, random)
      kernel.shingles(count).set(shingles)
      const expected = Int32Array.from({ length: 128 }, (_, p) => {
        let min = 0x7fffffff
        for (const x of shingles) {
          let h = Math.imul(x ^ seeds[p]!, multipliers[p]!)
          h ^= h >>> 15
          if (h < min) min = h
        }
        return min
      })
      assert.deepStrictEqual(kernel.run(count), expected)
    }
  })

  it("differing: positions where two signatures differ, as a plain count", () => {
    const kernel = makeDifferingKernel()
    const count = 1200 // 150 kB: more than the first page of memory
    const signatures = kernel.signatures(count)
    for (let i = 0; i < signatures.length; i++) signatures[i] = random() & (i % 3 === 0 ? 0x01 : 0xff)
    signatures.copyWithin(128, 0, 128) // 1 equals 0
    signatures.copyWithin(256, 0, 128)
    signatures[256 + 17]! ^= 0x80 // 2 differs from 0 in one bit of one byte
    for (let p = 0; p < 128; p++) signatures[3 * 128 + p] = ~signatures[p]! & 0xff // 3 differs everywhere
    const plain = (a: number, b: number) => {
      let differing = 0
      for (let p = 0; p < 128; p++) if (signatures[a * 128 + p] !== signatures[b * 128 + p]) differing++
      return differing
    }
    assert.deepStrictEqual([kernel.differing(0, 1), kernel.differing(0, 2), kernel.differing(3, 0)], [0, 1, 128])
    for (let k = 0; k < 5000; k++) {
      const a = (random() >>> 0) % count
      const b = (random() >>> 0) % count
      assert.strictEqual(kernel.differing(a, b), plain(a, b))
    }
  })
})
