// The jobs list's filters and what the page says about a job, apart from React: the query the
// route takes, each state as a badge, which buttons a state allows, and a long error cut short.
import { keys } from "../../../api/keys";
import type { Schemas } from "../../../api/types";
import type { BadgeState, Tone } from "../shared/Badge";
import { periodBounds } from "../shared/period";

export type Job = Schemas["Job"];
export type JobDetail = Schemas["JobDetail"];
export type JobState = Job["state"];

export const jobsKey = keys.settings("jobs");
export const jobKey = (id: string) => [...jobsKey, "one", id] as const;

export const JOB_STATES: readonly JobState[] = ["queued", "running", "succeeded", "dead", "cancelled"];

/** Types every workspace may have, offered in the type filter beside those already seen. */
export const KNOWN_TYPES = ["webhook.deliver"];

export interface JobFilters {
  state: "" | JobState;
  type: string;
  from: string;
  to: string;
}

export const emptyJobFilters: JobFilters = { state: "", type: "", from: "", to: "" };

export function jobsQuery(f: JobFilters): Record<string, string> {
  const q: Record<string, string> = {};
  if (f.state) q.state = f.state;
  if (f.type.trim()) q.type = f.type.trim();
  return { ...q, ...periodBounds(f.from, f.to) };
}

const STATE: Record<JobState, { tone: Tone; mark: string }> = {
  queued: { tone: "accent", mark: "…" },
  running: { tone: "accent", mark: "▶" },
  succeeded: { tone: "ok", mark: "✓" },
  dead: { tone: "danger", mark: "✕" },
  cancelled: { tone: "neutral", mark: "–" },
};

export function stateBadge(s: JobState): BadgeState {
  return { ...STATE[s], label: `jobs.state.${s}` };
}

/** Retry brings back a dead or cancelled job; cancel stops one that has not ended. */
export const canRetry = (s: JobState) => s === "dead" || s === "cancelled";
export const canCancel = (s: JobState) => s === "queued" || s === "running";

/** The first line of an error, at most max characters ("…" when cut). */
export function shortError(e: string | null | undefined, max = 80): string {
  if (!e) return "";
  const line = e.split("\n")[0] ?? "";
  return line.length > max || line.length < e.length ? `${line.slice(0, max).trimEnd()}…` : line;
}

/** The types for the filter's suggestions: the known ones and those on screen, once each, sorted. */
export function typeSuggestions(seen: readonly string[]): string[] {
  return [...new Set([...KNOWN_TYPES, ...seen])].sort();
}
