/**
 * minima: the MinHash inner loop, the minimum of each of PERMUTATIONS seeded permutations
 * over a document's shingle hashes, run as a small WebAssembly SIMD function. It is the
 * costliest step of signing (PERMUTATIONS steps per word); four 32-bit lanes per
 * instruction make it about 5× faster than the best plain JavaScript loop. The answer is
 * the same, bit for bit, as this JavaScript:
 *
 *   for (let p = 0; p < PERMUTATIONS; p++) {
 *     let min = 0x7fffffff
 *     for (const x of shingles) {
 *       let h = Math.imul(x ^ seeds[p], multipliers[p]) // i32x4.mul: the low 32 bits, as imul
 *       h ^= h >>> 15
 *       if (h < min) min = h                            // i32x4.min_s: signed, as int32 `<`
 *     }
 *     minima[p] = min
 *   }
 *
 * The module is assembled here from its opcodes (wasm.ts); no file, no dependency.
 * Memory layout (bytes): seeds at SEEDS_AT, multipliers at MULTIPLIERS_AT, the result at
 * MINIMA_AT, shingle hashes from SHINGLES_AT on.
 */

import {
  assembleModule,
  brIfLoop,
  end,
  ensureMemory,
  functionType,
  I32,
  i32Add,
  i32Const,
  i32Load,
  i32LtU,
  i32Shl,
  i32x4MinS,
  i32x4Mul,
  i32x4ShrU,
  i32x4Splat,
  instantiate,
  localGet,
  localSet,
  localTee,
  loop,
  V128,
  v128ConstI32x4,
  v128Load,
  v128Store,
  v128Xor
} from "./wasm.ts"

const SEEDS_AT = 0
const MULTIPLIERS_AT = 512
const MINIMA_AT = 1024
const SHINGLES_AT = 2048
/** v128 registers of permutations handled per pass over the shingles (4 lanes each). */
const VECTORS = 4

/** `minima(count)`: locals are the parameter, three i32 and the v128 working set. */
const assemble = (permutations: number): Uint8Array => {
  const COUNT = 0, P = 1, END = 2, PTR = 3, X = 4, H = 5
  const SEED = 6, MULTIPLIER = SEED + VECTORS, MIN = MULTIPLIER + VECTORS
  const each = (f: (j: number) => Array<number>) => Array.from({ length: VECTORS }, (_, j) => f(j)).flat()
  const code = [
    // end = SHINGLES_AT + 4 * count; p = 0
    ...i32Const(SHINGLES_AT), ...localGet(COUNT), ...i32Const(2), ...i32Shl, ...i32Add, ...localSet(END),
    ...i32Const(0), ...localSet(P),
    ...loop, // over groups of 4 * VECTORS permutations (p: byte offset of the group)
    ...each((j) => [
      ...localGet(P), ...v128Load(SEEDS_AT + 16 * j), ...localSet(SEED + j),
      ...localGet(P), ...v128Load(MULTIPLIERS_AT + 16 * j), ...localSet(MULTIPLIER + j),
      ...v128ConstI32x4(0x7fffffff), ...localSet(MIN + j)
    ]),
    ...i32Const(SHINGLES_AT), ...localSet(PTR),
    ...loop, // over the shingles (count >= 1)
    ...localGet(PTR), ...i32Load, ...i32x4Splat, ...localSet(X),
    ...each((j) => [
      // h = (x ^ seed) * multiplier; h ^= h >>> 15; min = min_s(min, h)
      ...localGet(X), ...localGet(SEED + j), ...v128Xor, ...localGet(MULTIPLIER + j), ...i32x4Mul, ...localTee(H),
      ...localGet(H), ...i32Const(15), ...i32x4ShrU, ...v128Xor,
      ...localGet(MIN + j), ...i32x4MinS, ...localSet(MIN + j)
    ]),
    ...localGet(PTR), ...i32Const(4), ...i32Add, ...localTee(PTR), ...localGet(END), ...i32LtU, ...brIfLoop,
    ...end,
    ...each((j) => [...localGet(P), ...localGet(MIN + j), ...v128Store(MINIMA_AT + 16 * j)]),
    ...localGet(P), ...i32Const(16 * VECTORS), ...i32Add, ...localTee(P), ...i32Const(4 * permutations), ...i32LtU, ...brIfLoop,
    ...end,
    ...end
  ]
  return assembleModule("minima", functionType([I32], []), [[3, I32], [2 + 3 * VECTORS, V128]], code)
}

export interface MinimaKernel {
  /** Room for `count` shingle hashes, to be written before `run(count)`; valid until the next call. */
  readonly shingles: (count: number) => Int32Array
  /** The minima over the first `count` (at least 1) shingles written; valid until the next call. */
  readonly run: (count: number) => Int32Array
}

/** A kernel for these seeds and (odd) multipliers, one per permutation (a multiple of 16, at most 128). */
export const makeMinimaKernel = (seeds: Int32Array, multipliers: Int32Array): MinimaKernel => {
  const permutations = seeds.length
  // The layout above holds up to 128 permutations; a pass takes 4 * VECTORS of them.
  if (permutations > 128 || permutations % (4 * VECTORS) !== 0 || multipliers.length !== permutations) {
    throw new Error(`minima: ${permutations} permutations do not fit the kernel`)
  }
  const { run: minima, memory } = instantiate<(count: number) => void>(assemble(permutations), "minima")
  let words = new Int32Array(memory.buffer)
  words.set(seeds, SEEDS_AT / 4)
  words.set(multipliers, MULTIPLIERS_AT / 4)
  return {
    shingles: (count) => {
      if (ensureMemory(memory, SHINGLES_AT + 4 * count)) words = new Int32Array(memory.buffer)
      return words.subarray(SHINGLES_AT / 4, SHINGLES_AT / 4 + count)
    },
    run: (count) => {
      minima(count)
      return words.subarray(MINIMA_AT / 4, MINIMA_AT / 4 + permutations)
    }
  }
}
