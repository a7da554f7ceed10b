import { t } from "../../i18n";
import shared from "../settings/shared/settings.module.css";
import styles from "./imports.module.css";

/** The lines of a refusal (refusals.ts), announced when they appear. */
export function RefusalList({ lines }: { lines: string[] | null }) {
  if (!lines || lines.length === 0) return null;
  return (
    <div className={shared.alert} role="alert">
      <p className={styles.alertTitle}>{t("imports.refused.title")}</p>
      <ul className={styles.alertList}>
        {lines.map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ul>
    </div>
  );
}
