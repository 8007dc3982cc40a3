/**
 * wasm: what the small WebAssembly SIMD kernels of this folder (minima.ts, differing.ts) are
 * assembled from: the integer encodings, the instructions they use by name, and a module of
 * one exported function and one exported memory. Opcodes: WebAssembly core spec, binary
 * format, §5.4 instructions; SIMD opcodes after the 0xFD prefix.
 */

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
export const localGet = (i: number) => [0x20, i]
export const localSet = (i: number) => [0x21, i]
export const localTee = (i: number) => [0x22, i]
export const i32Const = (n: number) => [0x41, ...sleb(n)]
export const i32Load = [0x28, 2, 0] // align 4, offset 0
export const i32Add = [0x6a]
export const i32Sub = [0x6b]
export const i32Shl = [0x74]
export const i32LtU = [0x49]
export const loop = [0x03, 0x40] // with no result
export const brIfLoop = [0x0d, 0] // branch to the innermost loop's start
export const end = [0x0b]
const simd = (op: number) => [0xfd, ...uleb(op)]
export const v128Load = (offset: number) => [...simd(0x00), 4, ...uleb(offset)]
export const v128Store = (offset: number) => [...simd(0x0b), 4, ...uleb(offset)]
export const v128ConstI32x4 = (n: number) => [...simd(0x0c), ...[0, 1, 2, 3].flatMap(() => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, n >>> 24])]
export const i32x4ExtractLane = (lane: number) => [...simd(0x1b), lane]
export const i32x4Splat = simd(0x11)
export const i8x16Eq = simd(0x23)
export const v128Xor = simd(0x51)
export const i8x16Sub = simd(0x71)
export const i16x8ExtaddPairwiseI8x16U = simd(0x7d)
export const i32x4ExtaddPairwiseI16x8U = simd(0x7f)
export const i32x4ShrU = simd(0xad)
export const i32x4Mul = simd(0xb5)
export const i32x4MinS = simd(0xb6)

/** Value types and function types of the binary format. */
export const I32 = 0x7f
export const V128 = 0x7b
export const functionType = (params: ReadonlyArray<number>, results: ReadonlyArray<number>) =>
  [0x60, params.length, ...params, results.length, ...results]

/**
 * A module of one function, exported as `name`, and one memory of one page to start with,
 * exported as "memory". `locals`: the function's local declarations, as [count, type] pairs.
 */
export const assembleModule = (
  name: string,
  type: ReadonlyArray<number>,
  locals: ReadonlyArray<readonly [number, number]>,
  code: ReadonlyArray<number>
): Uint8Array => {
  const body = [locals.length, ...locals.flat(), ...code]
  const section = (id: number, content: Array<number>) => [id, ...uleb(content.length), ...content]
  const utf8Name = (s: string) => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))]
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, // "\0asm", version 1
    ...section(1, [1, ...type]), // types: one
    ...section(3, [1, 0]), // functions: one, of type 0
    ...section(5, [1, 0, 1]), // memory: one page to start with
    ...section(7, [2, ...utf8Name("memory"), 2, 0, ...utf8Name(name), 0, 0]), // exports
    ...section(10, [1, ...uleb(body.length), ...body]) // code
  ])
}

/** The part of the WebAssembly JavaScript API used here (the project's TypeScript lib has no DOM types, which declare it). */
interface WasmApi {
  readonly Module: new (bytes: Uint8Array) => object
  readonly Instance: new (module: object) => { readonly exports: Record<string, unknown> }
}
export interface WasmMemory {
  readonly buffer: ArrayBuffer
  grow(pages: number): number
}
const wasm = (globalThis as unknown as { readonly WebAssembly: WasmApi }).WebAssembly

const PAGE = 65536

/** Instantiates a module made by `assembleModule`: its function and its memory. */
export const instantiate = <F>(bytes: Uint8Array, name: string): { readonly run: F; readonly memory: WasmMemory } => {
  const { exports } = new wasm.Instance(new wasm.Module(bytes))
  return { run: exports[name] as F, memory: exports["memory"] as WasmMemory }
}

/** Grows `memory` to at least `bytes`; true when it grew (which detaches views of the old buffer). */
export const ensureMemory = (memory: WasmMemory, bytes: number): boolean => {
  if (bytes <= memory.buffer.byteLength) return false
  memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE))
  return true
}
