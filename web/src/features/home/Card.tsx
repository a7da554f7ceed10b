import type { ReactNode } from "react";
import styles from "./Home.module.css";

/** A titled block of the dashboard; `wide` spans both columns. */
export function Card({ id, title, action, wide = false, children }: { id: string; title: string; action?: ReactNode; wide?: boolean; children: ReactNode }) {
  return (
    <section className={`${styles.card} ${wide ? styles.wide : ""}`} aria-labelledby={`${id}-title`}>
      <div className={styles.cardHead}>
        <h2 id={`${id}-title`}>{title}</h2>
        {action}
      </div>
      {children}
    </section>
  );
}
