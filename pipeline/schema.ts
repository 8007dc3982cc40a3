/**
 * The one source of truth for every output table: grain, columns, types and
 * descriptions. The CSV header, the Arrow schema, the row validation and the
 * manifest's schema description all derive from `tables` below; no column
 * list is written anywhere else.
 */

/** Logical column types; each maps to one value check (encode.ts), one Arrow type, one CSV rendering. */
export type ColumnType = "string" | "int" | "float" | "bool" | "date" | "string_list"

export interface Column<T extends ColumnType = ColumnType> {
  readonly type: T
  readonly nullable: boolean
  readonly description: string
}

const column = <T extends ColumnType, N extends boolean = false>(type: T, description: string, nullable?: N) => ({
  type,
  nullable: (nullable ?? false) as N,
  description
})

export const removalKinds = [
  "masthead",
  "title",
  "byline",
  "author_bio",
  "contact",
  "dateline",
  "date_line",
  "comment_form",
  "share_widget",
  "newsletter",
  "cookie_notice",
  "breadcrumb",
  "section_label",
  "caption",
  "photo_credit",
  "tagline",
  "footer",
  "published_in",
  "syndication_note",
  "disclaimer",
  "pull_quote",
  "deck",
  "related_links",
  "tag_line",
  "view_counter",
  "advertisement",
  "navigation"
] as const
export type RemovalKind = (typeof removalKinds)[number]

export const rejectReasons = [
  "empty",
  "whitespace_only",
  "binary",
  "undecodable",
  "too_large",
  "no_body",
  "duplicate",
  "error"
] as const
export type RejectReason = (typeof rejectReasons)[number]

export const datePrecisions = ["day", "month", "year"] as const

/** Columns of this table that must match a key of another table (rows point at their parent). */
export interface ForeignKey {
  readonly columns: ReadonlyArray<string>
  readonly table: string
  readonly references: ReadonlyArray<string>
}

export interface TableSpec {
  readonly name: string
  readonly grain: string
  readonly columns: Readonly<Record<string, Column>>
  /** Columns whose values together identify a row; unique in every run. */
  readonly primaryKey: ReadonlyArray<string>
  readonly foreignKeys: ReadonlyArray<ForeignKey>
}

const toDocuments: ForeignKey = { columns: ["doc_id"], table: "documents", references: ["doc_id"] }

const documents = {
  name: "documents",
  grain: "one row per usable input file",
  primaryKey: ["doc_id"],
  foreignKeys: [],
  columns: {
    doc_id: column("string", "Stable id: the first 16 hex digits of sha256(source_path + NUL + source_sha256); the same on every rerun of the same input"),
    source_path: column("string", "Path relative to the input folder, '/'-separated"),
    source_sha256: column("string", "SHA-256 of the raw bytes, lower-case hex"),
    encoding: column("string", "Encoding the bytes were decoded from (utf-8, utf-16le, windows-1252, ...)"),
    title: column("string", "Headline, without site name or section labels", true),
    authors: column("string_list", "Person(s) or organisation credited; empty when unsigned (CSV: joined with '; ')"),
    outlet: column("string", "Canonical outlet name from the outlet registry", true),
    outlet_raw: column("string", "The outlet mention as found in the text", true),
    published_date: column("date", "Publication date; the first day of the period when only the month or year is known", true),
    date_precision: column("string", "How much of published_date is known: day, month or year", true),
    published_time: column("string", "Publication time as printed, HH:MM 24-hour", true),
    utc_offset: column("string", "UTC offset such as +05:00 when the text names a zone", true),
    date_raw: column("string", "The date text as found", true),
    dateline: column("string", "Place name of a dateline (ISLAMABAD, МОСКВА)", true),
    language: column("string", "ISO 639-3 code of the body's main language (macrolanguage codes such as fas, ara, zho); und when unknown"),
    language_confidence: column("float", "Confidence of the language label, 0-1"),
    paragraph_count: column("int", "Paragraphs in the clean body"),
    sentence_count: column("int", "Sentences in the clean body"),
    word_count: column("int", "Words (runs of letters and digits) in the clean body"),
    char_count: column("int", "Unicode code points in the clean body"),
    removed_char_count: column("int", "Code points removed from the decoded text as boilerplate or metadata"),
    duplicate_group: column("string", "doc_id of the representative of the document's group of copies (identical clean body, or estimated Jaccard similarity of 5-word shingles at least --duplicate-threshold, linked transitively); null when the document has no copy", true),
    is_representative: column("bool", "True for the one document that stands for its group of copies (earliest published_date, undated last, then first source_path) and for a document with no copy"),
    duplicate_similarity: column("float", "Estimated Jaccard similarity (MinHash, 3 decimals) of the clean body to its group's representative; 1 for an identical body; null when the document has no copy", true),
    text: column("string", "Clean body; paragraphs separated by a blank line")
  }
} satisfies TableSpec

