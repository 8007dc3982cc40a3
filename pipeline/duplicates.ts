/**
 * Labelling copies across a run (stages/duplicates does the signing and the
 * grouping; this file holds rows back until every document has been seen).
 *
 * Documents rows (encoded, pipeline/encode.ts) are held in a spool file beside
 * the outputs, one v8-serialised record per batch, while their 128-byte
 * signatures gather in the signature store: in memory, or for a run of more
 * than SPILL_ABOVE_DOCUMENTS inputs in temporary files beside the outputs
 * (stages/duplicates/column.ts). At the end the copies are
 * grouped and the spool is replayed batch by batch with `duplicate_group`,
 * `is_representative` and `duplicate_similarity` filled in. With `--dedupe`
 * every table is held, and a copy's rows are replaced by a `rejects` row with
 * reason `duplicate`, in input order.
 *
 * A shard (`--shard K/N`) also writes its signatures to `duplicates.sigs`;
 * `newsprep merge` groups across all parts from those files.
 */
import { createHash } from "node:crypto"
import * as fs from "node:fs"
import * as path from "node:path"
import {
  type DuplicateEntry,
  type DuplicateGrouping,
  type DuplicateLabel,
  duplicateReject,
  formatSignature,
  groupStore,
  parseSignature,
  SignatureStore
} from "../stages/duplicates/index.ts"
import { readAt, writeAll } from "../stages/duplicates/column.ts"
import * as v8 from "node:v8"
import type { BatchResult, EncodedTables, InputStatus } from "./batch.ts"
import { type InputLog, readLines } from "./manifest.ts"
import { concatRows, encodeRows, type EncodedRows, type HeldValues, noRows, segmentAt, selectSegments } from "./encode.ts"
import { heldBackColumns, type TableName, tables } from "./schema.ts"
import type { TableSink } from "./sinks.ts"

export interface DuplicateSettings {
  readonly threshold: number
  /** Keep only representatives; copies go to rejects. */
  readonly dedupe: boolean
}

export const SIGNATURES_FILE = "duplicates.sigs"

/** A file of v8-serialised records (each after its 4-byte length), read back in order. */
class Spool {
  private readonly fd: number
  constructor(readonly file: string) {
    this.fd = fs.openSync(file, "w+")
  }
  append(value: unknown) {
    const record = v8.serialize(value)
    const length = Buffer.alloc(4)
    length.writeUInt32LE(record.length)
    writeAll(this.fd, length)
    writeAll(this.fd, record)
  }
  *records(): Generator<unknown> {
    const length = Buffer.alloc(4)
    for (let position = 0; readAt(this.fd, length, position) === 4;) {
      const record = Buffer.alloc(length.readUInt32LE())
      if (readAt(this.fd, record, position + 4) !== record.length) throw new Error(`${this.file} ends inside a record`)
      position += 4 + record.length
      yield v8.deserialize(record)
    }
  }
  close() {
    fs.closeSync(this.fd)
    fs.rmSync(this.file, { force: true })
  }
}

type Sinks = Record<TableName, ReadonlyArray<TableSink>>

interface HeldBatch {
  readonly tables: Partial<EncodedTables>
  readonly statuses: ReadonlyArray<InputStatus>
}

export interface DuplicateHolder {
  /** Tables whose rows `hold` keeps back; the caller writes the others straight away. */
  readonly held: ReadonlyArray<TableName>
  readonly hold: (batch: BatchResult) => void
  /**
   * Groups, then writes the held rows; returns the number of copies turned into rejects. With
   * --dedupe, appends every input's status to `inputLog` (copies as rejects).
   */
  readonly release: (sinks: Sinks, inputLog: InputLog) => number
  readonly close: () => void
}

/** Where a run keeps groupings for reruns: the cache folder and the fingerprint of code and options (pipeline/cache.ts). */
export interface GroupingCache {
  readonly directory: string
  readonly fingerprint: string
}

/**
 * Groups the store, reusing the grouping of a run that saw exactly the same documents (same
 * signatures, ids, paths and dates), code and threshold: a rerun on unchanged input skips the
 * search for copies, whose cost grows faster than the number of documents.
 */
const groupWithCache = (store: SignatureStore, threshold: number, cache: GroupingCache | undefined) => {
  if (cache === undefined) return groupStore(store, threshold)
  const key = createHash("sha256").update(`${cache.fingerprint}\0${threshold}\0${store.contentHash()}`).digest("hex")
  const file = path.join(cache.directory, "groups", `${key}.i32`)
  let known: Int32Array | undefined
  try {
    const bytes = fs.readFileSync(file)
    known = new Int32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength))
  } catch {
    known = undefined // not grouped before
  }
  const grouping = groupStore(store, threshold, known)
  if (grouping.representative !== known) { // not grouped before, or a damaged file: keep this grouping
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(`${file}.tmp-${process.pid}`, grouping.representative)
    fs.renameSync(`${file}.tmp-${process.pid}`, file)
  }
  return grouping
}

/**
 * A signature store sized for `expectedDocuments`; past SPILL_ABOVE_DOCUMENTS its columns go to
 * temporary files in `folder` (removed by `close`, or as a killed run's leftovers).
 */
export const openSignatureStore = (folder: string, expectedDocuments: number): SignatureStore =>
  new SignatureStore(expectedDocuments, (name) => path.join(folder, `duplicates-${name}.tmp-${process.pid}`))

