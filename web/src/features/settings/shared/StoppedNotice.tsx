// The notice of something the server stopped on its own (a webhook it disabled after failing
// deliveries, an automation it paused for running too often): named, with the server's reason and
// what to do, so an admin cannot miss it. The caller adds the way out (Enable, Open).
import type { ReactNode } from "react";
import { Icon } from "../../../components/Icon";
import { withReadableTimes } from "../../../i18n";
import styles from "./settings.module.css";

export function StoppedNotice({ title, why, reason, next, children }: { title: string; why: string; reason: string; next: string; children?: ReactNode }) {
  return (
    <section className={styles.stoppedNotice} role="alert">
      <h2>
        <Icon name="warning" /> {title}
      </h2>
      <p>
        {why} <strong>{withReadableTimes(reason)}</strong>
      </p>
      <p>{next}</p>
      {children}
    </section>
  );
}
