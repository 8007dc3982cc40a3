/**
 * group: turns the signatures of all documents into duplicate groups.
 *
 * Takes a `SignatureStore` (one compact entry per document: doc id, source
 * path, publication date, signature) and a threshold on estimated Jaccard
 * similarity; returns for every entry its group, whether it represents it, and
 * its similarity to the representative.
 *
 * - Documents with the same exact hash are one group (similarity 1).
 * - One document per exact hash takes part in LSH banding (banding.ts); a pair
 *   of documents that share a band joins when its estimated similarity over the
 *   full signature is at least the threshold.
 * - Groups are the connected components of those pairs (union-find), so a
 *   chain of updates A→B→C is one group even if A and C alone fall below it.
 *   A document is therefore checked against each group in its band's bucket
 *   only until one member agrees, not against every member.
 * - The representative is the earliest published (no date last), then the
 *   first by source path, then by doc id; the group id is its doc id.
 *
 * The result depends only on the set of entries, never on their order, so it is
 * the same on every run and for any sharding. Per entry, PERMUTATIONS bytes of
 * signature and the UTF-8 doc id and path (in memory, or past
 * SPILL_ABOVE_DOCUMENTS in temporary files), and 20 bytes in memory: exact
 * hash, date and offsets; no text is kept.
 */
import { createHash } from "node:crypto"
import { type Banding, bandingFor } from "./banding.ts"
import { ByteColumn } from "./column.ts"
import { type DifferingKernel, makeDifferingKernel } from "./differing.ts"
import { estimateSimilarity, PERMUTATIONS, type Signature, similarityFromAgreement } from "./signature.ts"

export interface DuplicateEntry {
  readonly docId: string
  readonly sourcePath: string
  /** YYYY-MM-DD or null. */
  readonly publishedDate: string | null
  readonly signature: Signature
}

export interface DuplicateLabel {
  /** Doc id of the group's representative; null for a document with no duplicate. */
  readonly group: string | null
  readonly isRepresentative: boolean
  /** Estimated Jaccard similarity to the representative, 3 decimals (1 for identical bodies); null with no duplicate. */
  readonly similarity: number | null
}

const NO_DATE = 99_999_999
const dateKey = (date: string | null): number =>
  date !== null && /^\d{4}-\d{2}-\d{2}$/.test(date) ? Number(date.slice(0, 4) + date.slice(5, 7) + date.slice(8, 10)) : NO_DATE

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/**
 * Past this many documents the store keeps signatures, doc ids and paths in temporary files
 * (column.ts) rather than memory: about 170 MB per million documents, for reads of a few
 * passes over the file and one read per candidate in a bucket.
 */
export const SPILL_ABOVE_DOCUMENTS = 250_000

/** Append-only columnar store of entries: typed arrays, no object per document. */
export class SignatureStore {
  count = 0
  private capacity: number
  /** PERMUTATIONS bytes per entry. */
  private readonly minHashes: ByteColumn
  private exactHigh: Uint32Array
  private exactLow: Uint32Array
  private dates: Int32Array
  /** Entry i: doc id at strings[offsets[2i] .. offsets[2i+1]), path at [offsets[2i+1] .. offsets[2i+2]). */
  private offsets: Uint32Array
  private readonly strings: ByteColumn

  /**
   * `spillFile(name)`: where a store of more than SPILL_ABOVE_DOCUMENTS expected entries keeps
   * its column `name` ("minhashes", "strings"); without it, everything stays in memory.
   */
  constructor(expectedCount = 1024, spillFile?: (name: string) => string) {
    this.capacity = Math.max(1, expectedCount)
    const spill = spillFile !== undefined && expectedCount > SPILL_ABOVE_DOCUMENTS ? spillFile : () => undefined
    this.minHashes = new ByteColumn(this.capacity * PERMUTATIONS, spill("minhashes"))
    this.strings = new ByteColumn(this.capacity * 64, spill("strings"))
    this.exactHigh = new Uint32Array(this.capacity)
    this.exactLow = new Uint32Array(this.capacity)
    this.dates = new Int32Array(this.capacity)
    this.offsets = new Uint32Array(this.capacity * 2 + 1)
  }

