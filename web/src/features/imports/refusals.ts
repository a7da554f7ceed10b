// An import route's refusal in the user's words: each field error of a 422 named as the user knows
// the thing (the file, the sheet, a column by its header, a mapping option), a 403 as what the role
// lacks, a 413 as the size limit; otherwise the server's own sentence.
import { isApiError } from "../../api/problem";
import { t } from "../../i18n";

export function fieldName(field: string): string {
  if (field === "file") return t("imports.field.file");
  if (field === "sheet") return t("imports.field.sheet");
  if (field === "mapping_id") return t("imports.field.savedMapping");
  const column = /^(?:mapping\.)?columns\.(.*)$/.exec(field);
  if (column) return t("imports.field.column", { column: column[1] ?? "" });
  if (field.startsWith("mapping.")) return t("imports.field.option", { option: field.slice("mapping.".length).replace(/_/g, " ") });
  return field;
}

/** One line per problem, for a list under the form. */
export function refusalLines(e: unknown): string[] {
  if (!isApiError(e)) return [t("app.error.network")];
  if (e.status === 413) return [t("imports.refused.tooLarge")];
  if (e.status === 415) return [t("imports.refused.type")];
  const fields = Object.entries(e.fieldErrors());
  if (fields.length > 0) return fields.map(([f, m]) => `${fieldName(f)}: ${m}`);
  if (e.status === 403) return [e.problem.detail ?? t("imports.refused.forbidden")];
  return [e.problem.detail ?? e.problem.title];
}
