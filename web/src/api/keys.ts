// Query keys: every cached read of a record object starts with ["records", object], so a live
// notice about that object (api/live.ts) invalidates exactly what may have changed.
import type { ObjectType } from "./types";

export const keys = {
  me: ["me"] as const,
  records: (object: ObjectType | string) => ["records", object] as const,
  list: (object: ObjectType | string, params: unknown) => ["records", object, "list", params] as const,
  record: (object: ObjectType | string, id: string) => ["records", object, "one", id] as const,
  related: (object: ObjectType | string, id: string, what: string) => ["records", object, "one", id, what] as const,
  board: (pipelineId: string) => ["records", "deals", "board", pipelineId] as const,
  reports: (name: string, params: unknown) => ["records", "deals", "reports", name, params] as const,
  settings: (what: string) => ["settings", what] as const,
};
