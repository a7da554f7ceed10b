// The inbox's queues: each a set of list filters and an order over GET /api/v1/tickets, so a queue
// is the same request a saved view would make. "Breaching soon" orders by the SLA's next due time
// (sla_due_at) once the server offers it, else by the longest wait (oldest change first). The queue,
// the chosen team and the person's extra filters live in the URL (?queue=team&team=…&filter[…]).
import type { Filter } from "../records/list/state";
import { withFilter } from "../records/list/state";

export const QUEUES = ["mine", "unassigned", "open", "breaching", "team"] as const;
export type Queue = (typeof QUEUES)[number];

/** The statuses of a ticket still to be worked on (solved and closed ones leave every queue). */
export const OPEN_STATUSES = ["new", "open", "pending", "on_hold"] as const;

export interface QueueContext {
  meId: string;
  /** The team of the "By team" queue (null: none chosen yet, the queue lists nothing). */
  teamId: string | null;
  /** The server sorts tickets by sla_due_at (the SLA policies are installed)... */
  slaSort: boolean;
  /** ... and filters them by it (tickets without an SLA then leave "Breaching soon"). */
  slaFilter: boolean;
}

export interface QueueQuery {
  filters: Filter[];
  sort: string;
}

const openOnly: Filter = { field: "status", op: "in", value: OPEN_STATUSES.join(",") };

/** The list request of a queue. */
export function queueQuery(queue: Queue, ctx: QueueContext): QueueQuery {
  switch (queue) {
    case "mine":
      return { filters: [{ field: "assignee_id", op: "eq", value: ctx.meId }, openOnly], sort: "-updated_at" };
    case "unassigned":
      return { filters: [{ field: "assignee_id", op: "is_null", value: "true" }, openOnly], sort: "created_at" };
    case "breaching":
      if (!ctx.slaSort) return { filters: [openOnly], sort: "updated_at" };
      return { filters: ctx.slaFilter ? [openOnly, { field: "sla_due_at", op: "is_null", value: "false" }] : [openOnly], sort: "sla_due_at" };
    case "team":
      return { filters: [{ field: "team_id", op: "eq", value: ctx.teamId ?? "" }, openOnly], sort: "-updated_at" };
    default:
      return { filters: [openOnly], sort: "-updated_at" };
  }
}

/** The queue's filters with the person's own on top (theirs replace the queue's on the same field and operator). */
export function combinedFilters(base: Filter[], extra: Filter[]): Filter[] {
  return extra.reduce(withFilter, base);
}

export function parseQueue(value: string | null): Queue {
  return (QUEUES as readonly string[]).includes(value ?? "") ? (value as Queue) : "open";
}
