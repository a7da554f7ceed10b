// A ticket's SLA as the server gives it (the `sla` of a ticket's JSON, once SLA policies exist):
// {"policy_id", "first_response": {"due_at", "breached", "met_at", "paused"}, "next_response": {…},
// "resolution": {…}}, a target left out when the policy has none. Read defensively: a ticket
// without `sla` (no policy, or a server without SLAs) shows no badge at all.
export const SLA_TARGETS = ["first_response", "next_response", "resolution"] as const;
export type SlaTargetName = (typeof SLA_TARGETS)[number];

export interface SlaTarget {
  due_at: string | null;
  breached: boolean;
  met_at: string | null;
  /** The clock stands still (the ticket is pending or on hold): no due time until it runs again. */
  paused: boolean;
}

export type TicketSla = Partial<Record<SlaTargetName, SlaTarget>>;

/** Under this much time left a running target shows as a warning. */
export const WARN_MS = 60 * 60 * 1000;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => !!v && typeof v === "object" && !Array.isArray(v);
const text = (v: unknown): string | null => (typeof v === "string" && v ? v : null);

/** The ticket's SLA targets, or null when it has none. */
export function readSla(ticket: Json | null | undefined): TicketSla | null {
  const sla = ticket?.sla;
  if (!isObject(sla)) return null;
  const out: TicketSla = {};
  for (const name of SLA_TARGETS) {
    const t = sla[name];
    if (!isObject(t)) continue;
    out[name] = { due_at: text(t.due_at), breached: t.breached === true, met_at: text(t.met_at), paused: t.paused === true };
  }
  return Object.keys(out).length ? out : null;
}

export type SlaState =
  | { kind: "met"; at: string }
  | { kind: "breached"; overdueMs: number }
  | { kind: "warning" | "running"; leftMs: number }
  | { kind: "paused" }
  | { kind: "none" };

/** Where a target stands at `now`: met, breached (by how long), running (how long is left) or paused. */
export function targetState(target: SlaTarget, now: number): SlaState {
  if (target.met_at) return { kind: "met", at: target.met_at };
  const due = target.due_at ? Date.parse(target.due_at) : NaN;
  if (Number.isNaN(due)) return target.breached ? { kind: "breached", overdueMs: 0 } : target.paused ? { kind: "paused" } : { kind: "none" };
  const left = due - now;
  if (target.breached || left <= 0) return { kind: "breached", overdueMs: Math.max(0, -left) };
  return { kind: left < WARN_MS ? "warning" : "running", leftMs: left };
}

/** The target that falls due next (unmet, earliest due; a breached one first): the inbox's SLA cell. */
export function nextTarget(sla: TicketSla | null): { name: SlaTargetName; target: SlaTarget } | null {
  let best: { name: SlaTargetName; target: SlaTarget; due: number } | null = null;
  let paused: { name: SlaTargetName; target: SlaTarget } | null = null;
  for (const name of SLA_TARGETS) {
    const target = sla?.[name];
    if (!target || target.met_at) continue;
    if (!target.due_at) {
      if (target.paused && !paused) paused = { name, target };
      continue;
    }
    const due = Date.parse(target.due_at);
    if (Number.isNaN(due)) continue;
    if (!best || due < best.due) best = { name, target, due };
  }
  // A ticket whose clock stands still says so rather than showing nothing.
  return best ? { name: best.name, target: best.target } : paused;
}

/** A duration as a person reads a countdown: "2d 3h", "3h 05m", "12m", "<1m". */
export function shortDuration(ms: number): string {
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return "<1m";
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours ? `${days}d ${hours}h` : `${days}d`;
  if (hours > 0) return `${hours}h ${String(mins).padStart(2, "0")}m`;
  return `${mins}m`;
}
