/**
 * Labelling copies across a run (stages/duplicates does the signing and the
 * grouping; this file holds rows back until every document has been seen).
 *
 * Documents rows are held in a spool file beside the outputs, one JSON line per
 * batch, while their 128-byte signatures gather in memory (memory grows with
 * the number of documents, never their size). At the end the copies are
 * grouped and the spool is replayed batch by batch with `duplicate_group`,
 * `is_representative` and `duplicate_similarity` filled in. With `--dedupe`
 * every table is held, and a copy's rows are replaced by a `rejects` row with
 * reason `duplicate`, in input order.
 *
 * A shard (`--shard K/N`) also writes its signatures to `duplicates.sigs`;
 * `newsprep merge` groups across all parts from those files.
 */
import * as fs from "node:fs"
import * as path from "node:path"
import {
  type DuplicateEntry,
  type DuplicateGrouping,
  duplicateReject,
  formatSignature,
  groupStore,
  parseSignature,
  SignatureStore
} from "../stages/duplicates/index.ts"
import type { BatchResult, InputStatus, TableRows } from "./batch.ts"
import type { RejectRow, TableName } from "./schema.ts"
import type { TableSink } from "./sinks.ts"

export interface DuplicateSettings {
  readonly threshold: number
  /** Keep only representatives; copies go to rejects. */
  readonly dedupe: boolean
}

export const SIGNATURES_FILE = "duplicates.sigs"

/** A file of JSON lines written through a temporary name and read back line by line. */
class Spool {
  private readonly fd: number
  constructor(readonly file: string) {
    this.fd = fs.openSync(file, "w+")
  }
  append(value: unknown) {
    fs.writeSync(this.fd, JSON.stringify(value) + "\n")
  }
  *lines(): Generator<string> {
    const chunk = Buffer.alloc(1 << 20)
    let position = 0
    let pending: Array<Buffer> = []
    for (;;) {
      const read = fs.readSync(this.fd, chunk, 0, chunk.length, position)
      if (read === 0) break
      position += read
      let from = 0
      for (let i = 0; i < read; i++) {
        if (chunk[i] !== 10) continue
        pending.push(Buffer.from(chunk.subarray(from, i)))
        yield Buffer.concat(pending).toString("utf8")
        pending = []
        from = i + 1
      }
      if (from < read) pending.push(Buffer.from(chunk.subarray(from, read)))
    }
  }
  close() {
    fs.closeSync(this.fd)
    fs.rmSync(this.file, { force: true })
  }
}

type Sinks = Record<TableName, ReadonlyArray<TableSink>>

interface HeldBatch {
  readonly rows: Partial<TableRows>
  readonly statuses: ReadonlyArray<InputStatus>
}

export interface DuplicateHolder {
  /** Tables whose rows `hold` keeps back; the caller writes the others straight away. */
  readonly held: ReadonlyArray<TableName>
  readonly hold: (batch: BatchResult) => void
  /** Groups, then writes the held rows; returns the statuses with copies marked as rejects. */
  readonly release: (sinks: Sinks) => { readonly copies: number; readonly statuses: ReadonlyArray<InputStatus> }
  readonly close: () => void
}

