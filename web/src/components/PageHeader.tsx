import type { ReactNode } from "react";
import styles from "./PageHeader.module.css";

/** A page's title row with its actions (one primary). */
export function PageHeader({ title, children }: { title: ReactNode; children?: ReactNode }) {
  return (
    <div className={styles.header}>
      <h1 className={styles.title}>{title}</h1>
      {children && <div className={styles.actions}>{children}</div>}
    </div>
  );
}
