// Answer the ticket: a Reply (emailed to the requester, said above the button) or an Internal note
// (never sent), picked by tab or by R / N from anywhere on the page; Ctrl/Cmd+Enter sends. The
// text stays when the server refuses it or the tab changes (a reply begun can become a note), and an
// unsent text is kept for the browser tab's session, per ticket, so leaving the ticket to look
// something up loses nothing. "Then set status" saves the usual next step with the
// message (a reply usually leaves the ticket pending on the customer). Each message names the newest
// one on screen when the agent began typing it (after_message_id): when a colleague or the customer
// wrote since — even if it slipped into the conversation above meanwhile — the server refuses it
// (409) and CollisionNotice says who, keeping the draft. Files go with emailed replies and with notes
// (ReplyFiles): a reply emails them, a note keeps them for the team.
import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { keys } from "../../api/keys";
import { isApiError } from "../../api/problem";
import { Button } from "../../components/Button";
import { KindTabs } from "../../components/timeline/KindTabs";
import type { SaveOutcome } from "../../components/fields/InlineField";
import { useToast } from "../../components/Toast";
import { t } from "../../i18n";
import { isAdmin, useMe } from "../../app/session";
import { useEmailSettings } from "../email/queries";
import { newerMessage, postMessage, type NewerMessage } from "./api";
import { statusLabel } from "./badges";
import { CollisionNotice } from "./CollisionNotice";
import { messageAnchor } from "./Conversation";
import { AttachButton, AttachedFiles, useReplyFiles } from "./ReplyFiles";
import styles from "./support.module.css";

type Kind = "reply" | "note";
const KINDS: Kind[] = ["reply", "note"];
const SHORTCUT: Record<Kind, string> = { reply: "r", note: "n" };
const AFTER = ["", "open", "pending", "on_hold", "solved"] as const;

const draftKey = (ticketId: string) => `rapport.ticketDraft.${ticketId}`;

function readDraft(ticketId: string): string {
  try {
    return sessionStorage.getItem(draftKey(ticketId)) ?? "";
  } catch {
    return "";
  }
}

function keepDraft(ticketId: string, text: string): void {
  try {
    if (text) sessionStorage.setItem(draftKey(ticketId), text);
    else sessionStorage.removeItem(draftKey(ticketId));
  } catch {
    // storage full or refused: the text stays on screen, only not across pages
  }
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));
}

export interface TicketComposerProps {
  ticketId: string;
  status: string;
  /** The requester's email address (null: none, or no requester). */
  requesterEmail: string | null;
  hasRequester: boolean;
  saveStatus: (status: string) => Promise<SaveOutcome>;
  /** Extra tools beside the tabs (the macro picker). */
  tools?: React.ReactNode;
  /** The newest message on screen (null: none yet); undefined while the conversation loads (no check then). */
  newestSeen: string | null | undefined;
}

