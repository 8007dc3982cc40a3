/**
 * duplicates: finds documents that are copies of one another (the same page
 * scraped twice, a wire story run by several outlets, an op-ed republished
 * under a new headline, a lightly edited update) and labels them; it removes
 * nothing unless the run asks for `--dedupe`.
 *
 * Order of work:
 *   1. signature.ts  `signDocument(body)` per document, in the flow: an exact
 *      hash and a 128-byte b-bit MinHash over 5-word shingles.
 *   2. group.ts      `groupStore(store, threshold)` once, after every document
 *      (of every shard) is signed: exact groups, LSH candidates (banding.ts),
 *      verification over the full signature, union-find, representatives.
 *   3. `duplicateReject` below, for the copies `--dedupe` leaves out.
 *
 * Parameters: SHINGLE_WORDS = 5, PERMUTATIONS = 128, BITS_PER_HASH = 8,
 * bands × rows chosen from the threshold (42 × 3 at the default 0.6, 21 × 6 at 0.8), threshold
 * on estimated Jaccard similarity of shingle sets, DEFAULT_DUPLICATE_THRESHOLD.
 */
import type { RejectRow } from "../../pipeline/schema.ts"
import type { DuplicateLabel } from "./group.ts"

export { bandingFor, candidateProbability } from "./banding.ts"
export {
  type DuplicateEntry,
  type DuplicateGrouping,
  type DuplicateLabel,
  groupDuplicates,
  groupStore,
  SignatureStore,
  SPILL_ABOVE_DOCUMENTS
} from "./group.ts"
export {
  BITS_PER_HASH,
  estimateSimilarity,
  formatSignature,
  parseSignature,
  PERMUTATIONS,
  SHINGLE_WORDS,
  type Signature,
  signDocument
} from "./signature.ts"

/**
 * Default threshold on estimated Jaccard similarity of 5-word shingle sets.
 * Replacing a share f of a text gives J ≈ (1 - f) / (1 + f) and trimming a share
 * f gives J ≈ 1 - f, so 0.6 groups copies with up to about a quarter rewritten
 * (a new lead paragraph in a 350-word op-ed is J ≈ 0.7) or 40% cut, with room for
 * the estimate's standard error (about 0.04 with 128 positions). Distinct
 * stories on one topic that share quotes and phrases stay under about 0.1.
 */
export const DEFAULT_DUPLICATE_THRESHOLD = 0.6

export const isValidDuplicateThreshold = (threshold: number): boolean => threshold > 0 && threshold <= 1

/** The `rejects` row of a document `--dedupe` leaves out because it copies its group's representative. */
export const duplicateReject = (
  document: { readonly source_path: string; readonly source_sha256: string },
  label: DuplicateLabel
): RejectRow => ({
  source_path: document.source_path,
  source_sha256: document.source_sha256,
  reason: "duplicate",
  detail: label.similarity === 1
    ? `Duplicate of ${label.group}: the same clean body; only that document is kept (--dedupe).`
    : `Near duplicate of ${label.group} (estimated similarity ${label.similarity}); only that document is kept (--dedupe).`
})
