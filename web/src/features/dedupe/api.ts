// The duplicates API (modules/dedupe): the probable pairs of one object, "not a duplicate" and its
// undo, the merge (its dry run is the field-by-field preview) and the unmerge. Called through `raw`
// with the answers typed here: the three record objects share the route shapes.
import { raw } from "../../api/client";

export const DEDUPE_OBJECTS = ["contacts", "companies", "leads"] as const;
export type DedupeObject = (typeof DEDUPE_OBJECTS)[number];

export interface Pair {
  object: DedupeObject;
  ids: [string, string];
  confidence_percent: number;
  reasons: string[];
  found_at: string;
}
export interface PairPage {
  data: Pair[];
  next_cursor: string | null;
}

export interface FieldPreview {
  field: string;
  values: { id: string; value: unknown }[];
  /** The id of the record whose value is kept. */
  chosen: string;
  value: unknown;
}
export interface MergePreview {
  survivor_id: string;
  merged_ids: string[];
  fields: FieldPreview[];
  /** Rows of other tables that move to the survivor, by table. */
  related: Record<string, number>;
}
export interface MergeResult {
  merge_id: string;
  survivor_id: string;
  merged_ids: string[];
  moved: number;
  record: Record<string, unknown>;
}

const json = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "Content-Type": "application/json" },
  body: JSON.stringify(body),
});

export async function listPairs(object: DedupeObject, cursor?: string): Promise<PairPage> {
  const q = new URLSearchParams({ object, limit: "50" });
  if (cursor) q.set("cursor", cursor);
  return (await (await raw(`/api/v1/duplicates?${q.toString()}`)).json()) as PairPage;
}

/** The survivor first; `values` maps a field to the id of the record whose value is kept. */
export async function previewMerge(object: DedupeObject, ids: string[], values: Record<string, string>): Promise<MergePreview> {
  return (await (await raw(`/api/v1/${object}/merge`, json({ ids, values, dry_run: true }))).json()) as MergePreview;
}

export async function merge(object: DedupeObject, ids: string[], values: Record<string, string>): Promise<MergeResult> {
  return (await (await raw(`/api/v1/${object}/merge`, json({ ids, values }))).json()) as MergeResult;
}

export async function undoMerge(object: DedupeObject, mergeId: string): Promise<void> {
  await raw(`/api/v1/${object}/merges/${encodeURIComponent(mergeId)}/undo`, json({}));
}

export interface Dismissal {
  id: string;
  object: DedupeObject;
  ids: string[];
  pairs: number;
}

/** "Not a duplicate": every pair among `ids` stops being suggested, until undone. */
export async function dismiss(object: DedupeObject, ids: readonly string[]): Promise<Dismissal> {
  return (await (await raw("/api/v1/duplicates/dismissals", json({ object, ids }))).json()) as Dismissal;
}

export async function undoDismissal(id: string): Promise<void> {
  await raw(`/api/v1/duplicates/dismissals/${encodeURIComponent(id)}`, { method: "DELETE" });
}

export function isDedupeObject(o: string): o is DedupeObject {
  return (DEDUPE_OBJECTS as readonly string[]).includes(o);
}