  /** Adds one entry; returns its index (the order of `add` calls). */
  add(entry: DuplicateEntry): number {
    if (this.count === this.capacity) this.grow()
    const i = this.count++
    this.minHashes.append(entry.signature.minHashes.subarray(0, PERMUTATIONS))
    this.exactHigh[i] = Number.parseInt(entry.signature.exactHash.slice(0, 8), 16) >>> 0
    this.exactLow[i] = Number.parseInt(entry.signature.exactHash.slice(8, 16), 16) >>> 0
    this.dates[i] = dateKey(entry.publishedDate)
    this.strings.append(encoder.encode(entry.docId))
    this.offsets[2 * i + 1] = this.strings.length
    this.strings.append(encoder.encode(entry.sourcePath))
    this.offsets[2 * i + 2] = this.strings.length
    return i
  }

  docId(i: number): string {
    return decoder.decode(this.strings.slice(this.offsets[2 * i]!, this.offsets[2 * i + 1]!))
  }
  sourcePath(i: number): string {
    return decoder.decode(this.strings.slice(this.offsets[2 * i + 1]!, this.offsets[2 * i + 2]!))
  }
  date(i: number): number {
    return this.dates[i]!
  }
  /** The signature of entry i (a view in memory, a copy read from the spill file). */
  minHashesOf(i: number): Uint8Array {
    return this.minHashes.slice(i * PERMUTATIONS, (i + 1) * PERMUTATIONS)
  }
  /** Copies the signatures of `entries[0 .. count)` into `into`, one after another. */
  loadMinHashes(entries: Int32Array, count: number, into: Uint8Array) {
    for (let k = 0; k < count; k++) this.minHashes.read(entries[k]! * PERMUTATIONS, into.subarray(k * PERMUTATIONS, (k + 1) * PERMUTATIONS))
  }
  /** Calls `visit(signatures, first)` for consecutive runs of entries' signatures, in order. */
  forEachMinHashes(visit: (signatures: Uint8Array, first: number) => void) {
    this.minHashes.forEachChunk(4096 * PERMUTATIONS, (bytes, position) => visit(bytes, position / PERMUTATIONS))
  }
  /** estimateSimilarity of entries a and b. */
  similarity(a: number, b: number): number {
    return estimateSimilarity(this.minHashesOf(a), this.minHashesOf(b))
  }
  sameExactHash(a: number, b: number): boolean {
    return this.exactHigh[a] === this.exactHigh[b] && this.exactLow[a] === this.exactLow[b]
  }
  compareExactHash(a: number, b: number): number {
    return this.exactHigh[a]! - this.exactHigh[b]! || this.exactLow[a]! - this.exactLow[b]!
  }
  /** SHA-256 of every entry (signatures, exact hashes, dates, ids and paths), in order. */
  contentHash(): string {
    const hash = createHash("sha256")
    this.minHashes.forEachChunk(1 << 20, (bytes) => hash.update(bytes))
    hash.update(this.exactHigh.subarray(0, this.count))
      .update(this.exactLow.subarray(0, this.count))
      .update(this.dates.subarray(0, this.count))
      .update(this.offsets.subarray(0, 2 * this.count + 1))
    this.strings.forEachChunk(1 << 20, (bytes) => hash.update(bytes))
    return hash.digest("hex")
  }
  /** Deletes the spill files, if any. */
  close() {
    this.minHashes.close()
    this.strings.close()
  }

  private grow() {
    this.capacity = Math.ceil(this.capacity * 1.5) + 1
    this.exactHigh = resize(this.exactHigh, this.capacity)
    this.exactLow = resize(this.exactLow, this.capacity)
    this.dates = resize(this.dates, this.capacity)
    this.offsets = resize(this.offsets, this.capacity * 2 + 1)
  }
}

const resize = <A extends Uint32Array | Int32Array>(array: A, length: number): A => {
  const bigger = new (array.constructor as new(n: number) => A)(length)
  bigger.set(array)
  return bigger
}

