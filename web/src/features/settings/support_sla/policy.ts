// An SLA policy as its editor holds it, apart from React: conditions as lists, each target off,
// one duration for every priority, or one per priority (typed as "4h", "1d 2h" or minutes), the
// clock (a calendar, the ticket's own, or round the clock), pause statuses and the warning. What a
// save sends is checked here first: a duration that is not one is said at its field (the server's
// path, targets.first_response.high) before anything is sent.
import type { Schemas } from "../../../api/types";
import { t, type MessageKey } from "../../../i18n";
import { checkDuration, formatDuration } from "./duration";

export type SlaPolicy = Schemas["SlaPolicy"];
export const TARGETS = ["first_response", "next_response", "resolution"] as const;
export type TargetName = (typeof TARGETS)[number];
export const PRIORITIES = ["urgent", "high", "normal", "low"] as const;
export type Priority = (typeof PRIORITIES)[number];
/** "Urgent": a priority as the ticket fields name it. */
export const priorityName = (p: string) => t(`enum.priority.${p}` as MessageKey);
export const PAUSABLE = ["new", "open", "pending", "on_hold"] as const;
export type Pausable = (typeof PAUSABLE)[number];
export const DEFAULT_PAUSE: Pausable[] = ["pending", "on_hold"];

export interface TargetForm {
  mode: "off" | "flat" | "per";
  flat: string;
  per: Record<Priority, string>;
}

/** "calendar": round the clock; "ticket": the ticket's team's calendar, else the default; else a calendar's id. */
export type ClockChoice = "ticket" | "calendar" | string;

export interface PolicyForm {
  name: string;
  priorities: Priority[];
  company_ids: string[];
  tags: string[];
  targets: Record<TargetName, TargetForm>;
  clock: ClockChoice;
  pause: Pausable[];
  warning: "percent" | "before" | "none";
  percent: string;
  before: string;
}

const noPer = (): Record<Priority, string> => ({ urgent: "", high: "", normal: "", low: "" });

export function blankPolicy(): PolicyForm {
  return {
    name: "",
    priorities: [],
    company_ids: [],
    tags: [],
    targets: {
      first_response: { mode: "flat", flat: "4h", per: noPer() },
      next_response: { mode: "off", flat: "", per: noPer() },
      resolution: { mode: "flat", flat: "3d", per: noPer() },
    },
    clock: "ticket",
    pause: [...DEFAULT_PAUSE],
    warning: "percent",
    percent: "80",
    before: "",
  };
}

type TargetJson = number | Partial<Record<Priority, number>> | undefined;

function targetForm(v: TargetJson): TargetForm {
  if (typeof v === "number") return { mode: "flat", flat: formatDuration(v), per: noPer() };
  if (v && typeof v === "object") {
    const per = noPer();
    for (const p of PRIORITIES) if (typeof v[p] === "number") per[p] = formatDuration(v[p]);
    return { mode: "per", flat: "", per };
  }
  return { mode: "off", flat: "", per: noPer() };
}

export function policyForm(p: SlaPolicy): PolicyForm {
  const targets = p.targets as Partial<Record<TargetName, TargetJson>>;
  const w = p.warning as { percent?: number; minutes_before?: number } | null;
  return {
    name: p.name,
    priorities: [...(p.conditions?.priority ?? [])],
    company_ids: [...(p.conditions?.company_id ?? [])],
    tags: [...(p.conditions?.tags ?? [])],
    targets: { first_response: targetForm(targets.first_response), next_response: targetForm(targets.next_response), resolution: targetForm(targets.resolution) },
    clock: p.calendar_time ? "calendar" : (p.business_hours_id ?? "ticket"),
    pause: [...p.pause_statuses],
    warning: w?.percent ? "percent" : w?.minutes_before ? "before" : "none",
    percent: w?.percent ? String(w.percent) : "80",
    before: w?.minutes_before ? formatDuration(w.minutes_before) : "",
  };
}

