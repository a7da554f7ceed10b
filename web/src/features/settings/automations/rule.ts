// An automation rule as the editor holds it, apart from React: the form made from a rule and the
// body made from the form (conditions in the list filters' spelling, update_fields as rows of one
// field each), the PATCH of only what the admin changed (so "save mine" after a conflict keeps the
// other person's changes), which triggers and actions fit an object, and the server's 422 paths
// sorted onto the inputs that show them.
import type { Schemas } from "../../../api/types";
import type { Filter } from "../../records/list/state";
import { CHANGE_OPERATORS, type Op } from "../../records/list/fields";
import type { BadgeState } from "../shared/Badge";
import { newKey } from "../shared/reorder";

export type Rule = Schemas["Automation"];
export type Trigger = Schemas["AutomationTrigger"];
export type TriggerType = Trigger["type"];
export type Condition = Schemas["AutomationCondition"];
export type Action = Schemas["AutomationAction"];
export type ActionType = Action["type"];
export type RuleObject = Rule["object_type"];
export type Run = Schemas["AutomationRun"];
export type TestResult = Schemas["AutomationTestResult"];

export const RULE_OBJECTS: readonly RuleObject[] = ["deals", "contacts", "companies", "leads", "tickets"];

const TRIGGERS: readonly TriggerType[] = [
  "record_created",
  "record_updated",
  "field_changed",
  "stage_changed",
  "lead_converted",
  "record_deleted",
  "record_restored",
  "date_relative",
  "schedule",
  "sla_warning",
  "sla_breached",
  "reply_bounced",
  "form_submitted",
];

/** Triggers and actions of some kinds of record only. */
const ONLY: Partial<Record<TriggerType | ActionType, RuleObject | readonly RuleObject[]>> = {
  stage_changed: "deals",
  lead_converted: "leads",
  sla_warning: "tickets",
  sla_breached: "tickets",
  reply_bounced: "tickets",
  form_submitted: ["leads", "contacts"],
  move_deal: "deals",
  assign_round_robin: "tickets",
};
const fits = (object: RuleObject) => (kind: TriggerType | ActionType) => {
  const only = ONLY[kind] ?? object;
  return typeof only === "string" ? only === object : only.includes(object);
};

/** The triggers a rule on this object can have: a stage change is a deal's, a conversion a lead's, an SLA's warning and breach a ticket's, a form's submission a lead's or contact's. */
export function triggersFor(object: RuleObject): TriggerType[] {
  return TRIGGERS.filter(fits(object));
}

const ACTIONS: readonly ActionType[] = ["update_fields", "assign_owner", "assign_round_robin", "create_task", "create_activity", "move_deal", "add_tag", "call_webhook", "send_email"];

/** The actions a rule on this object can take (moving is for deals, a team's round robin for tickets). */
export function actionsFor(object: RuleObject): ActionType[] {
  return ACTIONS.filter(fits(object));
}

/** The "changed" condition operators apply to a rule started by an update only. */
export const changeOpsFor = (trigger: TriggerType): readonly Op[] =>
  trigger === "record_updated" || trigger === "field_changed" ? CHANGE_OPERATORS : [];

/** One field set by update_fields: the field (custom.<name> for a custom one) and its value as sent. */
export interface FieldRow {
  key: string;
  field: string;
  value: unknown;
}

/** An action of the list; `key` follows it through reordering, `rows` are update_fields' fields. */
export interface DraftAction {
  key: string;
  action: Action;
  rows: FieldRow[];
}

export interface RuleForm {
  name: string;
  description: string;
  object_type: RuleObject;
  trigger: Trigger;
  conditions: Filter[];
  actions: DraftAction[];
}

