// A stale save, shown where the person works: their value and the one now saved, who changed it,
// and two ways out — save mine again (on the fresh version) or keep theirs.
import { Button } from "../../../components/Button";
import { Icon } from "../../../components/Icon";
import { t, formatRelative } from "../../../i18n";
import type { Conflict } from "./conflict";
import styles from "./record.module.css";

export function ConflictPanel({
  conflict,
  label,
  show,
  who,
  otherLabels,
  onReapply,
  onKeep,
}: {
  conflict: Conflict;
  label: string;
  show: (v: unknown) => string;
  who: string | null;
  otherLabels: string[];
  onReapply: () => void;
  onKeep: () => void;
}) {
  return (
    <section className={styles.conflict} role="alert" aria-labelledby="conflict-title">
      <h2 id="conflict-title" className={styles.conflictTitle}>
        <Icon name="warning" /> {t("conflict.title", { field: label })}
      </h2>
      <p>{who ? t("conflict.by", { name: who, when: formatRelative(conflict.at) }) : t("conflict.byUnknown")}</p>
      <dl className={styles.conflictValues}>
        <div>
          <dt>{t("conflict.theirs")}</dt>
          <dd data-testid="conflict-theirs">{show(conflict.theirs) || t("history.emptyValue")}</dd>
        </div>
        <div>
          <dt>{t("conflict.mine")}</dt>
          <dd data-testid="conflict-mine">{show(conflict.mine) || t("history.emptyValue")}</dd>
        </div>
      </dl>
      {otherLabels.length > 0 && <p className={styles.muted}>{t("conflict.others", { fields: otherLabels.join(", ") })}</p>}
      <div className={styles.conflictActions}>
        <Button variant="primary" onClick={onReapply} autoFocus>
          {t("conflict.reapply")}
        </Button>
        <Button onClick={onKeep}>{t("conflict.keep")}</Button>
      </div>
    </section>
  );
}
