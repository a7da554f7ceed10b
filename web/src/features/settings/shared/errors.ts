// A refused write, split for the form that sent it: the server's field errors (a 422) go on their
// fields, anything else becomes one message said in the user's words.
import { isApiError } from "../../../api/problem";
import { t } from "../../../i18n";

export interface FormErrors {
  fields: Record<string, string>;
  message: string | null;
}

export const noErrors: FormErrors = { fields: {}, message: null };

export function formErrors(e: unknown): FormErrors {
  if (!isApiError(e)) return { fields: {}, message: t("app.error.network") };
  const fields = e.fieldErrors();
  if (e.status === 422 && Object.keys(fields).length > 0) return { fields, message: null };
  if (e.status === 403) return { fields, message: e.problem.detail ?? t("settings.error.forbidden") };
  return { fields, message: e.problem.detail ?? e.problem.title };
}

/** A one-line message for a toast. */
export function errorText(e: unknown): string {
  const f = formErrors(e);
  return f.message ?? Object.entries(f.fields).map(([k, v]) => `${k}: ${v}`).join("; ");
}
