// A stale save (412): the record changed on the server since the page read it. What the panel
// shows is computed here: the field the user was saving, their value, the server's fresh value,
// the other fields that moved meanwhile, and who made the change when the history tells.
import { sameValue } from "../../../components/fields/values";

export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

export interface HistoryLike {
  actor_id?: string | null;
  at?: string;
  changes?: { field?: string; before?: unknown; after?: unknown }[];
}

export interface Conflict {
  field: string;
  mine: unknown;
  /** The value the user started from. */
  base: unknown;
  /** The server's value now. */
  theirs: unknown;
  /** The fresh version to send in If-Match when the user reapplies. */
  version: number;
  /** Who changed the field (from the history), when known. */
  by: string | null;
  at: string | null;
  /** Other fields that changed between the two versions (for context). */
  others: FieldChange[];
}

const IGNORED = new Set(["version", "updated_at", "created_at", "id", "deleted_at"]);

/** The fields that differ between two versions of a record (custom fields as custom.<name>). */
export function changedFields(before: Record<string, unknown>, after: Record<string, unknown>): FieldChange[] {
  const out: FieldChange[] = [];
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const name of names) {
    if (IGNORED.has(name)) continue;
    if (name === "custom") {
      const b = (before.custom ?? {}) as Record<string, unknown>;
      const a = (after.custom ?? {}) as Record<string, unknown>;
      for (const c of new Set([...Object.keys(b), ...Object.keys(a)]))
        if (!sameValue(b[c], a[c])) out.push({ field: `custom.${c}`, before: b[c] ?? null, after: a[c] ?? null });
      continue;
    }
    if (!sameValue(before[name], after[name])) out.push({ field: name, before: before[name] ?? null, after: after[name] ?? null });
  }
  return out.sort((x, y) => x.field.localeCompare(y.field));
}

/** A record field's value, custom.<name> reading the custom object. */
export function fieldValue(record: Record<string, unknown>, field: string): unknown {
  if (field.startsWith("custom.")) return ((record.custom ?? {}) as Record<string, unknown>)[field.slice(7)] ?? null;
  return record[field] ?? null;
}

/** The newest history entry that changed `field` (entries newest first, as the API lists them). */
export function lastChangeOf(field: string, history: HistoryLike[]): HistoryLike | undefined {
  return history.find((h) => h.changes?.some((c) => c.field === field));
}

/**
 * The conflict to show, or null when there is none to resolve: the server already holds the user's
 * value (someone made the same change), so nothing is lost.
 */
export function buildConflict(
  field: string,
  mine: unknown,
  base: unknown,
  fresh: Record<string, unknown> & { version: number },
  seen: Record<string, unknown>,
  history: HistoryLike[],
): Conflict | null {
  const theirs = fieldValue(fresh, field);
  if (sameValue(theirs, mine)) return null;
  const last = sameValue(theirs, base) ? undefined : lastChangeOf(field, history);
  return {
    field,
    mine,
    base,
    theirs,
    version: fresh.version,
    by: last?.actor_id ?? null,
    at: last?.at ?? null,
    others: changedFields(seen, fresh).filter((c) => c.field !== field),
  };
}

/** The PATCH body that sets one field (custom.<name> inside `custom`). */
export function patchBody(field: string, value: unknown): Record<string, unknown> {
  if (field.startsWith("custom.")) return { custom: { [field.slice(7)]: value } };
  return { [field]: value };
}
