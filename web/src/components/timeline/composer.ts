// The composer's draft → the body of POST /api/v1/activities, linking the record the page is
// about. A note or a call needs only its text; a task its subject (and optionally a due date); a
// meeting its start and an end after it. Errors name the draft field they belong to.
import type { Schemas } from "../../api/types";

export type ActivityInput = Schemas["ActivityInput"];
export type ComposerKind = "note" | "call" | "task" | "meeting";

export interface ComposerDraft {
  text: string;
  subject: string;
  /** Task: a calendar date (YYYY-MM-DD), due at the end of that day, local time. */
  due: string;
  /** Meeting: datetime-local values ("2026-12-03T10:00"). */
  starts: string;
  ends: string;
  location: string;
  direction: "" | "inbound" | "outbound";
  outcome: "" | NonNullable<ActivityInput["outcome"]>;
  /** Call: minutes, as typed. */
  minutes: string;
}

export const emptyDraft: ComposerDraft = {
  text: "",
  subject: "",
  due: "",
  starts: "",
  ends: "",
  location: "",
  direction: "",
  outcome: "",
  minutes: "",
};

export type LinkObject = "contacts" | "companies" | "leads" | "deals";

export type ComposerResult =
  | { ok: true; body: ActivityInput }
  | { ok: false; errors: Partial<Record<keyof ComposerDraft, "required" | "endBeforeStart" | "invalid">> };

function localIso(value: string): string | null {
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}

/** The first line of a text, shortened: a note or call's subject when none was typed. */
export function subjectFrom(text: string, max = 80): string {
  const first = text.trim().split("\n")[0]?.trim() ?? "";
  return first.length > max ? `${first.slice(0, max - 1)}…` : first;
}

export function linkOf(object: LinkObject, id: string): Pick<ActivityInput, "contact_ids" | "company_ids" | "lead_ids" | "deal_ids"> {
  switch (object) {
    case "contacts":
      return { contact_ids: [id] };
    case "companies":
      return { company_ids: [id] };
    case "leads":
      return { lead_ids: [id] };
    case "deals":
      return { deal_ids: [id] };
  }
}

export function buildActivity(kind: ComposerKind, d: ComposerDraft, link: { object: LinkObject; id: string }): ComposerResult {
  const text = d.text.trim();
  const subject = d.subject.trim();
  const base = { type: kind, ...linkOf(link.object, link.id) } as ActivityInput;
  switch (kind) {
    case "note":
      if (!text) return { ok: false, errors: { text: "required" } };
      return { ok: true, body: { ...base, subject: subject || subjectFrom(text), body: text } };
    case "call": {
      if (!text && !subject) return { ok: false, errors: { text: "required" } };
      const body: ActivityInput = { ...base, subject: subject || subjectFrom(text), body: text || null };
      if (d.direction) body.direction = d.direction;
      if (d.outcome) body.outcome = d.outcome;
      if (d.minutes.trim()) {
        const m = Number(d.minutes.trim().replace(",", "."));
        if (!Number.isFinite(m) || m < 0) return { ok: false, errors: { minutes: "invalid" } };
        body.duration_seconds = Math.round(m * 60);
      }
      return { ok: true, body };
    }
    case "task": {
      const title = subject || subjectFrom(text);
      if (!title) return { ok: false, errors: { subject: "required" } };
      const body: ActivityInput = { ...base, subject: title, body: subject && text ? text : null, done: false };
      if (d.due) {
        const due = localIso(`${d.due}T23:59:00`);
        if (!due) return { ok: false, errors: { due: "invalid" } };
        body.due_at = due;
      }
      return { ok: true, body };
    }
    case "meeting": {
      const errors: Partial<Record<keyof ComposerDraft, "required" | "endBeforeStart" | "invalid">> = {};
      if (!subject && !text) errors.subject = "required";
      const starts = d.starts ? localIso(d.starts) : null;
      const ends = d.ends ? localIso(d.ends) : null;
      if (!d.starts) errors.starts = "required";
      else if (!starts) errors.starts = "invalid";
      if (!d.ends) errors.ends = "required";
      else if (!ends) errors.ends = "invalid";
      else if (starts && ends <= starts) errors.ends = "endBeforeStart";
      if (Object.keys(errors).length) return { ok: false, errors };
      const body: ActivityInput = { ...base, subject: subject || subjectFrom(text), body: subject && text ? text : null, starts_at: starts, ends_at: ends };
      if (d.location.trim()) body.location = d.location.trim();
      return { ok: true, body };
    }
  }
}

/** A meeting's default length, in minutes, when only its start is typed. */
export const MEETING_MINUTES = 30;

/** A datetime-local value ("2026-12-03T10:00") moved by some minutes, local time; "" when not valid. */
export function addMinutes(value: string, minutes: number): string {
  const d = new Date(value);
  if (!value || Number.isNaN(d.getTime())) return "";
  d.setMinutes(d.getMinutes() + minutes);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * The draft with a meeting's new start. The end follows the start (MEETING_MINUTES later), as in a
 * calendar, until the person types an end of their own: one date typed logs a meeting.
 */
export function withStart(d: ComposerDraft, starts: string, endTyped: boolean): ComposerDraft {
  if (endTyped && d.ends) return { ...d, starts };
  const ends = addMinutes(starts, MEETING_MINUTES);
  return { ...d, starts, ends: ends || d.ends };
}

/** The composer's one-key shortcuts (outside a text field): pick the type and start typing. */
export const KIND_KEYS: Record<ComposerKind, string> = { note: "n", call: "l", task: "t", meeting: "m" };
