import styles from "./Skeleton.module.css";
import { t } from "../i18n";

/** Placeholder shapes while data loads: skeletons, not spinners. */
export function Skeleton({ lines = 3, block = false }: { lines?: number; block?: boolean }) {
  return (
    <div role="status" aria-busy="true">
      <span className="visually-hidden">{t("app.loading")}</span>
      {block ? (
        <span className={`${styles.skeleton} ${styles.block}`} />
      ) : (
        Array.from({ length: lines }, (_, i) => <span key={i} className={`${styles.skeleton} ${styles.line}`} />)
      )}
    </div>
  );
}
