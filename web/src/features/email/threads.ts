// A record's emails (GET /api/v1/emails?contact_id=…, newest first, as pages) gathered into threads:
// the thread with the newest message first, each thread's messages oldest first, as a reader reads
// a conversation. And what a reply to a thread starts from: the last message's people and subject.
import { t } from "../../i18n";
import type { Tone } from "../settings/shared/Badge";
import type { Email } from "./queries";

export type Thread = {
  id: string;
  subject: string;
  messages: Email[]; // oldest first
  last: Email;
  /** The people in it (senders and recipients), each once, in the order they appear. */
  people: string[];
};

/** The emails (any order, a message listed twice counts once) as threads, the newest thread first. */
export function groupThreads(emails: readonly Email[]): Thread[] {
  const byThread = new Map<string, Map<string, Email>>();
  for (const e of emails) {
    const messages = byThread.get(e.thread_id) ?? new Map<string, Email>();
    messages.set(e.id, e);
    byThread.set(e.thread_id, messages);
  }
  const threads: Thread[] = [];
  for (const [id, messages] of byThread) {
    // In the order the server stored them (the id breaks a tie: UUIDv7, in time order too).
    const list = [...messages.values()].sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
    const last = list[list.length - 1]!;
    const people: string[] = [];
    const seen = new Set<string>();
    for (const m of list)
      for (const p of [m.from, ...m.to, ...m.cc]) {
        const k = p.toLowerCase();
        if (!seen.has(k)) {
          seen.add(k);
          people.push(p);
        }
      }
    threads.push({ id, subject: list[0]!.subject, messages: list, last, people });
  }
  return threads.sort((a, b) => b.last.created_at.localeCompare(a.last.created_at) || b.last.id.localeCompare(a.last.id));
}

export type ReplyStart = { inReplyTo: string; subject: string; to: string[]; cc: string[] };

/** "Re: " once, whatever the case or the prefixes mail programs stacked before. */
export function replySubject(subject: string): string {
  const bare = subject.replace(/^(\s*(re|aw|sv|fw|fwd)\s*:\s*)+/i, "");
  return `Re: ${bare}`.trim();
}

/**
 * A reply to the thread: to the last message — to its sender when it came in, else to the people it
 * went to (a follow-up) — with its other recipients in Cc, less the user's own addresses.
 */
export function replyTo(thread: Thread, own: readonly string[] = []): ReplyStart {
  const last = thread.last;
  // The user's addresses, and the workspace's: the sender of what went out.
  const outbound = thread.messages.filter((m) => m.direction === "outbound").map((m) => m.from);
  const mine = new Set([...own, ...outbound].map((a) => a.toLowerCase()));
  const keep = (list: readonly string[]) => list.filter((a, i) => !mine.has(a.toLowerCase()) && list.findIndex((b) => b.toLowerCase() === a.toLowerCase()) === i);
  const inbound = last.direction === "inbound";
  const to = keep(inbound ? [last.from] : last.to);
  const cc = keep(last.cc.filter((a) => !to.some((t) => t.toLowerCase() === a.toLowerCase())));
  return { inReplyTo: last.id, subject: replySubject(thread.subject), to, cc };
}

/** How a message's state reads: received mail, and sent mail by its sending state (bounced: sent, then returned). */
export function emailState(e: Pick<Email, "direction" | "status">): { tone: Tone; mark: string; text: string } {
  if (e.direction === "inbound") return { tone: "accent", mark: "↓", text: t("email.threads.received") };
  if (e.status === "bounced") return { tone: "danger", mark: "↩", text: t("email.threads.bounced") };
  if (e.status === "failed") return { tone: "danger", mark: "✕", text: t("email.threads.failed") };
  if (e.status === "queued") return { tone: "warn", mark: "…", text: t("email.threads.queued") };
  return { tone: "ok", mark: "↑", text: t("email.threads.sent") };
}
