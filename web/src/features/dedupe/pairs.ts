// What the duplicates page and the merge dialog say, kept pure so it is unit tested: a pair's
// reasons in plain words, the fields worth a row in the preview, the choices a merge sends.
import { isEmptyValue, sameValue } from "../../components/fields/values";
import type { FieldPreview, Pair } from "./api";

/** The catalogue key of a reason the matcher gives ("same email" -> "dedupe.reason.sameEmail"). */
export function reasonKey(reason: string): string {
  const words = reason.split(" ").filter(Boolean);
  return "dedupe.reason." + words.map((w, i) => (i === 0 ? w : w.charAt(0).toUpperCase() + w.slice(1))).join("");
}

/** The rows of the preview: a field some record has a value in; those that differ first. */
export function previewRows(fields: FieldPreview[]): { field: FieldPreview; differs: boolean }[] {
  const rows = fields
    .filter((f) => f.values.some((v) => !isEmptyValue(v.value)))
    .map((f) => ({ field: f, differs: f.values.some((v) => !sameValue(v.value, f.values[0]?.value)) }));
  return [...rows.filter((r) => r.differs), ...rows.filter((r) => !r.differs)];
}

/** The record the preview keeps each field's value of, with the person's choices over the defaults. */
export function keptIds(fields: FieldPreview[], choices: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) out[f.field] = choices[f.field] ?? f.chosen;
  return out;
}

/** The merge request's ids: the survivor first, then the others in their order. */
export function mergeIds(ids: readonly string[], survivor: string): string[] {
  return [survivor, ...ids.filter((id) => id !== survivor)];
}

/** The choices still about records of this merge (after the survivor changed, all still are). */
export function choicesFor(choices: Record<string, string>, ids: readonly string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(choices).filter(([, id]) => ids.includes(id)));
}

/** The total of related rows that move. */
export function movedTotal(related: Record<string, number>): number {
  return Object.values(related).reduce((n, v) => n + v, 0);
}

/** The most records one merge or one "not a duplicate" takes (the API's limit). */
export const MAX_GROUP = 10;

/** Probable duplicates that belong together: pairs sharing a record, joined. */
export interface Group {
  object: Pair["object"];
  /** In the order the strongest pairs name them. */
  ids: string[];
  pairs: Pair[];
  /** The strongest pair's. */
  confidence_percent: number;
  /** Every pair's reasons, once each, in the order first given. */
  reasons: string[];
  /** The newest pair's. */
  found_at: string;
}

function groupOf(pairs: Pair[]): Group {
  const ids: string[] = [];
  const reasons: string[] = [];
  for (const p of pairs) {
    for (const id of p.ids) if (!ids.includes(id)) ids.push(id);
    for (const r of p.reasons) if (!reasons.includes(r)) reasons.push(r);
  }
  return {
    object: pairs[0]!.object,
    ids,
    pairs,
    confidence_percent: Math.max(...pairs.map((p) => p.confidence_percent)),
    reasons,
    found_at: pairs.map((p) => p.found_at).reduce((a, b) => (b > a ? b : a)),
  };
}

/**
 * The pairs (strongest first, as listed) joined into groups of records linked by pairs, in the
 * order of each group's strongest pair. A group larger than MAX_GROUP stays as its pairs.
 */
export function groupPairs(pairs: readonly Pair[]): Group[] {
  const parent = new Map<string, string>();
  const root = (id: string): string => {
    let r = id;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(id, r);
    return r;
  };
  for (const p of pairs)
    for (const id of p.ids) if (!parent.has(id)) parent.set(id, id);
  for (const p of pairs) {
    const a = root(p.ids[0]);
    const b = root(p.ids[1]);
    if (a !== b) parent.set(b, a);
  }
  const byRoot = new Map<string, Pair[]>();
  for (const p of pairs) {
    const r = root(p.ids[0]);
    byRoot.set(r, [...(byRoot.get(r) ?? []), p]);
  }
  const out: Group[] = [];
  for (const members of byRoot.values()) {
    const g = groupOf(members);
    if (g.ids.length <= MAX_GROUP) out.push(g);
    else out.push(...members.map((p) => groupOf([p])));
  }
  return out;
}