export interface PolicyBody {
  name: string;
  conditions: { priority: Priority[]; company_id: string[]; tags: string[] };
  targets: Partial<Record<TargetName, TargetJson>>;
  business_hours_id: string | null;
  calendar_time: boolean;
  pause_statuses: Pausable[];
  warning: { percent: number } | { minutes_before: number } | null;
}

/** The reasons a duration is refused, as message keys' last part. */
export type LocalError = "format" | "range" | "percent" | "required" | "noTarget";

/** The body a save sends, or the fields to correct first (by the server's paths). */
export function policyBody(f: PolicyForm): { body: PolicyBody } | { errors: Record<string, LocalError> } {
  const errors: Record<string, LocalError> = {};
  const minutes = (path: string, typed: string): number | undefined => {
    const c = checkDuration(typed);
    if ("error" in c) {
      errors[path] = c.error;
      return undefined;
    }
    return c.minutes;
  };
  const targets: PolicyBody["targets"] = {};
  for (const name of TARGETS) {
    const t = f.targets[name];
    if (t.mode === "flat") targets[name] = minutes(`targets.${name}`, t.flat);
    else if (t.mode === "per") {
      const per: Partial<Record<Priority, number>> = {};
      for (const p of PRIORITIES) if (t.per[p].trim()) per[p] = minutes(`targets.${name}.${p}`, t.per[p]);
      if (Object.keys(per).length === 0) errors[`targets.${name}`] = "required";
      targets[name] = per;
    }
  }
  if (TARGETS.every((n) => f.targets[n].mode === "off")) errors.targets = "noTarget";
  let warning: PolicyBody["warning"] = null;
  if (f.warning === "percent") {
    const pct = Number(f.percent);
    if (!/^\d+$/.test(f.percent.trim()) || pct < 1 || pct > 99) errors["warning.percent"] = "percent";
    else warning = { percent: pct };
  } else if (f.warning === "before") {
    const m = minutes("warning.minutes_before", f.before);
    if (m) warning = { minutes_before: m };
  }
  if (Object.keys(errors).length) return { errors };
  return {
    body: {
      name: f.name.trim(),
      conditions: { priority: f.priorities, company_id: f.company_ids, tags: f.tags },
      targets,
      business_hours_id: f.clock === "ticket" || f.clock === "calendar" ? null : f.clock,
      calendar_time: f.clock === "calendar",
      pause_statuses: f.pause,
      warning,
    },
  };
}

/** The keys of `b` that differ from `a` (a PATCH replaces conditions and targets whole). */
export function changedKeys(a: PolicyBody, b: PolicyBody): (keyof PolicyBody)[] {
  return (Object.keys(b) as (keyof PolicyBody)[]).filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
}

/** Positions 0..n-1 for the policies in their new order: the ones whose position must change. */
export function renumber(order: readonly Pick<SlaPolicy, "id" | "position">[]): { id: string; position: number }[] {
  return order.map((p, i) => ({ id: p.id, position: i })).filter((p, i) => order[i]!.position !== p.position);
}

/** The list moved one place: `id` up (-1) or down (+1). */
export function moved<T extends { id: string }>(list: readonly T[], id: string, delta: -1 | 1): T[] {
  const i = list.findIndex((p) => p.id === id);
  const j = i + delta;
  if (i < 0 || j < 0 || j >= list.length) return [...list];
  const next = [...list];
  [next[i], next[j]] = [next[j]!, next[i]!];
  return next;
}

/** A target in short words: "4h", or "urgent 1h · high 4h". */
export function targetText(v: unknown, priorityName: (p: Priority) => string): string {
  if (typeof v === "number") return formatDuration(v);
  if (!v || typeof v !== "object") return "";
  const per = v as Partial<Record<Priority, number>>;
  return PRIORITIES.filter((p) => typeof per[p] === "number")
    .map((p) => `${priorityName(p)} ${formatDuration(per[p]!)}`)
    .join(" · ");
}