const sentences = {
  name: "sentences",
  grain: "one row per sentence of a document's clean body",
  primaryKey: ["doc_id", "sentence_index"],
  foreignKeys: [toDocuments],
  columns: {
    doc_id: column("string", "Document the sentence belongs to (documents.doc_id)"),
    sentence_index: column("int", "0-based position within the document"),
    paragraph_index: column("int", "0-based paragraph within the document"),
    text: column("string", "The sentence"),
    char_start: column("int", "Start offset into documents.text in Unicode code points"),
    char_end: column("int", "End offset (exclusive) into documents.text in Unicode code points"),
    source_byte_start: column("int", "Start of the raw input bytes the sentence came from"),
    source_byte_end: column("int", "End (exclusive) of the raw input bytes the sentence came from"),
    language: column("string", "ISO 639-3 code of the sentence; the document's language when the sentence is too short to tell; und when its script rules the document's language out")
  }
} satisfies TableSpec

const removals = {
  name: "removals",
  grain: "one row per span removed from a document",
  // Removed spans never overlap, so a span's first byte identifies it within its document.
  primaryKey: ["doc_id", "source_byte_start"],
  foreignKeys: [toDocuments],
  columns: {
    doc_id: column("string", "Document the span was removed from (documents.doc_id)"),
    kind: column("string", `What was removed: one of ${removalKinds.join(", ")}`),
    text: column("string", "The removed text"),
    source_byte_start: column("int", "Start of the removed span in the raw input bytes"),
    source_byte_end: column("int", "End (exclusive) of the removed span in the raw input bytes")
  }
} satisfies TableSpec

const rejects = {
  name: "rejects",
  grain: "one row per input file that produced no document",
  primaryKey: ["source_path"],
  foreignKeys: [],
  columns: {
    source_path: column("string", "Path relative to the input folder, '/'-separated"),
    source_sha256: column("string", "SHA-256 of the raw bytes, lower-case hex"),
    reason: column("string", `Machine-readable reason: one of ${rejectReasons.join(", ")}`),
    detail: column("string", "One human sentence explaining the reason")
  }
} satisfies TableSpec

export const tables = { documents, sentences, removals, rejects } as const
export type TableName = keyof typeof tables

/**
 * Columns known only once the whole run is: a document's duplicate labels need every
 * document's signature. Rows are encoded without them and they are filled in when the
 * held rows are written (pipeline/duplicates.ts).
 */
export const heldBackColumns: Readonly<Record<TableName, ReadonlyArray<string>>> = {
  documents: ["duplicate_group", "is_representative", "duplicate_similarity"],
  sentences: [],
  removals: [],
  rejects: []
}

type ValueOf<C extends Column> = C["type"] extends "string" ? string
  : C["type"] extends "int" | "float" ? number
  : C["type"] extends "bool" ? boolean
  : C["type"] extends "date" ? string // ISO YYYY-MM-DD
  : ReadonlyArray<string>

/** The row type of a table, derived from its columns. */
export type Row<T extends TableSpec> = {
  readonly [K in keyof T["columns"]]: T["columns"][K] extends Column
    ? T["columns"][K]["nullable"] extends true ? ValueOf<T["columns"][K]> | null : ValueOf<T["columns"][K]>
    : never
}

export type DocumentRow = Row<typeof documents>
export type SentenceRow = Row<typeof sentences>
export type RemovalRow = Row<typeof removals>
export type RejectRow = Row<typeof rejects>

export const columnNames = (table: TableSpec): ReadonlyArray<string> => Object.keys(table.columns)

/** JSON description of every table for the manifest and the data dictionary. */
export const describeTables = () =>
  Object.values(tables).map((t) => ({
    name: t.name,
    grain: t.grain,
    primary_key: t.primaryKey,
    foreign_keys: t.foreignKeys,
    columns: Object.entries(t.columns).map(([name, c]) => ({
      name,
      type: c.type === "string_list" ? "list<string>" : c.type,
      nullable: c.nullable,
      description: c.description
    }))
  }))
