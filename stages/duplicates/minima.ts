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
 * The module is assembled here from its opcodes (WebAssembly core spec, binary format,
 * §5.4 instructions; SIMD opcodes after the 0xFD prefix); no file, no dependency.
 * Memory layout (bytes): seeds at SEEDS_AT, multipliers at MULTIPLIERS_AT, the result at
 * MINIMA_AT, shingle hashes from SHINGLES_AT on.
 */

const SEEDS_AT = 0
const MULTIPLIERS_AT = 512
const MINIMA_AT = 1024
const SHINGLES_AT = 2048
const PAGE = 65536
/** v128 registers of permutations handled per pass over the shingles (4 lanes each). */
const VECTORS = 4

/** Unsigned and signed LEB128, the integer encodings of the binary format. */
const uleb = (n: number): Array<number> => {
  const out: Array<number> = []
  do {
    let byte = n & 0x7f
    n >>>= 7
    if (n !== 0) byte |= 0x80
    out.push(byte)
  } while (n !== 0)
  return out
}
const sleb = (n: number): Array<number> => {
  const out: Array<number> = []
  while (true) {
    const byte = n & 0x7f
    n >>= 7
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) return [...out, byte]
    out.push(byte | 0x80)
  }
}

// The instructions used, by name.
const localGet = (i: number) => [0x20, i]
const localSet = (i: number) => [0x21, i]
const localTee = (i: number) => [0x22, i]
const i32Const = (n: number) => [0x41, ...sleb(n)]
const i32Load = [0x28, 2, 0] // align 4, offset 0
const i32Add = [0x6a]
const i32Shl = [0x74]
const i32LtU = [0x49]
const loop = [0x03, 0x40] // with no result
const brIfLoop = [0x0d, 0] // branch to the innermost loop's start
const end = [0x0b]
const simd = (op: number) => [0xfd, ...uleb(op)]
const v128Load = (offset: number) => [...simd(0x00), 4, ...uleb(offset)]
const v128Store = (offset: number) => [...simd(0x0b), 4, ...uleb(offset)]
const v128ConstI32x4 = (n: number) => [...simd(0x0c), ...[0, 1, 2, 3].flatMap(() => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24])]
const i32x4Splat = simd(0x11)
const v128Xor = simd(0x51)
const i32x4ShrU = simd(0xad)
const i32x4Mul = simd(0xb5)
const i32x4MinS = simd(0xb6)

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
  const locals = [2, 3, 0x7f /* i32 */, 2 + 3 * VECTORS, 0x7b /* v128 */]
  const body = [...locals, ...code]
  const section = (id: number, content: Array<number>) => [id, ...uleb(content.length), ...content]
  const name = (s: string) => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))]
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, // "\0asm", version 1
    ...section(1, [1, 0x60, 1, 0x7f, 0]), // types: (i32) -> ()
    ...section(3, [1, 0]), // functions: one, of type 0
    ...section(5, [1, 0, 1]), // memory: one page to start with
    ...section(7, [2, ...name("memory"), 2, 0, ...name("minima"), 0, 0]), // exports
    ...section(10, [1, ...uleb(body.length), ...body]) // code
  ])
}

/** The part of the WebAssembly JavaScript API used here (the project's TypeScript lib has no DOM types, which declare it). */
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object
  readonly Instance: new (module: object) => { readonly exports: Record<string, unknown> }
}
interface WasmMemory {
  readonly buffer: ArrayBuffer
  grow(pages: number): number
}
const wasm = (globalThis as unknown as { readonly WebAssembly: WasmApi }).WebAssembly

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
  const instance = new wasm.Instance(new wasm.Module(assemble(permutations)))
  const memory = instance.exports["memory"] as WasmMemory
  const minima = instance.exports["minima"] as (count: number) => void
  let words = new Int32Array(memory.buffer)
  words.set(seeds, SEEDS_AT / 4)
  words.set(multipliers, MULTIPLIERS_AT / 4)
  return {
    shingles: (count) => {
      const bytes = SHINGLES_AT + 4 * count
      if (bytes > memory.buffer.byteLength) {
        memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE))
        words = new Int32Array(memory.buffer) // growing detaches the old buffer
      }
      return words.subarray(SHINGLES_AT / 4, SHINGLES_AT / 4 + count)
    },
    run: (count) => {
      minima(count)
      return words.subarray(MINIMA_AT / 4, MINIMA_AT / 4 + permutations)
    }
  }
}
