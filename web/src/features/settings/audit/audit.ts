// The audit log's filters as the page holds them and the query the API takes: the period's dates
// become RFC 3339 bounds in the browser's time zone (until is exclusive: the day after "to").
import { periodBounds } from "../shared/period";

export interface AuditFilters {
  object_type: string;
  action: string;
  actor_id: string;
  object_id: string;
  from: string;
  to: string;
}

export const emptyAuditFilters: AuditFilters = { object_type: "", action: "", actor_id: "", object_id: "", from: "", to: "" };

export function auditQuery(f: AuditFilters): Record<string, string> {
  const q: Record<string, string> = {};
  if (f.object_type) q.object_type = f.object_type;
  if (f.action) q.action = f.action;
  if (f.actor_id) q.actor_id = f.actor_id;
  if (f.object_id.trim()) q.object_id = f.object_id.trim();
  return { ...q, ...periodBounds(f.from, f.to) };
}

/** A change's value as one readable line: strings as they are, the rest as compact JSON. */
export function showValue(v: unknown): string {
  if (v === null || v === undefined) return "∅";
  if (typeof v === "string") return v === "" ? '""' : v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  return JSON.stringify(v);
}
