// The write a settings form or confirmation sends, run so that a refusal becomes errors for the
// form (see errors.ts) instead of an exception: the hook in useFormAction.ts and its tests use it.
import { formErrors, type FormErrors } from "./errors";

/** Runs the write; null when it went through, else the refusal mapped for the form. */
export async function attempt(action: () => Promise<unknown>, mapError: (e: unknown) => FormErrors = formErrors): Promise<FormErrors | null> {
  try {
    await action();
    return null;
  } catch (e) {
    return mapError(e);
  }
}

/** A set of ids with one switched on or off, in the order they were picked. */
export function toggled(ids: readonly string[], id: string, on: boolean): string[] {
  if (on) return ids.includes(id) ? [...ids] : [...ids, id];
  return ids.filter((x) => x !== id);
}

/** The same ids, whatever their order. */
export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  return sa.size === new Set(b).size && b.every((x) => sa.has(x));
}

/** How a person is named in lists: their name, else their email; "…" while the directory loads. */
export function personName(u: { name?: string | null; email: string } | undefined): string {
  return u ? u.name || u.email : "…";
}

/** An id short enough to tell rows apart: the end of a UUIDv7 (its start is its time, alike for ids made together). */
export const shortId = (id: string) => id.slice(-8);

/** "Deal size (EU)" → "deal_size_eu": an identifier the server accepts (^[a-z][a-z0-9_]*$), at most max long. */
export function identifierFrom(label: string, max: number): string {
  return label
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .replace(/^[^a-z]+/, "")
    .slice(0, max);
}
