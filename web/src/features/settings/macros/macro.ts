// A macro as its editor holds it, apart from React: name, kind, body, shared, and its field changes
// as the selects show them ("" = leave the field alone; the assignee also "unassign"); what a save
// sends (a create: everything; a change: the parts that differ, changes whole as PATCH replaces them).
import type { Schemas } from "../../../api/types";

export type Macro = Schemas["Macro"];
type Changes = Schemas["MacroChanges"];
export const STATUSES = ["new", "open", "pending", "on_hold", "solved", "closed"] as const;
export const PRIORITIES = ["urgent", "high", "normal", "low"] as const;
/** The assignee select's value that clears the assignee. */
export const UNASSIGN = "unassign";

export interface MacroForm {
  name: string;
  kind: "reply" | "note";
  body: string;
  shared: boolean;
  status: "" | (typeof STATUSES)[number];
  priority: "" | (typeof PRIORITIES)[number];
  assignee: string;
  team: string;
  add_tags: string[];
  remove_tags: string[];
}

export function blankMacro(): MacroForm {
  return { name: "", kind: "reply", body: "", shared: true, status: "", priority: "", assignee: "", team: "", add_tags: [], remove_tags: [] };
}

export function macroForm(m: Macro): MacroForm {
  const c = m.changes ?? {};
  return {
    name: m.name,
    kind: m.kind,
    body: m.body,
    shared: m.shared,
    status: c.status ?? "",
    priority: c.priority ?? "",
    assignee: c.assignee_id === null ? UNASSIGN : (c.assignee_id ?? ""),
    team: c.team_id ?? "",
    add_tags: [...(c.add_tags ?? [])],
    remove_tags: [...(c.remove_tags ?? [])],
  };
}

export function macroChanges(f: MacroForm): Changes {
  const c: Changes = {};
  if (f.status) c.status = f.status;
  if (f.priority) c.priority = f.priority;
  if (f.assignee) c.assignee_id = f.assignee === UNASSIGN ? null : f.assignee;
  if (f.team) c.team_id = f.team;
  if (f.add_tags.length) c.add_tags = f.add_tags;
  if (f.remove_tags.length) c.remove_tags = f.remove_tags;
  return c;
}

export function macroBody(f: MacroForm): Schemas["MacroInput"] {
  return { name: f.name.trim(), kind: f.kind, body: f.body, changes: macroChanges(f), shared: f.shared };
}

/** The parts of `f` that differ from `from` (empty: nothing to save). */
export function macroPatch(from: MacroForm, f: MacroForm): Schemas["MacroPatch"] {
  const a: Schemas["MacroPatch"] = macroBody(from);
  const b: Schemas["MacroPatch"] = macroBody(f);
  return Object.fromEntries(Object.entries(b).filter(([k, v]) => JSON.stringify(a[k as keyof typeof a]) !== JSON.stringify(v)));
}

/** How many field changes the macro makes (the list's column). */
export const changeCount = (c: Changes | undefined) => Object.keys(c ?? {}).length;