export function blankAction(type: ActionType): Action {
  switch (type) {
    case "update_fields":
      return { type, fields: {} };
    case "assign_owner":
      return { type, user_id: "" };
    case "assign_round_robin":
      return { type, team_id: "" };
    case "create_task":
      return { type, title: "", due_in_days: 1, assignee: "owner" };
    case "create_activity":
      return { type, kind: "note", subject: "" };
    case "move_deal":
      return { type, stage_id: "" };
    case "add_tag":
      return { type, field: "", value: "" };
    case "call_webhook":
      return { type, url: "" };
    default:
      return { type: "send_email", template_id: "" };
  }
}

export function draftAction(action: Action): DraftAction {
  return { key: newKey(), action, rows: action.type === "update_fields" ? rowsOf(action.fields) : [] };
}

export function blankTrigger(type: TriggerType): Trigger {
  if (type === "date_relative") return { type, field: "", offset_days: 0, at: "09:00" };
  if (type === "schedule") return { type, cron: "0 9 * * MON-FRI" };
  return { type };
}

export function blankForm(): RuleForm {
  return {
    name: "",
    description: "",
    object_type: "deals",
    trigger: blankTrigger("stage_changed"),
    conditions: [],
    actions: [draftAction(blankAction("create_task"))],
  };
}

/** update_fields' PATCH body as rows, custom fields as custom.<name>. */
export function rowsOf(fields: Record<string, unknown>): FieldRow[] {
  const rows: FieldRow[] = [];
  for (const [name, value] of Object.entries(fields)) {
    if (name === "custom" && value && typeof value === "object" && !Array.isArray(value)) {
      for (const [c, v] of Object.entries(value)) rows.push({ key: newKey(), field: `custom.${c}`, value: v });
    } else rows.push({ key: newKey(), field: name, value });
  }
  return rows;
}

/** The rows as a PATCH body (rows without a field left out). */
export function fieldsOf(rows: readonly FieldRow[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const custom: Record<string, unknown> = {};
  for (const r of rows) {
    if (!r.field) continue;
    if (r.field.startsWith("custom.")) custom[r.field.slice(7)] = r.value;
    else out[r.field] = r.value;
  }
  if (Object.keys(custom).length) out.custom = custom;
  return out;
}

/** A condition as the filter builder edits it ("in" as a comma-separated list, like a list's URL). */
export function filterOf(c: Condition): Filter {
  const v = c.value;
  const value = v === undefined || v === null ? "" : Array.isArray(v) ? v.map(String).join(",") : String(v);
  return { field: c.field, op: c.op as Op, value };
}

export function conditionOf(f: Filter): Condition {
  if (f.op === "changed") return { field: f.field, op: f.op };
  if (f.op === "in") return { field: f.field, op: f.op, value: f.value.split(",").map((s) => s.trim()).filter(Boolean) };
  return { field: f.field, op: f.op, value: f.value };
}

export function formOf(rule: Rule): RuleForm {
  return {
    name: rule.name,
    description: rule.description,
    object_type: rule.object_type,
    trigger: { ...rule.trigger },
    conditions: rule.conditions.map(filterOf),
    actions: rule.actions.map(draftAction),
  };
}

/** The trigger without the inputs left empty (an optional "from" nobody filled is no constraint). */
function cleanTrigger(t: Trigger): Trigger {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(t)) if (v !== "" && v !== undefined && v !== null) out[k] = typeof v === "string" ? v.trim() : v;
  return out as Trigger;
}

function actionBody(d: DraftAction): Action {
  // The schema types `fields` as an object of no declared keys (any PATCH body of the object).
  if (d.action.type === "update_fields") return { type: "update_fields", fields: fieldsOf(d.rows) as Record<string, never> };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(d.action)) if (v !== "" && v !== undefined) out[k] = typeof v === "string" ? v.trim() : v;
  return out as Action;
}

export type RuleBody = Schemas["AutomationInput"];

export function ruleBody(form: RuleForm): RuleBody {
  return {
    name: form.name.trim(),
    description: form.description.trim(),
    object_type: form.object_type,
    trigger: cleanTrigger(form.trigger),
    conditions: form.conditions.map(conditionOf),
    actions: form.actions.map(actionBody),
  };
}

