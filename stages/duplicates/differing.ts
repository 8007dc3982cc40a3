/**
 * differing: how many positions of two one-byte-per-position signatures differ, as a small
 * WebAssembly SIMD function. Grouping (group.ts) verifies every candidate pair this way, and on
 * template-heavy text an LSH bucket can hold thousands of documents that are checked against
 * one another: 30 million checks for the 20,000 bench articles. Sixteen positions per
 * instruction, without branches, take a check to ~10 ns; with the JavaScript loop it replaces
 * (four positions per 32-bit word, stopping once too many differ), grouping those articles took
 * 2.3-3.6 s, and takes 0.85-1.1 s now. The answer is the same as
 *
 *   let differing = 0
 *   for (let p = 0; p < P; p++) if (signatures[a * P + p] !== signatures[b * P + p]) differing++
 *
 * with P = PERMUTATIONS (signature.ts, 128). Memory layout: the signatures one after another
 * from byte 0, P bytes each.
 */
import {
  assembleModule,
  end,
  ensureMemory,
  functionType,
  I32,
  i16x8ExtaddPairwiseI8x16U,
  i32Const,
  i32Shl,
  i32Sub,
  i32x4ExtaddPairwiseI16x8U,
  i32x4ExtractLane,
  i8x16Eq,
  i8x16Sub,
  instantiate,
  localGet,
  localSet,
  V128,
  v128ConstI32x4,
  v128Load
} from "./wasm.ts"
import { PERMUTATIONS } from "./signature.ts"

/** Bytes of a signature: one per position. */
const SIGNATURE_BYTES = PERMUTATIONS
/** A signature is found by a shift, and compared 16 bytes at a time, each lane counting up to 255. */
const SIGNATURE_SHIFT = Math.log2(SIGNATURE_BYTES)
if (!Number.isInteger(SIGNATURE_SHIFT) || SIGNATURE_BYTES < 16 || SIGNATURE_BYTES > 16 * 255) {
  throw new Error(`differing: signatures of ${SIGNATURE_BYTES} positions do not fit the kernel`)
}

/** `differing(a, b)`: a and b are signature numbers; the locals are the parameters and an accumulator. */
const assemble = (): Uint8Array => {
  const A = 0, B = 1, EQUAL = 2
  const code = [
    // a = a * SIGNATURE_BYTES; b = b * SIGNATURE_BYTES (byte offsets)
    ...localGet(A), ...i32Const(SIGNATURE_SHIFT), ...i32Shl, ...localSet(A),
    ...localGet(B), ...i32Const(SIGNATURE_SHIFT), ...i32Shl, ...localSet(B),
    // equal = 0; per 16 bytes: equal -= (a == b), each lane counting its equal bytes (-1 per equal byte)
    ...v128ConstI32x4(0), ...localSet(EQUAL),
    ...Array.from({ length: SIGNATURE_BYTES / 16 }, (_, k) => [
      ...localGet(EQUAL),
      ...localGet(A), ...v128Load(16 * k), ...localGet(B), ...v128Load(16 * k), ...i8x16Eq,
      ...i8x16Sub, ...localSet(EQUAL)
    ]).flat(),
    // The 16 lane counts (at most SIGNATURE_BYTES / 16 each) summed pairwise into 4, then into one.
    ...localGet(EQUAL), ...i16x8ExtaddPairwiseI8x16U, ...i32x4ExtaddPairwiseI16x8U, ...localSet(EQUAL),
    ...i32Const(SIGNATURE_BYTES),
    ...[0, 1, 2, 3].flatMap((lane) => [...localGet(EQUAL), ...i32x4ExtractLane(lane), ...i32Sub]),
    ...end
  ]
  return assembleModule("differing", functionType([I32, I32], [I32]), [[1, V128]], code)
}

export interface DifferingKernel {
  /** Room for `count` signatures, to be written before `differing`; valid until the next call. */
  readonly signatures: (count: number) => Uint8Array
  /** Positions where signatures a and b (numbers in the room given last) differ. */
  readonly differing: (a: number, b: number) => number
}

export const makeDifferingKernel = (): DifferingKernel => {
  const { run, memory } = instantiate<(a: number, b: number) => number>(assemble(), "differing")
  return {
    signatures: (count) => {
      ensureMemory(memory, count * SIGNATURE_BYTES)
      return new Uint8Array(memory.buffer, 0, count * SIGNATURE_BYTES)
    },
    differing: run
  }
}
