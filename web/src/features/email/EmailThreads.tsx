// A record's emails (the Emails tab of contact, company, lead and deal pages): the threads that
// concern the record, the newest first, each a row with its subject, people and last message; opened,
// its messages oldest first with sender, time, text (mail is shown as text, never as the sender's
// HTML) and files to download, and Reply, which opens the send dialog on the thread. Above them, the
// user's BCC address, to log the mail they send from their own mail program.
import { useMemo, useState } from "react";
import { Button } from "../../components/Button";
import { EmptyState } from "../../components/EmptyState";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Icon } from "../../components/Icon";
import { Skeleton } from "../../components/Skeleton";
import { formatBytes, formatDateTime, t } from "../../i18n";
import { Badge } from "../settings/shared/Badge";
import { LoadMore } from "../settings/shared/LoadMore";
import { BccAddressNote } from "./BccAddressNote";
import { useRecordEmails, type Email } from "./queries";
import type { MailObject } from "./recipients";
import { emailState as stateOf, groupThreads, type Thread } from "./threads";
import styles from "./threads.module.css";


export default function EmailThreads({ object, id, canSend, onReply }: { object: MailObject; id: string; canSend: boolean; onReply: (thread: Thread) => void }) {
  const emails = useRecordEmails(object, id);
  const threads = useMemo(() => groupThreads(emails.data?.pages.flatMap((p) => p.data) ?? []), [emails.data]);
  const [open, setOpen] = useState<string | null>(null);

  return (
    <section className={styles.section} aria-label={t("email.threads.label")}>
      <BccAddressNote />
      {emails.isPending ? (
        <Skeleton lines={4} />
      ) : emails.error ? (
        <ErrorNotice error={emails.error} retry={() => void emails.refetch()} />
      ) : threads.length === 0 ? (
        <EmptyState title={t("email.threads.empty")}>{t("email.threads.emptyHelp")}</EmptyState>
      ) : (
        <ul className={styles.list}>
          {threads.map((th) => (
            <ThreadRow
              key={th.id}
              thread={th}
              open={open === th.id}
              onToggle={() => setOpen((o) => (o === th.id ? null : th.id))}
              onReply={canSend ? () => onReply(th) : null}
            />
          ))}
        </ul>
      )}
      <LoadMore query={emails} label={t("email.threads.more")} />
    </section>
  );
}

function ThreadRow({ thread, open, onToggle, onReply }: { thread: Thread; open: boolean; onToggle: () => void; onReply: (() => void) | null }) {
  const last = thread.last;
  const count = thread.messages.length;
  const bodyId = `thread-${thread.id}`;
  return (
    <li className={styles.thread} data-open={open}>
      <button type="button" className={styles.threadHead} aria-expanded={open} aria-controls={bodyId} onClick={onToggle}>
        <span className={styles.subject}>
          <Icon name="mail" size={14} />
          <strong>{thread.subject || t("email.threads.noSubject")}</strong>
          {count > 1 && <span className={styles.count}>{t("email.threads.count", { n: count })}</span>}
        </span>
        <span className={styles.meta}>
          <span className={styles.people}>{thread.people.join(", ")}</span>
          <time dateTime={last.created_at}>{formatDateTime(last.created_at)}</time>
        </span>
        {!open && <span className={styles.snippet}>{snippet(last.text)}</span>}
      </button>
      {open && (
        <div id={bodyId} className={styles.threadBody}>
          <ol className={styles.messages} aria-label={t("email.threads.messages", { subject: thread.subject })}>
            {thread.messages.map((m) => (
              <Message key={m.id} email={m} />
            ))}
          </ol>
          {onReply && (
            <div className={styles.actions}>
              <Button onClick={onReply}>
                <Icon name="mail" size={16} />
                {t("email.threads.reply")}
              </Button>
            </div>
          )}
        </div>
      )}
    </li>
  );
}

function Message({ email }: { email: Email }) {
  const state = stateOf(email);
  return (
    <li className={styles.message}>
      <div className={styles.messageHead}>
        <strong className={styles.from}>{email.from}</strong>
        <Badge tone={state.tone} mark={state.mark}>
          {state.text}
        </Badge>
        <time className={styles.when} dateTime={email.created_at}>
          {formatDateTime(email.sent_at ?? email.created_at)}
        </time>
      </div>
      <p className={styles.to}>
        {t("email.threads.to", { to: email.to.join(", ") })}
        {email.cc.length > 0 && ` · ${t("email.threads.cc", { cc: email.cc.join(", ") })}`}
      </p>
      {email.status === "failed" && email.error && <p className={styles.error}>{t("email.threads.why", { error: email.error })}</p>}
      {email.status === "bounced" && <p className={styles.error}>{t("email.threads.bouncedWhy", { error: email.error ?? "" })}</p>}
      <div className={styles.text}>{email.text.trim() || <span className={styles.muted}>{t("email.threads.noText")}</span>}</div>
      {email.attachments.length > 0 && (
        <ul className={styles.files} aria-label={t("email.threads.files")}>
          {email.attachments.map((a) => (
            <li key={a.id}>
              <a href={`/api/v1/attachments/${a.id}`} download={a.file_name} className={styles.file}>
                <Icon name="download" size={14} />
                <span className={styles.fileName}>{a.file_name}</span>
                <span className={styles.muted}>{formatBytes(a.size)}</span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </li>
  );
}

/** The first words of a message, on one line. */
function snippet(text: string): string {
  const line = text
    .split(/\r?\n/)
    .filter((l) => l.trim() && !l.startsWith(">"))
    .join(" ")
    .replace(/\s+/g, " ")
    .trim();
  return line.length > 140 ? `${line.slice(0, 140)}…` : line;
}