export function TicketComposer({ ticketId, status, requesterEmail, hasRequester, saveStatus, tools, newestSeen }: TicketComposerProps) {
  const [kind, setKind] = useState<Kind>("reply");
  const [text, setTextState] = useState(() => readDraft(ticketId));
  const setText = (v: string) => {
    setTextState(v);
    keepDraft(ticketId, v);
  };
  const [after, setAfter] = useState<string>("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [collision, setCollision] = useState<NewerMessage | null>(null);
  const files = useReplyFiles();
  // The newest message on screen when the draft began: it follows the conversation while the
  // composer is empty (or until the conversation has loaded under a kept draft), then stays.
  const seen = useRef<string | null | undefined>(undefined);
  useEffect(() => {
    if (!text.trim() || seen.current === undefined) seen.current = newestSeen;
  }, [text, newestSeen]);
  const textRef = useRef<HTMLTextAreaElement>(null);
  const section = useRef<HTMLElement>(null);
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);
  const queries = useQueryClient();
  const toast = useToast();
  // Only admins may read the email settings: they are told when replies cannot go out; everyone
  // learns it from the answer to a reply (its email_id).
  const admin = isAdmin(useMe());
  const emailSettings = useEmailSettings(admin);
  const emailOff = admin && emailSettings.data?.configured === false;
  // A reply that goes out by email can carry files (a note always can).
  const emailed = !!requesterEmail && !emailOff;

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey || e.repeat || isTyping(e.target)) return;
      if (document.querySelector('[role="dialog"], [role="alertdialog"]') || !section.current?.offsetParent) return;
      const k = KINDS.find((x) => SHORTCUT[x] === e.key.toLowerCase());
      if (!k) return;
      e.preventDefault();
      setKind(k);
      textRef.current?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const messagesKey = keys.related("tickets", ticketId, "messages");
  // "See it": the conversation read again, then the newer message in view and in focus.
  const seeNewer = async () => {
    if (!collision) return;
    // Seen now: a plain send goes after it.
    seen.current = collision.id;
    await queries.refetchQueries({ queryKey: messagesKey });
    const el = document.getElementById(messageAnchor(collision.id));
    el?.scrollIntoView({ block: "center" });
    el?.focus();
  };

  /** Sends the draft; `seenId` is the newer message the agent chose to send after ("Send anyway"). */
  const send = async (seenId?: string) => {
    if (busy || files.uploading) return;
    if (!text.trim()) {
      setError(t("support.composer.empty"));
      textRef.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const sent = await postMessage(ticketId, kind, text, {
        afterMessageId: seenId ?? seen.current,
        attachmentIds: files.files.map((f) => f.id),
      });
      setText("");
      setCollision(null);
      files.clear();
      void queries.invalidateQueries({ queryKey: messagesKey });
      void queries.invalidateQueries({ queryKey: keys.records("tickets") });
      // The server says whether the reply went out by email (email_id): without email settings it is only kept.
      let note = t(kind === "note" ? "support.composer.addedNote" : sent.email_id ? "support.composer.sentReply" : "support.composer.storedReply");
      if (after && after !== status) {
        const outcome = await saveStatus(after);
        if (outcome.status === "saved") note = `${note} ${t("support.composer.statusSet", { status: statusLabel(after) })}`;
      }
      toast({ text: note });
      textRef.current?.focus();
    } catch (e) {
      const newer = newerMessage(e);
      if (newer) {
        // The draft stays; the conversation catches up quietly behind the notice.
        setCollision(newer);
        void queries.invalidateQueries({ queryKey: messagesKey });
      } else if (isApiError(e) && e.status === 422) setError((e.problem.errors ?? []).map((x) => x.message).join(" ") || e.problem.detail || e.problem.title);
      else setError(t("support.composer.failed", { detail: isApiError(e) ? (e.problem.detail ?? e.problem.title) : t("app.error.network") }));
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      void send();
    } else if (e.key === "Escape" && isTyping(e.target)) {
      e.preventDefault();
      tabs.current[KINDS.indexOf(kind)]?.focus();
    }
  };

  const audience =
    kind === "note"
      ? t("support.composer.noteHint")
      : requesterEmail && emailOff
        ? t("support.composer.replyEmailOff")
        : requesterEmail
        ? t("support.composer.replyHint", { email: requesterEmail })
        : hasRequester
          ? t("support.composer.replyNoEmail")
          : t("support.composer.replyNoRequester");

  return (
    <section ref={section} className={`${styles.composer} ${kind === "note" ? styles.composerNote : ""}`} aria-label={t("support.composer.label")} onKeyDown={onKeyDown}>
      <div className={styles.composerTop}>
        <KindTabs
          kinds={KINDS}
          current={kind}
          onPick={setKind}
          label={t("support.composer.kind")}
          idPrefix="ticket-composer"
          panelId="ticket-composer-panel"
          shortcut={(k) => SHORTCUT[k]}
          name={(k) => t(k === "reply" ? "support.composer.reply" : "support.composer.note")}
          tabs={tabs}
          className={styles.composerTabs}
        />
        {tools}
      </div>
      <div id="ticket-composer-panel" role="tabpanel" aria-labelledby={`ticket-composer-${kind}`} className={styles.composerPanel}>
        <p className={styles.audience} id="ticket-composer-audience">
          {audience}
        </p>
        <textarea
          ref={textRef}
          className={styles.composerText}
          rows={5}
          aria-label={t(kind === "reply" ? "support.composer.replyLabel" : "support.composer.noteLabel")}
          aria-describedby={`ticket-composer-audience${error ? " ticket-composer-error" : ""}`}
          aria-invalid={error ? true : undefined}
          placeholder={t(kind === "reply" ? "support.composer.replyPlaceholder" : "support.composer.notePlaceholder")}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        {error && (
          <p id="ticket-composer-error" className={styles.propertyError} role="alert">
            {error}
          </p>
        )}
        <AttachedFiles state={files} note={kind === "note"} hint={kind === "note" ? t("support.files.noteOnly") : emailed ? null : t("support.files.notEmailed")} />
        {collision && <CollisionNotice newer={collision} busy={busy} onSee={() => void seeNewer()} onSend={() => void send(collision.id)} />}
        <div className={styles.composerActions}>
          {(kind === "note" || emailed) && <AttachButton state={files} />}
          <span className={styles.muted}>{t("composer.saveHint")}</span>
          <label className={styles.after}>
            <span aria-hidden="true">{t("support.composer.then")}</span>
            <select value={after} aria-label={t("support.composer.thenLabel")} onChange={(e) => setAfter(e.target.value)}>
              {AFTER.map((s) => (
                <option key={s} value={s}>
                  {s ? statusLabel(s) : t("support.composer.keepStatus")}
                </option>
              ))}
            </select>
          </label>
          <Button variant="primary" onClick={() => void send()} disabled={busy || files.uploading} aria-keyshortcuts="Control+Enter Meta+Enter">
            {busy ? t("common.saving") : t(kind === "reply" ? "support.composer.sendReply" : "support.composer.addNote")}
          </Button>
        </div>
      </div>
    </section>
  );
}
