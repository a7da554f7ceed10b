// What the import pages know of imports (issue 14): their types from the API, the states and how
// each shows, which columns a mapping sends, the file kinds a user may pick, and a live progress
// notice merged into the import as GET shows it. Pure: the pages and their tests use it.
import type { Schemas } from "../../api/types";
import type { BadgeState } from "../settings/shared/Badge";
import type { MessageKey } from "../../i18n";

export type Import = Schemas["Import"];
export type ImportPreview = Schemas["ImportPreview"];
export type PreviewColumn = ImportPreview["columns"][number];
export type ImportTarget = ImportPreview["targets"][number];
export type FailedRows = Schemas["ImportFailedRows"];
export type SavedMapping = Schemas["ImportMapping"];
export type ImportState = Import["state"];

export const IMPORT_OBJECTS = ["contacts", "companies", "deals", "leads"] as const;
export type ImportObject = (typeof IMPORT_OBJECTS)[number];

export function isImportObject(s: string | null | undefined): s is ImportObject {
  return !!s && (IMPORT_OBJECTS as readonly string[]).includes(s);
}

export const importsKey = ["imports"] as const;
export const importKey = (id: string) => ["imports", "one", id] as const;

/** Queued or running: its progress still moves. */
export function isActive(state: ImportState): boolean {
  return state === "queued" || state === "running";
}

/** A real import that has ended and was not undone (the server answers 409 otherwise). */
export function canUndo(i: Pick<Import, "state" | "dry_run">): boolean {
  return !i.dry_run && (i.state === "done" || i.state === "failed");
}

const BADGES: Record<ImportState, BadgeState> = {
  queued: { tone: "neutral", mark: "…", label: "imports.state.queued" },
  running: { tone: "accent", mark: "▸", label: "imports.state.running" },
  done: { tone: "ok", mark: "✓", label: "imports.state.done" },
  failed: { tone: "danger", mark: "✕", label: "imports.state.failed" },
  undone: { tone: "warn", mark: "↶", label: "imports.state.undone" },
};

export function stateBadge(state: ImportState): BadgeState {
  return BADGES[state];
}

/** The file kinds the server reads, by a file's name (its type may be empty or wrong in the browser). */
export type FileKind = "csv" | "xlsx" | "vcard";

export function fileKindOf(name: string): FileKind | null {
  const ext = name.toLowerCase().split(".").pop() ?? "";
  if (ext === "csv" || ext === "txt" || ext === "tsv") return "csv";
  if (ext === "xlsx") return "xlsx";
  if (ext === "vcf" || ext === "vcard") return "vcard";
  return null;
}

/** The file chooser's accept list. */
export const ACCEPT = ".csv,.tsv,.txt,.xlsx,.vcf,.vcard,text/csv,text/vcard,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

export type OnDuplicate = "skip" | "update" | "create";
export type DateOrder = "dmy" | "mdy";

/** What the user decides on the review: each column's target (null: left out) and the options. */
export interface Choices {
  columns: Record<string, string | null>;
  on_duplicate: OnDuplicate;
  create_companies: boolean;
  date_order: DateOrder;
}

type MappingDoc = Record<string, unknown>;

function option<T extends string>(doc: MappingDoc, key: string, allowed: readonly T[], fallback: T): T {
  const v = doc[key];
  return typeof v === "string" && (allowed as readonly string[]).includes(v) ? (v as T) : fallback;
}

/** The choices a preview starts from: its columns' matches and its mapping's options. */
export function initialChoices(preview: ImportPreview): Choices {
  const doc = (preview.mapping ?? {}) as MappingDoc;
  return {
    columns: Object.fromEntries(preview.columns.map((c) => [c.header, c.refused ? null : (c.target ?? null)])),
    on_duplicate: option(doc, "on_duplicate", ["skip", "update", "create"] as const, "skip"),
    create_companies: doc["create_companies"] !== false,
    date_order: option(doc, "date_order", ["dmy", "mdy"] as const, "dmy"),
  };
}

/**
 * The mapping document the import is sent with: every column named (so the server's automatic
 * match cannot differ from what the user saw), the options, and the preview's own options kept
 * (currency, region, match_on) when the user had no control for them.
 */
export function mappingDocument(preview: ImportPreview, choices: Choices): MappingDoc {
  const doc = { ...((preview.mapping ?? {}) as MappingDoc) };
  doc["columns"] = Object.fromEntries(preview.columns.map((c) => [c.header, choices.columns[c.header] ?? null]));
  doc["on_duplicate"] = choices.on_duplicate;
  doc["create_companies"] = choices.create_companies;
  doc["date_order"] = choices.date_order;
  return doc;
}

/**
 * The choices a saved mapping makes for this file: its columns where it names them (null: left
 * out), the preview's match for the rest; its options.
 */
export function choicesFromSaved(preview: ImportPreview, saved: MappingDoc): Choices {
  const base = initialChoices({ ...preview, mapping: saved });
  const named = (saved["columns"] ?? {}) as Record<string, string | null>;
  for (const c of preview.columns) if (c.header in named) base.columns[c.header] = named[c.header] ?? null;
  return base;
}

/** Targets two columns fill although they take one value: the review warns before the server refuses. */
export function doubledTargets(choices: Choices, targets: readonly ImportTarget[]): Set<string> {
  const seen = new Map<string, number>();
  for (const t of Object.values(choices.columns)) if (t) seen.set(t, (seen.get(t) ?? 0) + 1);
  const many = new Set(targets.filter((t) => t.name === "emails" || t.name === "phones").map((t) => t.name));
  return new Set([...seen].filter(([t, n]) => n > 1 && !many.has(t)).map(([t]) => t));
}

/** The objects that look companies up (and so may create the missing ones). */
export function looksUpCompanies(object: ImportObject): boolean {
  return object !== "companies";
}

/** A progress notice from the WebSocket ({"op":"import"}) merged into the import as last read. */
export type ImportNotice = Pick<Import, "id" | "state" | "counts" | "progress" | "error"> & Partial<Import>;

export function mergeNotice(current: Import | undefined, notice: ImportNotice): Import | undefined {
  if (!current || current.id !== notice.id) return current;
  // A late notice never takes an import back (the poll may have read a newer state already).
  if (!isActive(current.state) && isActive(notice.state)) return current;
  if (notice.progress.rows_done < current.progress.rows_done && current.state === notice.state) return current;
  return { ...current, state: notice.state, counts: notice.counts, progress: notice.progress, error: notice.error };
}

/** 0–100 for the progress bar. */
export function percent(i: Pick<Import, "state" | "progress">): number {
  if (i.state === "done" || i.state === "undone") return 100;
  return Math.max(0, Math.min(100, Math.round(i.progress.fraction * 100)));
}

/** The label of a target for a person: the catalogue's words for the import's own targets. */
export const TARGET_LABELS: Record<string, MessageKey> = {
  full_name: "imports.target.full_name",
  company: "imports.target.company",
  company_domain: "imports.target.company_domain",
  pipeline: "imports.target.pipeline",
  stage: "imports.target.stage",
  contact_email: "imports.target.contact_email",
  deal_contacts: "imports.target.deal_contacts",
  owner: "imports.target.owner",
  external_id: "imports.target.external_id",
  created_at: "imports.target.created_at",
  closed_at: "imports.target.closed_at",
  stage_history: "imports.target.stage_history",
};
