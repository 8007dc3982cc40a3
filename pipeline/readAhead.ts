/**
 * Reads input files ahead of their processing, through Node's thread pool.
 *
 * Processing is synchronous (pipeline/batch.ts), so a file read there stops the thread until the
 * disk answers. On a virtual or network disk that adds up: on the bench VM, reads waited ~2.5 s
 * of a 50-second run of 20,000 files (125 µs a file, a few over 10 ms). Here the files of the
 * next batches are read while the current one is processed; in a run with workers, the main
 * thread reads them and moves the bytes to the worker with the batch.
 */
import * as fs from "node:fs"
import type { InputFile } from "./inputs.ts"

/** A file's bytes, why they could not be read, or undefined: not read ahead (see `readBatch`). */
export type FileContent = Uint8Array | { readonly readError: string } | undefined

/**
 * Bytes of a batch read ahead, at most; the batch's later files are read when it is processed.
 * A batch is usually a few hundred kB, but 64 files of up to --max-bytes each could be gigabytes.
 */
const READ_AHEAD_BYTES_PER_BATCH = 8 * 1024 * 1024

/** Whether `bytes` is the whole of its buffer (so the buffer can be moved to a worker). */
const ownsBuffer = (bytes: Uint8Array) => bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength

// fs.readFile with a callback: fs.promises.readFile took about twice the main thread's time per file.
const readFile = (file: InputFile): Promise<FileContent> =>
  new Promise((resolve) =>
    fs.readFile(file.absolutePath, (error, bytes) =>
      resolve(error !== null ? { readError: error.message } : ownsBuffer(bytes) ? bytes : new Uint8Array(bytes))))

/**
 * Reads the files of a batch, in parallel, until READ_AHEAD_BYTES_PER_BATCH (by their listed
 * sizes). Files over `maxBytes` are rejected unread, so they are not read here either. Never
 * rejects: a failed read is the file's `readError`.
 */
export const readBatch = (files: ReadonlyArray<InputFile>, maxBytes: number): Promise<Array<FileContent>> => {
  let budget = READ_AHEAD_BYTES_PER_BATCH
  return Promise.all(files.map((file) => {
    if (file.size > maxBytes || file.size > budget) return undefined
    budget -= file.size
    return readFile(file)
  }))
}

/** The buffers of read-ahead contents, for a worker message's transfer list. */
export const contentBuffers = (contents: ReadonlyArray<FileContent>): Array<ArrayBuffer> =>
  contents.flatMap((content) => content instanceof Uint8Array ? [content.buffer as ArrayBuffer] : [])

/**
 * `take(b)`: batch b's files and their contents; also starts reading the batches up to b + depth.
 * Batches are taken in order, each once.
 */
export const readAhead = (batches: number, filesOf: (b: number) => Array<InputFile>, maxBytes: number, depth: number) => {
  const pending = new Map<number, { files: Array<InputFile>; contents: Promise<Array<FileContent>> }>()
  let next = 0
  return (b: number) => {
    for (; next < batches && next <= b + depth; next++) {
      const files = filesOf(next)
      pending.set(next, { files, contents: readBatch(files, maxBytes) })
    }
    const taken = pending.get(b)!
    pending.delete(b)
    return taken
  }
}
