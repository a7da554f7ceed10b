// A ticket's status and priority as small labelled pills: the word says it, the colour helps
// scanning (urgent and high carry a mark too, so colour is never the only signal).
import { t, type MessageKey } from "../../i18n";
import styles from "./support.module.css";

export function statusLabel(status: string): string {
  return t(`enum.status.${status}` as MessageKey) ?? status;
}

export function priorityLabel(priority: string): string {
  return t(`enum.priority.${priority}` as MessageKey) ?? priority;
}

export function StatusBadge({ status }: { status: string }) {
  return <span className={`${styles.pill} ${styles[`status_${status}`] ?? ""}`}>{statusLabel(status)}</span>;
}

export function PriorityBadge({ priority }: { priority: string }) {
  const marked = priority === "urgent" || priority === "high";
  return (
    <span className={`${styles.priority} ${styles[`priority_${priority}`] ?? ""}`}>
      {marked && <span aria-hidden="true">{priority === "urgent" ? "‼" : "!"}</span>}
      {priorityLabel(priority)}
    </span>
  );
}
