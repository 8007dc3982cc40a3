/**
 * column: an append-only run of bytes, kept in memory or, for a run too large
 * for that, in a temporary file read back by position. The signature store
 * (group.ts) keeps its MinHash values and its doc ids and paths in two of
 * them: at a million documents they are some 170 MB, which a file holds
 * instead of the heap. Bytes are appended first and read after (reads of the
 * file mode see everything appended before them).
 */
import * as fs from "node:fs"

const WRITE_CHUNK = 1 << 20

/** Reads into `into` from `position` until it is full or the file ends (a read may return less); returns the bytes read. */
export const readAt = (fd: number, into: Uint8Array, position: number): number => {
  let at = 0
  while (at < into.length) {
    const n = fs.readSync(fd, into, at, into.length - at, position + at)
    if (n === 0) break
    at += n
  }
  return at
}

/** Writes all of `bytes` at the file's offset (a write may take only part of them). */
export const writeAll = (fd: number, bytes: Uint8Array) => {
  for (let at = 0; at < bytes.byteLength;) at += fs.writeSync(fd, bytes, at, bytes.byteLength - at)
}

export class ByteColumn {
  /** Memory mode: every byte. File mode: the bytes not yet written to the file. */
  private buffer: Uint8Array
  private buffered = 0
  private written = 0
  private readonly fd: number | undefined

  /** In memory with room for `capacity` bytes (it grows), or in `file` when given. */
  constructor(capacity: number, private readonly file?: string) {
    this.fd = file === undefined ? undefined : fs.openSync(file, "w+")
    this.buffer = new Uint8Array(file === undefined ? Math.max(capacity, 64) : WRITE_CHUNK)
  }

  get length(): number {
    return this.written + this.buffered
  }

  append(bytes: Uint8Array) {
    if (this.buffered + bytes.length > this.buffer.length) {
      if (this.fd === undefined) this.grow(this.buffered + bytes.length)
      else this.flush()
    }
    if (this.fd !== undefined && bytes.length > this.buffer.length) {
      this.writeOut(bytes)
      return
    }
    this.buffer.set(bytes, this.buffered)
    this.buffered += bytes.length
  }

  /** Fills `into` with the bytes from `position` on. */
  read(position: number, into: Uint8Array) {
    if (this.fd === undefined) {
      into.set(this.buffer.subarray(position, position + into.length))
      return
    }
    this.flush()
    if (readAt(this.fd, into, position) !== into.length) throw new Error(`${this.file} ends before byte ${position + into.length}`)
  }

  /** The bytes [from, to): a view in memory mode, a copy read from the file otherwise. */
  slice(from: number, to: number): Uint8Array {
    if (this.fd === undefined) return this.buffer.subarray(from, to)
    const bytes = new Uint8Array(to - from)
    this.read(from, bytes)
    return bytes
  }

  /** Calls `visit` with the bytes in order, a chunk of at most `chunkBytes` at a time. */
  forEachChunk(chunkBytes: number, visit: (bytes: Uint8Array, position: number) => void) {
    if (this.fd === undefined) {
      for (let at = 0; at < this.buffered; at += chunkBytes) visit(this.buffer.subarray(at, Math.min(at + chunkBytes, this.buffered)), at)
      return
    }
    const chunk = new Uint8Array(chunkBytes)
    for (let at = 0; at < this.length; at += chunkBytes) {
      const bytes = chunk.subarray(0, Math.min(chunkBytes, this.length - at))
      this.read(at, bytes)
      visit(bytes, at)
    }
  }

  /** Closes and deletes the file (file mode). */
  close() {
    if (this.fd === undefined) return
    fs.closeSync(this.fd)
    fs.rmSync(this.file!, { force: true })
  }

  private grow(needed: number) {
    const bigger = new Uint8Array(Math.max(needed, Math.ceil(this.buffer.length * 1.5)))
    bigger.set(this.buffer.subarray(0, this.buffered))
    this.buffer = bigger
  }

  private flush() {
    if (this.buffered === 0) return
    this.writeOut(this.buffer.subarray(0, this.buffered))
    this.buffered = 0
  }

  /** Appends to the file: only writes move its offset (reads give their position). */
  private writeOut(bytes: Uint8Array) {
    writeAll(this.fd!, bytes)
    this.written += bytes.length
  }
}
