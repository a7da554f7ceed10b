// What the duplicates page and the merge dialog say, kept pure so it is unit tested: a pair's
// reasons in plain words, the fields worth a row in the preview, the choices a merge sends.
import { isEmptyValue, sameValue } from "../../components/fields/values";
import type { FieldPreview } from "./api";

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
