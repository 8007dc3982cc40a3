/**
 * What apache-arrow's file reader takes for a `fs.promises.FileHandle`, with synchronous reads.
 * The reader awaits one read per record batch; through Node's thread pool each left the thread
 * idle (~0.4 s at the end of a 20,000-article run, whose report reads the tables just written,
 * still in the page cache). Used where nothing else waits on this thread meanwhile: the report,
 * and merge.
 */
import * as fs from "node:fs"

export const syncFileHandle = (file: string): fs.promises.FileHandle => {
  const fd = fs.openSync(file, "r")
  let open = true
  const handle = {
    fd,
    stat: async () => fs.fstatSync(fd),
    read: async (buffer: Uint8Array, offset: number, length: number, position: number) =>
      ({ bytesRead: fs.readSync(fd, buffer, offset, length, position), buffer }),
    // The reader closes it when done, and so does its owner (a FileHandle's second close does nothing).
    close: async () => {
      if (open) fs.closeSync(fd)
      open = false
    }
  }
  return handle as unknown as fs.promises.FileHandle
}