export const holdForDuplicates = (
  output: string,
  settings: DuplicateSettings,
  writeSignatures: boolean,
  /** How many documents to expect at most (the inputs): the store is sized once, without growing. */
  expectedDocuments: number,
  cache?: GroupingCache
): DuplicateHolder => {
  const held: ReadonlyArray<TableName> = settings.dedupe ? ["documents", "sentences", "removals", "rejects"] : ["documents"]
  const spool = new Spool(path.join(output, `duplicates-spool.v8.tmp-${process.pid}`))
  // Undefined once closed: closing a descriptor twice can close another file that was given its number.
  let signatureLines = writeSignatures ? fs.openSync(path.join(output, `${SIGNATURES_FILE}.tmp-${process.pid}`), "w") : undefined
  const store = openSignatureStore(output, expectedDocuments)

  return {
    held,
    hold: (batch) => {
      for (const entry of batch.signatures) {
        store.add(entry)
        if (signatureLines !== undefined) fs.writeSync(signatureLines, signatureLine(entry))
      }
      const heldTables = Object.fromEntries(held.map((name) => [name, batch.tables[name]]))
      spool.append({ tables: heldTables, statuses: settings.dedupe ? batch.statuses : [] } satisfies HeldBatch)
    },
    release: (sinks, inputLog) => {
      if (signatureLines !== undefined) {
        fs.closeSync(signatureLines)
        signatureLines = undefined
        fs.renameSync(path.join(output, `${SIGNATURES_FILE}.tmp-${process.pid}`), path.join(output, SIGNATURES_FILE))
      }
      const grouping = groupWithCache(store, settings.threshold, cache)
      let index = 0
      let copies = 0
      for (const record of spool.records()) {
        const batch = record as HeldBatch
        const documents = batch.tables.documents ?? noRows(tables.documents, heldBackColumns.documents)
        const labels = labelsAt(documents.rows, grouping, index)
        index += documents.rows
        if (!settings.dedupe) {
          for (const sink of sinks.documents) sink.write(documents, labelValues(labels))
          continue
        }
        const kept = keepRepresentatives(batch, labels)
        copies += kept.copies
        for (const status of kept.statuses) inputLog.append(status)
        for (const name of held) for (const sink of sinks[name]) sink.write(kept.tables[name], name === "documents" ? kept.labels : undefined)
      }
      return copies
    },
    close: () => {
      spool.close()
      store.close()
      if (signatureLines !== undefined) fs.closeSync(signatureLines) // the run ended before `release`
      if (writeSignatures) fs.rmSync(path.join(output, `${SIGNATURES_FILE}.tmp-${process.pid}`), { force: true })
    }
  }
}

/** Labels of `count` documents rows that are entries from `first` on. */
export const labelsAt = (count: number, grouping: DuplicateGrouping, first: number): Array<DuplicateLabel> =>
  Array.from({ length: count }, (_, k) => grouping.labelAt(first + k))

/** The duplicate columns' values (schema.ts heldBackColumns) of documents rows with these labels. */
export const labelValues = (labels: ReadonlyArray<DuplicateLabel>): HeldValues => ({
  duplicate_group: labels.map((l) => l.group),
  is_representative: labels.map((l) => l.isRepresentative),
  duplicate_similarity: labels.map((l) => l.similarity)
})

/**
 * --dedupe: a copy's rows leave every table, and a `duplicate` reject takes its place in input
 * order. Document k of the batch is segment k of documents, sentences and removals; own reject
 * j is segment j of rejects.
 */
const keepRepresentatives = (batch: HeldBatch, labels: ReadonlyArray<DuplicateLabel>) => {
  let document = 0
  const rejects: Array<EncodedRows> = []
  let ownRejects = 0
  const statuses = batch.statuses.map((status): InputStatus => {
    if (status.status === "reject") {
      rejects.push(segmentAt(batch.tables.rejects!, ownRejects++))
      return status
    }
    const label = labels[document++]!
    if (label.isRepresentative) return status
    rejects.push(encodeRows(tables.rejects, [duplicateReject(status, label)]))
    return { ...status, status: "reject" }
  })
  const keep = (k: number) => labels[k]!.isRepresentative
  const select = (name: "documents" | "sentences" | "removals") =>
    selectSegments(tables[name], batch.tables[name] ?? noRows(tables[name], heldBackColumns[name]), keep, heldBackColumns[name])
  return {
    copies: labels.filter((label) => !label.isRepresentative).length,
    statuses,
    labels: labelValues(labels.filter((_, k) => keep(k))),
    tables: {
      documents: select("documents"),
      sentences: select("sentences"),
      removals: select("removals"),
      rejects: rejects.length === 0 ? noRows(tables.rejects) : concatRows(rejects)
    } satisfies EncodedTables
  }
}

const signatureLine = (entry: DuplicateEntry) =>
  `${entry.docId}\t${entry.sourcePath.replace(/[\t\n]/g, " ")}\t${entry.publishedDate ?? ""}\t${formatSignature(entry.signature)}\n`

/** Reads the signature files of merged parts, in part order, into `store`. */
export const readSignatureFiles = (files: ReadonlyArray<string>, store = new SignatureStore()): SignatureStore => {
  for (const file of files) {
    for (const line of readLines(file)) { // line by line: ~240 MB per million documents
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
