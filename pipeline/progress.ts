/**
 * Progress reporting on stderr (never stdout, which stays free for data).
 * On a terminal: one bar redrawn in place, with documents done (rows, for
 * merge), MB/s and the time left. Otherwise (CI logs, files): one plain line
 * every few seconds.
 */
export interface Progress {
  readonly advance: (done: number, bytes: number) => void
  readonly finish: () => void
}

export const silentProgress: Progress = { advance: () => {}, finish: () => {} }

/**
 * Grouping copies comes after the documents are counted and has no count of its own: about 1 s
 * per 20,000 documents on the bench VM, more on templated corpora. From this many documents a run
 * or merge reporting progress says it is grouping, rather than seem to hang.
 */
const GROUPING_NOTICE_DOCUMENTS = 50_000
export const announceGrouping = (documents: number, stream: NodeJS.WritableStream = process.stderr): void => {
  if (documents >= GROUPING_NOTICE_DOCUMENTS) stream.write(`newsprep: grouping copies among ${documents} documents\n`)
}

const TTY_INTERVAL_MS = 200
const LOG_INTERVAL_MS = 5000
const BAR_WIDTH = 24

const duration = (seconds: number): string => {
  if (!Number.isFinite(seconds)) return "--:--"
  const s = Math.max(0, Math.round(seconds))
  const h = Math.floor(s / 3600)
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, "0")
  const ss = String(s % 60).padStart(2, "0")
  return h > 0 ? `${h}:${mm}:${ss}` : `${mm}:${ss}`
}

/** Formats one progress report (`unit`: what is counted, "documents" or "rows"); exported for tests. */
export const describeProgress = (done: number, total: number, bytes: number, seconds: number, bar: boolean, unit = "documents"): string => {
  const rate = seconds > 0 ? bytes / 1e6 / seconds : 0
  const left = done > 0 ? (seconds * (total - done)) / done : Number.POSITIVE_INFINITY
  const share = total > 0 ? done / total : 1
  const counts = `${done}/${total} ${unit}, ${rate.toFixed(1)} MB/s, ${duration(left)} left`
  if (!bar) return `newsprep: ${(share * 100).toFixed(0)}% ${counts}`
  const filled = Math.round(share * BAR_WIDTH)
  return `[${"#".repeat(filled)}${"-".repeat(BAR_WIDTH - filled)}] ${(share * 100).toFixed(0).padStart(3)}% ${counts}`
}

export const makeProgress = (
  total: number,
  unit = "documents",
  stream: NodeJS.WriteStream = process.stderr,
  now: () => number = () => performance.now()
): Progress => {
  const tty = stream.isTTY === true
  const start = now()
  let last = start
  let done = 0
  let bytes = 0
  const show = (final: boolean) => {
    const line = describeProgress(done, total, bytes, (now() - start) / 1000, tty, unit)
    if (tty) stream.write(`\r${line}\x1b[K${final ? "\n" : ""}`)
    else stream.write(`${line}\n`)
  }
  return {
    advance: (count, read) => {
      done += count
      bytes += read
      const t = now()
      if (t - last >= (tty ? TTY_INTERVAL_MS : LOG_INTERVAL_MS)) {
        last = t
        show(false)
      }
    },
    finish: () => {
      if (tty || now() - start >= LOG_INTERVAL_MS) show(true)
    }
  }
}
