import { isApiError } from "../api/problem";
import { t } from "../i18n";
import { Button } from "./Button";
import styles from "./EmptyState.module.css";

/** A failed load, said in the user's words, with a retry. */
export function ErrorNotice({ error, retry }: { error: unknown; retry?: () => void }) {
  const text = isApiError(error)
    ? t("app.error.generic", { detail: error.problem.detail ?? error.problem.title })
    : t("app.error.network");
  return (
    <div className={styles.empty} role="alert">
      <p>{text}</p>
      {retry && <Button onClick={retry}>{t("common.retry")}</Button>}
    </div>
  );
}
