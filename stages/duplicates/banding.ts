/**
 * banding: LSH banding parameters for a similarity threshold (Leskovec,
 * Rajaraman & Ullman, "Mining of Massive Datasets", ch. 3.4). The signature is
 * cut into `bands` bands of `rows` positions; two documents become a candidate
 * pair when all the positions of at least one band agree, which happens with
 * probability 1 - (1 - s^rows)^bands for similarity s.
 *
 * Rule: the most rows per band (the fewest chance candidates) such that a pair
 * exactly at the threshold is still a candidate with probability at least
 * CANDIDATE_RECALL; bands = floor(PERMUTATIONS / rows). Candidates are then
 * verified over the full signature, so a chance candidate costs time only.
 * Threshold 0.8 gives 21 bands of 6 rows (a pair at 0.8 is found 99.8% of the
 * time, one at 0.5 28%, one at 0.3 1.5%).
 */
import { PERMUTATIONS } from "./signature.ts"

export const CANDIDATE_RECALL = 0.99

export interface Banding {
  readonly bands: number
  readonly rows: number
}

/** Probability that a pair of similarity `s` shares at least one band. */
export const candidateProbability = ({ bands, rows }: Banding, s: number): number => 1 - (1 - s ** rows) ** bands

export const bandingFor = (threshold: number): Banding => {
  for (let rows = PERMUTATIONS; rows > 1; rows--) {
    const banding = { bands: Math.floor(PERMUTATIONS / rows), rows }
    if (candidateProbability(banding, threshold) >= CANDIDATE_RECALL) return banding
  }
  return { bands: PERMUTATIONS, rows: 1 }
}
