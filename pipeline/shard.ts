/**
 * Splitting a run into batches and shards, the same way on every machine.
 *
 * Inputs (sorted by source_path, see inputs.ts) are cut into batches of
 * BATCH_FILES files by their position in the sorted list; a batch is the unit
 * of work and becomes one record batch of each Arrow table. `--shard K/N`
 * (1-based, like jest and playwright) takes a contiguous run of whole batches:
 * batches floor((K-1)·B/N) to floor(K·B/N) of the B batches. Since shards
 * split only between batches, concatenating parts 1..N in order gives the
 * single-machine tables byte for byte (pipeline/merge.ts).
 */
export const BATCH_FILES = 64

export interface Shard {
  readonly index: number // 1-based K
  readonly count: number // N
}

export const wholeRun: Shard = { index: 1, count: 1 }

/** Parses "K/N"; undefined when it is not 1 <= K <= N. */
export const parseShard = (text: string): Shard | undefined => {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text)
  if (match === null) return undefined
  const index = Number(match[1])
  const count = Number(match[2])
  return count >= 1 && index >= 1 && index <= count ? { index, count } : undefined
}

/** Folder name of a shard's part: "3-of-8". */
export const partName = (shard: Shard): string => `${shard.index}-of-${shard.count}`

export interface BatchRange {
  readonly batch: number // global batch number
  readonly from: number // first input (position in the sorted list)
  readonly to: number // one past the last input
}

/** The batches a shard processes, in order. */
export const shardBatches = (inputCount: number, shard: Shard, batchFiles = BATCH_FILES): ReadonlyArray<BatchRange> => {
  const total = Math.ceil(inputCount / batchFiles)
  const first = Math.floor(((shard.index - 1) * total) / shard.count)
  const last = Math.floor((shard.index * total) / shard.count)
  const ranges: Array<BatchRange> = []
  for (let batch = first; batch < last; batch++) {
    ranges.push({ batch, from: batch * batchFiles, to: Math.min(inputCount, (batch + 1) * batchFiles) })
  }
  return ranges
}
