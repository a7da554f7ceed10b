// A segment's or list's member count in a table cell: a short skeleton while it is counted, the
// number, or why it cannot be counted (a segment naming a deleted custom field answers 409).
import type { UseQueryResult } from "@tanstack/react-query";
import { isApiError } from "../../api/problem";
import { formatNumber, t } from "../../i18n";
import styles from "./marketing.module.css";

export function MemberCount({ query }: { query: UseQueryResult<number> | undefined }) {
  if (!query || query.isPending) return (
      <span className={styles.counting}>
        <span className="visually-hidden">{t("marketing.counting")}</span>
      </span>
    );
  if (query.isError) {
    const why = isApiError(query.error) ? (query.error.problem.detail ?? query.error.problem.title) : t("app.error.network");
    return (
      <span className={styles.uncountable} title={why}>
        {t("marketing.cannotCount")}
        <span className="visually-hidden">: {why}</span>
      </span>
    );
  }
  return <span className="num">{formatNumber(query.data)}</span>;
}
