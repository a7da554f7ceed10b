// A refused move in the user's words: a stale card (412), a forbidden one (403), invalid fields
// (422) or no connection. The card is already back in its place when this is shown.
import { isApiError } from "../../api/problem";
import { t } from "../../i18n";

export function refusalMessage(e: unknown, deal: string): string {
  if (!isApiError(e)) return t("board.move.network", { deal });
  const fields = Object.entries(e.fieldErrors()).map(([f, m]) => `${f.replace(/_/g, " ")} ${m}`);
  const detail = fields.join("; ") || e.problem.detail || e.problem.title;
  if (e.status === 412) return t("board.move.stale", { deal });
  if (e.status === 403) return t("board.move.forbidden", { deal, detail });
  return t("board.move.refused", { deal, detail });
}