export const holdForDuplicates = (output: string, settings: DuplicateSettings, writeSignatures: boolean): DuplicateHolder => {
  const held: ReadonlyArray<TableName> = settings.dedupe ? ["documents", "sentences", "removals", "rejects"] : ["documents"]
  const spool = new Spool(path.join(output, `duplicates-spool.jsonl.tmp-${process.pid}`))
  const signatureLines = writeSignatures ? fs.openSync(path.join(output, `${SIGNATURES_FILE}.tmp-${process.pid}`), "w") : undefined
  const store = new SignatureStore()

  return {
    held,
    hold: (batch) => {
      for (const entry of batch.signatures) {
        store.add(entry)
        if (signatureLines !== undefined) fs.writeSync(signatureLines, signatureLine(entry))
      }
      const rows = Object.fromEntries(held.map((name) => [name, batch.rows[name]]))
      spool.append({ rows, statuses: settings.dedupe ? batch.statuses : [] } satisfies HeldBatch)
    },
    release: (sinks) => {
      if (signatureLines !== undefined) {
        fs.closeSync(signatureLines)
        fs.renameSync(path.join(output, `${SIGNATURES_FILE}.tmp-${process.pid}`), path.join(output, SIGNATURES_FILE))
      }
      const grouping = groupStore(store, settings.threshold)
      let index = 0
      let copies = 0
      const statuses: Array<InputStatus> = []
      for (const line of spool.lines()) {
        const batch = JSON.parse(line) as HeldBatch
        const documents = labelRows(batch.rows.documents ?? [], grouping, index)
        index += documents.length
        if (!settings.dedupe) {
          for (const sink of sinks.documents) sink.write(documents)
          continue
        }
        const kept = keepRepresentatives(batch, documents, grouping, index - documents.length)
        copies += kept.copies
        statuses.push(...kept.statuses)
        for (const name of held) for (const sink of sinks[name]) sink.write(kept.rows[name])
      }
      return { copies, statuses }
    },
    close: () => {
      spool.close()
      if (signatureLines !== undefined) {
        try {
          fs.closeSync(signatureLines)
        } catch {
          // already closed by release
        }
        fs.rmSync(path.join(output, `${SIGNATURES_FILE}.tmp-${process.pid}`), { force: true })
      }
    }
  }
}

/** Sets the three duplicate columns of documents rows that are entries from `first` on. */
export const labelRows = (
  documents: ReadonlyArray<Record<string, unknown>>,
  grouping: DuplicateGrouping,
  first: number
): Array<Record<string, unknown>> =>
  documents.map((row, k) => {
    const label = grouping.labelAt(first + k)
    return { ...row, duplicate_group: label.group, is_representative: label.isRepresentative, duplicate_similarity: label.similarity }
  })

/** --dedupe: a copy's rows leave every table, and a `duplicate` reject takes its place in input order. */
const keepRepresentatives = (
  batch: HeldBatch,
  documents: ReadonlyArray<Record<string, unknown>>,
  grouping: DuplicateGrouping,
  first: number
) => {
  const copyIds = new Set<unknown>()
  const duplicateRejects = new Map<string, RejectRow>()
  documents.forEach((row, k) => {
    const label = grouping.labelAt(first + k)
    if (label.isRepresentative) return
    copyIds.add(row["doc_id"])
    duplicateRejects.set(row["source_path"] as string, duplicateReject(row as { source_path: string; source_sha256: string }, label))
  })
  // Rejects in input order: the batch's own rejects and the copies, as the statuses list them.
  const ownRejects = [...(batch.rows.rejects ?? [])]
  const rejects: Array<Record<string, unknown>> = []
  const statuses = batch.statuses.map((status): InputStatus => {
    if (status.status === "reject") {
      rejects.push(ownRejects.shift()!)
      return status
    }
    const copy = duplicateRejects.get(status.source_path)
    if (copy === undefined) return status
    rejects.push(copy)
    return { ...status, status: "reject" }
  })
  const keep = (rows: ReadonlyArray<Record<string, unknown>> | undefined) => (rows ?? []).filter((r) => !copyIds.has(r["doc_id"]))
  return {
    copies: copyIds.size,
    statuses,
    rows: { documents: keep(documents), sentences: keep(batch.rows.sentences), removals: keep(batch.rows.removals), rejects } as TableRows
  }
}

const signatureLine = (entry: DuplicateEntry) =>
  `${entry.docId}\t${entry.sourcePath.replace(/[\t\n]/g, " ")}\t${entry.publishedDate ?? ""}\t${formatSignature(entry.signature)}\n`

/** Reads the signature files of merged parts, in part order, into one store. */
export const readSignatureFiles = (files: ReadonlyArray<string>): SignatureStore => {
  const store = new SignatureStore()
  for (const file of files) {
    for (const line of fs.readFileSync(file, "utf8").split("\n")) {
      if (line === "") continue
      const [docId, sourcePath, date, signatureText] = line.split("\t")
      const signature = parseSignature(signatureText ?? "")
      if (docId === undefined || sourcePath === undefined || signature === undefined) {
        throw new Error(`${file} has a malformed line; rerun that shard.`)
      }
      store.add({ docId, sourcePath, publishedDate: date === "" ? null : date ?? null, signature })
    }
  }
  return store
}