/** Union-find with path halving and union by index (deterministic). */
const makeUnionFind = (n: number) => {
  const parent = Int32Array.from({ length: n }, (_, i) => i)
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]!]!
      x = parent[x]!
    }
    return x
  }
  const union = (a: number, b: number) => {
    const ra = find(a)
    const rb = find(b)
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb)
  }
  return { find, union }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1

/** Hash of one band of a signature: FNV-1a over bytes[from .. from + rows), seeded by the band number. */
const bandKey = (bytes: Uint8Array, from: number, rows: number, band: number): number => {
  let h = Math.imul(0x811c9dc5 ^ band, 0x01000193)
  for (let r = from; r < from + rows; r++) h = Math.imul(h ^ bytes[r]!, 0x01000193)
  return h >>> 0
}

/**
 * Calls `visit(bucket, length)` for every run of two or more `members` whose band agrees, in
 * each band: `bucket[0 .. length)` holds the run's members, and `kernel` their signatures in the
 * same order (the buffers are reused). Per band, the band keys of all entries come from one
 * pass over the signatures, and (key, index) pairs are packed in 64-bit words and sorted
 * natively, so equal keys become runs: about 16 bytes per document of transient memory.
 */
const forEachBucket = (
  store: SignatureStore,
  members: Int32Array,
  { bands, rows }: Banding,
  kernel: DifferingKernel,
  visit: (bucket: Int32Array, length: number) => void
) => {
  const keys = new Uint32Array(store.count)
  const packed = new BigUint64Array(members.length)
  const words = new Uint32Array(packed.buffer)
  const bucket = new Int32Array(members.length)
  const [low, high] = LITTLE_ENDIAN ? [0, 1] : [1, 0]
  for (let band = 0; band < bands; band++) {
    store.forEachMinHashes((chunk, first) => {
      for (let k = 0; k * PERMUTATIONS < chunk.length; k++) keys[first + k] = bandKey(chunk, k * PERMUTATIONS + band * rows, rows, band)
    })
    for (let j = 0; j < members.length; j++) {
      words[2 * j + low] = members[j]!
      words[2 * j + high] = keys[members[j]!]!
    }
    packed.sort()
    for (let start = 0; start < members.length;) {
      let end = start + 1
      while (end < members.length && words[2 * end + high] === words[2 * start + high]) end++
      const length = end - start
      if (length > 1) {
        for (let x = start; x < end; x++) bucket[x - start] = words[2 * x + low]!
        store.loadMinHashes(bucket, length, kernel.signatures(length))
        visit(bucket, length)
      }
      start = end
    }
  }
}

/** Total order for choosing representatives: earliest date (none last), then source path, then doc id. */
const compareForRepresentative = (store: SignatureStore, a: number, b: number): number => {
  if (store.date(a) !== store.date(b)) return store.date(a) - store.date(b)
  const pa = store.sourcePath(a)
  const pb = store.sourcePath(b)
  if (pa !== pb) return pa < pb ? -1 : 1
  const da = store.docId(a)
  const db = store.docId(b)
  return da < db ? -1 : da > db ? 1 : 0
}

export interface DuplicateGrouping {
  readonly count: number
  /** Index of the entry's representative, or -1 when it has no duplicate. */
  readonly representative: Int32Array
  /** Label of entry i (i is the order of `SignatureStore.add`). */
  readonly labelAt: (i: number) => DuplicateLabel
}

/** The most differing positions a pair may have and still reach `threshold` (similarityFromAgreement grows with agreement). */
const maxDifferingFor = (threshold: number): number => {
  let agree = 0
  while (agree < PERMUTATIONS && similarityFromAgreement(agree) < threshold) agree++
  return PERMUTATIONS - agree
}

/**
 * Groups the store's entries. `known` is the `representative` array of an earlier grouping of
 * the very same entries and threshold (a cache, keyed by `contentHash`); it skips the search.
 */
