// A history entry as sentences a person reads: "City: Berlin → Paris", with who and when. The
// caller passes how to name a field and render its value (record pages know their field types).
export interface HistoryChange {
  field?: string;
  before?: unknown;
  after?: unknown;
}
export interface HistoryEntryLike {
  id?: number;
  action?: string;
  actor_id?: string | null;
  at?: string;
  changes?: HistoryChange[];
}

export interface HistoryLine {
  field: string;
  label: string;
  before: string;
  after: string;
  /** "set" (was empty), "cleared" (now empty) or "changed". */
  kind: "set" | "cleared" | "changed";
}

export interface FormattedEntry {
  key: string;
  action: string;
  actor: string;
  at: string;
  lines: HistoryLine[];
  /** An `import` entry: the name of the file the record was imported from ("" when not known). */
  file?: string;
}

export interface HistoryFormat {
  label: (field: string) => string;
  value: (field: string, v: unknown) => string;
  actor: (id: string | null | undefined) => string;
  /** Fields not worth a line (bookkeeping). */
  skip?: (field: string) => boolean;
}

// "merge", "unmerge" and "merged_into" name a merge (its id), told by the entry's head instead.
const BOOKKEEPING = new Set(["version", "updated_at", "created_at", "deleted_at", "id", "restored_to", "merge", "unmerge", "merged_into"]);

/** The merge a survivor's "merge" or "unmerge" entry tells of (its id, and how many records it took in). */
export function mergeOf(e: HistoryEntryLike): { id: string; count: number } | null {
  const c = e.changes?.find((x) => x.field === "merge" || x.field === "unmerge");
  const after = c?.after as { merge_id?: unknown; merged_ids?: unknown; restored_ids?: unknown } | null | undefined;
  if (typeof after?.merge_id !== "string") return null;
  const ids = Array.isArray(after.merged_ids) ? after.merged_ids : Array.isArray(after.restored_ids) ? after.restored_ids : [];
  return { id: after.merge_id, count: ids.length };
}

export function formatHistoryEntry(e: HistoryEntryLike, fmt: HistoryFormat): FormattedEntry {
  if (e.action === "import") {
    // One entry per imported record: who imported it from which file (the values are the record's).
    const after = e.changes?.find((c) => c.field === "import")?.after as { file_name?: unknown } | null | undefined;
    const file = typeof after?.file_name === "string" ? after.file_name : "";
    return { key: String(e.id ?? `${e.at}-${e.action}`), action: "import", actor: fmt.actor(e.actor_id), at: e.at ?? "", lines: [], file };
  }
  const lines: HistoryLine[] = [];
  for (const c of e.changes ?? []) {
    const field = c.field ?? "";
    if (!field || BOOKKEEPING.has(field) || fmt.skip?.(field)) continue;
    const before = fmt.value(field, c.before);
    const after = fmt.value(field, c.after);
    if (before === after) continue;
    lines.push({ field, label: fmt.label(field), before, after, kind: before === "" ? "set" : after === "" ? "cleared" : "changed" });
  }
  return {
    key: String(e.id ?? `${e.at}-${e.action}`),
    action: e.action ?? "update",
    actor: fmt.actor(e.actor_id),
    at: e.at ?? "",
    lines,
  };
}
