// The collision notice above the send button: someone added a message to the ticket after the newest
// one the agent saw (the server's 409). The draft stays; "See it" brings the conversation up to date
// and moves to that message; "Send anyway" sends the draft saying the agent has seen it.
import { useEffect, useRef } from "react";
import { useUserDirectory } from "../../app/users";
import { Button } from "../../components/Button";
import { Icon } from "../../components/Icon";
import { formatDateTime, formatRelative, t } from "../../i18n";
import type { NewerMessage } from "./api";
import styles from "./support.module.css";

export function CollisionNotice({ newer, busy, onSee, onSend }: { newer: NewerMessage; busy: boolean; onSee: () => void; onSend: () => void }) {
  const users = useUserDirectory();
  const box = useRef<HTMLDivElement>(null);
  // On a phone the notice may open below the fold: bring it up.
  // (A block: Chromium's scrollIntoView may return a promise, which React would take for a cleanup.)
  useEffect(() => {
    box.current?.scrollIntoView({ block: "nearest" });
  }, [newer.id]);
  const user = newer.author_id ? users.get(newer.author_id) : undefined;
  const name = user ? user.name || user.email : t("support.collision.someone");
  const text =
    newer.kind === "customer"
      ? t("support.collision.customer")
      : t(newer.kind === "note" ? "support.collision.note" : "support.collision.reply", { name });
  return (
    <div ref={box} className={styles.collision} role="alert">
      <Icon name="warning" size={16} />
      <p>
        <strong>{text}</strong>{" "}
        <time dateTime={newer.created_at} title={formatDateTime(newer.created_at)}>
          {formatRelative(newer.created_at)}
        </time>
        . {t("support.collision.then")}
      </p>
      <div className={styles.collisionActions}>
        <Button size="small" onClick={onSee}>
          {t("support.collision.see")}
        </Button>
        <Button size="small" onClick={onSend} disabled={busy}>
          {t("support.collision.send")}
        </Button>
      </div>
    </div>
  );
}