export const groupStore = (store: SignatureStore, threshold: number, known?: Int32Array): DuplicateGrouping => {
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`The duplicate threshold must be in (0, 1]; got ${threshold}.`)
  const representative = known?.length === store.count ? known : findRepresentatives(store, threshold)
  const labelAt = (i: number): DuplicateLabel => {
    const rep = representative[i]!
    if (rep === -1) return { group: null, isRepresentative: true, similarity: null }
    const similarity = store.sameExactHash(i, rep) ? 1 : store.similarity(i, rep)
    return { group: store.docId(rep), isRepresentative: rep === i, similarity: Math.round(similarity * 1000) / 1000 }
  }
  return { count: store.count, representative, labelAt }
}

const findRepresentatives = (store: SignatureStore, threshold: number): Int32Array => {
  const n = store.count
  const { find, union } = makeUnionFind(n)

  // Exact duplicates: runs of equal hashes; the first of each run stands for it in banding.
  const byHash = Int32Array.from({ length: n }, (_, i) => i).sort((a, b) => store.compareExactHash(a, b) || a - b)
  const distinct: Array<number> = []
  for (let j = 0; j < n; j++) {
    const i = byHash[j]!
    if (j > 0 && store.sameExactHash(i, byHash[j - 1]!)) union(i, byHash[j - 1]!)
    else distinct.push(i)
  }

  // Near duplicates: LSH candidates, verified over the whole signature. Groups are the connected
  // components of verified candidate pairs, so a member of a bucket is verified against each
  // component among the bucket's earlier members, one member after another until one agrees
  // (and no further). A bucket of k copies of one text then costs O(k) checks, not the O(k²)
  // of every pair: 20,000 near-identical templated articles spent 22 s here.
  const maxDiffering = maxDifferingFor(threshold)
  // The bucket's earlier members by component: a list (positions in the bucket linked through
  // `next`) and the component's root, refreshed as unions happen.
  const listRoot = new Int32Array(distinct.length)
  const listHead = new Int32Array(distinct.length)
  const listTail = new Int32Array(distinct.length)
  const next = new Int32Array(distinct.length)
  // A kernel per grouping: its memory (the largest bucket's signatures) goes with it.
  const kernel = makeDifferingKernel()
  forEachBucket(store, Int32Array.from(distinct), bandingFor(threshold), kernel, (bucket, length) => {
    let lists = 0
    for (let j = 0; j < length; j++) {
      const x = bucket[j]!
      let root = find(x)
      let home = -1 // the list x goes into
      for (let l = 0; l < lists; l++) {
        listRoot[l] = find(listRoot[l]!)
        if (listRoot[l] !== root) {
          let y = listHead[l]!
          while (y !== -1 && kernel.differing(j, y) > maxDiffering) y = next[y]!
          if (y === -1) continue
          union(x, listRoot[l]!)
          root = find(x)
        }
        if (home === -1) {
          home = l
          continue
        }
        // x joined a second component: the two lists become one, and the last list takes l's place.
        next[listTail[home]!] = listHead[l]!
        listTail[home] = listTail[l]!
        lists--
        listRoot[l] = listRoot[lists]!
        listHead[l] = listHead[lists]!
        listTail[l] = listTail[lists]!
        l--
      }
      next[j] = -1
      if (home === -1) {
        home = lists++
        listRoot[home] = root
        listHead[home] = j
      } else {
        next[listTail[home]!] = j
      }
      listTail[home] = j
    }
  })

  const best = new Int32Array(n).fill(-1)
  const size = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const root = find(i)
    size[root]!++
    if (best[root] === -1 || compareForRepresentative(store, i, best[root]!) < 0) best[root] = i
  }
  const representative = new Int32Array(n)
  for (let i = 0; i < n; i++) representative[i] = size[find(i)]! > 1 ? best[find(i)]! : -1
  return representative
}

/** Convenience for small inputs and tests: groups `entries` and labels them by doc id. */
export const groupDuplicates = (entries: ReadonlyArray<DuplicateEntry>, threshold: number): Map<string, DuplicateLabel> => {
  const store = new SignatureStore(entries.length)
  for (const entry of entries) store.add(entry)
  const grouping = groupStore(store, threshold)
  return new Map(entries.map((e, i) => [e.docId, grouping.labelAt(i)]))
}
