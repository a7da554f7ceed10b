// The emails sent from this page, above its timeline: "queued" while the job has not sent it
// (GET /api/v1/emails/{id} asked every second, then every five), then sent or not sent with the
// server's reason. When one settles, the timeline is read again: the job logged the email there.
import { useEffect, useRef } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../api/client";
import { Button } from "../../components/Button";
import { Icon } from "../../components/Icon";
import { formatDateTime, t } from "../../i18n";
import type { Email } from "./queries";
import styles from "./email.module.css";

export function EmailOutbox({ emails, timelineKey, onDismiss }: { emails: Email[]; timelineKey: readonly unknown[]; onDismiss: (id: string) => void }) {
  if (emails.length === 0) return null;
  return (
    <ul className={styles.outbox} aria-label={t("email.outbox.label")}>
      {emails.map((e) => (
        <OutboxItem key={e.id} first={e} timelineKey={timelineKey} onDismiss={() => onDismiss(e.id)} />
      ))}
    </ul>
  );
}

function OutboxItem({ first, timelineKey, onDismiss }: { first: Email; timelineKey: readonly unknown[]; onDismiss: () => void }) {
  const queries = useQueryClient();
  const since = useRef(Date.now());
  const email = useQuery({
    queryKey: ["emails", first.id],
    queryFn: async () => must(await api.GET("/api/v1/emails/{id}", { params: { path: { id: first.id } } })),
    initialData: first,
    refetchInterval: (q) => (q.state.data?.status !== "queued" ? false : Date.now() - since.current < 30_000 ? 1000 : 5000),
  }).data;
  const status = email.status;
  useEffect(() => {
    if (status !== "queued") void queries.invalidateQueries({ queryKey: timelineKey });
  }, [status, queries, timelineKey]);
  const to = email.to.join(", ");
  return (
    <li className={styles.outboxItem} data-status={status}>
      <Icon name={status === "failed" ? "warning" : status === "sent" ? "check" : "mail"} size={16} />
      <span className={styles.outboxText} role="status">
        <strong>{email.subject}</strong>
        <span className={styles.outboxState}>
          {status === "queued"
            ? email.attempts > 0
              ? t("email.outbox.retrying", { to, n: email.attempts, error: email.error ?? "" })
              : t("email.outbox.queued", { to })
            : status === "sent"
              ? t("email.outbox.sent", { to, when: formatDateTime(email.sent_at ?? email.created_at) })
              : status === "bounced"
                ? t("email.outbox.bounced", { to, error: email.error ?? "" })
                : t("email.outbox.failed", { to, error: email.error ?? "" })}
        </span>
      </span>
      {status !== "queued" && (
        <Button size="small" variant="ghost" onClick={onDismiss} aria-label={t("email.outbox.dismiss", { subject: email.subject })}>
          <Icon name="close" size={14} />
        </Button>
      )}
    </li>
  );
}