type Part = "name" | "description" | "object_type" | "trigger" | "conditions" | "actions";
const PARTS: readonly Part[] = ["name", "description", "object_type", "trigger", "conditions", "actions"];

/** The parts of the rule an edit changed from the version it started from. */
export function changedParts(base: RuleForm, form: RuleForm): Partial<RuleBody> {
  const a = ruleBody(base);
  const b = ruleBody(form);
  const out: Record<string, unknown> = {};
  for (const p of PARTS) if (JSON.stringify(a[p]) !== JSON.stringify(b[p])) out[p] = b[p];
  return out as Partial<RuleBody>;
}

/** The parts another person changed between the version an edit started from and the server's now. */
export function theirChanges(base: RuleForm, fresh: RuleForm): Part[] {
  return Object.keys(changedParts(base, fresh)) as Part[];
}

/** The error of one input: the server's path for it ("trigger.field", "actions.2.url"). */
export const errorAt = (errors: Record<string, string>, path: string): string | undefined => errors[path];

/**
 * The server's error paths an editor of this form shows on an input: the top-level parts, the
 * trigger's options, a condition's, and an action's parameters or update_fields' fields.
 */
export function placedPaths(form: RuleForm): Set<string> {
  const out = new Set<string>(["name", "description", "object_type", "trigger", "conditions", "actions"]);
  for (const k of ["type", "field", "from", "to", "pipeline_id", "from_stage_id", "to_stage_id", "offset_days", "at", "cron"]) out.add(`trigger.${k}`);
  form.conditions.forEach((_, i) => {
    for (const k of ["", ".field", ".op", ".value"]) out.add(`conditions.${i}${k}`);
  });
  form.actions.forEach((d, i) => {
    out.add(`actions.${i}`);
    out.add(`actions.${i}.type`);
    if (d.action.type === "update_fields") {
      out.add(`actions.${i}.fields`);
      for (const r of d.rows) if (r.field) out.add(`actions.${i}.fields.${r.field}`);
    } else for (const k of Object.keys(blankAction(d.action.type))) out.add(`actions.${i}.${k}`);
    if (d.action.type === "assign_owner") ["team_id", "mode"].forEach((k) => out.add(`actions.${i}.${k}`));
    if (d.action.type === "create_activity") out.add(`actions.${i}.body`);
  });
  return out;
}

/** The server's field errors no input shows (a path the editor does not know): said above the form. */
export function unplacedErrors(errors: Record<string, string>, form: RuleForm): [string, string][] {
  const placed = placedPaths(form);
  return Object.entries(errors).filter(([path]) => !placed.has(path));
}

/** Where one error of a condition shows: "conditions.2" (a webhook's "filter.2") and its parts, as one message. */
export function conditionError(errors: Record<string, string>, i: number, path = "conditions"): string | undefined {
  return errors[`${path}.${i}`] ?? errors[`${path}.${i}.value`] ?? errors[`${path}.${i}.field`] ?? errors[`${path}.${i}.op`];
}

/** On, paused by an admin, or paused by the server (its reason said beside it). */
export function ruleStatus(r: Pick<Rule, "enabled" | "paused_reason">): BadgeState {
  if (!r.enabled && r.paused_reason) return { tone: "danger", label: "automations.status.paused", mark: "✕" };
  if (!r.enabled) return { tone: "neutral", label: "automations.status.off", mark: "–" };
  return { tone: "ok", label: "automations.status.on", mark: "✓" };
}

/** A run's outcome, and an action's within it, as a badge. */
export function runState(status: Run["status"]): BadgeState {
  if (status === "succeeded") return { tone: "ok", mark: "✓", label: "automations.run.state.succeeded" };
  if (status === "failed") return { tone: "danger", mark: "✕", label: "automations.run.state.failed" };
  if (status === "running") return { tone: "accent", mark: "…", label: "automations.run.state.running" };
  return { tone: "neutral", mark: "–", label: "automations.run.state.skipped" };
}
