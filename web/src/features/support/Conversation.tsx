// The ticket's conversation, oldest first: the request itself (the description), then replies
// (emailed to the requester), internal notes (tinted and labelled: never sent) and the customer's
// messages, each with its files; an emailed reply that failed or bounced carries a badge and the
// reason. Text is shown as text (React escapes it), line breaks kept.
import { useUserDirectory } from "../../app/users";
import { Button } from "../../components/Button";
import { Icon } from "../../components/Icon";
import { Skeleton } from "../../components/Skeleton";
import { formatDateTime, formatRelative, t } from "../../i18n";
import { Badge } from "../settings/shared/Badge";
import type { Message, MessageFile } from "./api";
import { deliveryView } from "./delivery";
import { fileSize } from "./fileSize";
import styles from "./support.module.css";

export interface ConversationProps {
  /** The ticket's description and creation time: the opening message. */
  opening: { body: string; at: string } | null;
  requesterName: string | null;
  messages: Message[];
  loading: boolean;
  failed: boolean;
  hasMore: boolean;
  onMore: () => void;
}

function Files({ files }: { files: MessageFile[] | undefined }) {
  if (!files?.length) return null;
  return (
    <ul className={styles.files} aria-label={t("support.files")}>
      {files.map((f) => (
        <li key={f.id}>
          <a href={`/api/v1/attachments/${encodeURIComponent(f.id)}`} download={f.file_name}>
            <Icon name="download" size={14} />
            {f.file_name}
          </a>
          {f.size !== undefined && <span className={styles.muted}> · {fileSize(f.size)}</span>}
        </li>
      ))}
    </ul>
  );
}

/** The element id of a message in the conversation (the collision notice moves there). */
export const messageAnchor = (id: string) => `ticket-message-${id}`;

export function Conversation({ opening, requesterName, messages, loading, failed, hasMore, onMore }: ConversationProps) {
  const users = useUserDirectory();
  const author = (m: Message) => {
    if (m.kind === "customer") return requesterName ?? t("support.requester");
    const u = m.author_id ? users.get(m.author_id) : undefined;
    return u ? u.name || u.email : t("history.system");
  };
  return (
    <ol className={styles.thread} aria-label={t("support.conversation")}>
      {opening && (
        <li className={`${styles.message} ${styles.customer}`}>
          <div className={styles.messageHead}>
            <strong>{requesterName ?? t("support.requester")}</strong>
            <span className={styles.kind}>{t("support.kind.request")}</span>
            <time dateTime={opening.at} title={formatDateTime(opening.at)}>
              {formatRelative(opening.at)}
            </time>
          </div>
          <div className={styles.body}>{opening.body}</div>
        </li>
      )}
      {messages.map((m) => {
        const delivery = deliveryView(m.delivery);
        return (
          <li key={m.id} id={messageAnchor(m.id)} tabIndex={-1} className={`${styles.message} ${m.kind === "note" ? styles.note : m.kind === "customer" ? styles.customer : styles.reply}`}>
            <div className={styles.messageHead}>
              <strong>{author(m)}</strong>
              <span className={styles.kind}>
                {m.kind === "note" && <Icon name="lock" size={12} />}
                {t(m.kind === "note" ? "support.kind.note" : m.kind === "customer" ? "support.kind.customer" : m.email_id ? "support.kind.replyEmailed" : "support.kind.reply")}
              </span>
              {delivery && (
                <Badge tone={delivery.tone} mark={delivery.mark}>
                  {delivery.text}
                </Badge>
              )}
              <time dateTime={m.created_at} title={formatDateTime(m.created_at)}>
                {formatRelative(m.created_at)}
              </time>
            </div>
            <div className={styles.body}>{m.body}</div>
            {delivery?.why && <p className={styles.deliveryWhy}>{delivery.why}</p>}
            <Files files={m.attachments} />
          </li>
        );
      })}
      {loading && (
        <li>
          <Skeleton lines={3} />
        </li>
      )}
      {failed && (
        <li role="alert" className={styles.muted}>
          {t("support.conversation.failed")}
        </li>
      )}
      {hasMore && (
        <li>
          <Button size="small" onClick={onMore}>
            {t("support.conversation.more")}
          </Button>
        </li>
      )}
    </ol>
  );
}
