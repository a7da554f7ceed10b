import { describe, expect, it } from "vitest";
import {
  actionsFor,
  blankAction,
  blankForm,
  changedParts,
  changeOpsFor,
  conditionOf,
  draftAction,
  fieldsOf,
  filterOf,
  formOf,
  ruleBody,
  ruleStatus,
  rowsOf,
  theirChanges,
  triggersFor,
  unplacedErrors,
  type Rule,
} from "./rule";

const rule: Rule = {
  id: "r1",
  name: "Won → hand-over",
  description: "",
  enabled: true,
  object_type: "deals",
  trigger: { type: "stage_changed", to_stage_id: "s-won" },
  conditions: [
    { field: "amount", op: "gte", value: "100000" },
    { field: "status", op: "in", value: ["open", "won"] },
  ],
  actions: [
    { type: "create_task", title: "Hand over", due_in_days: 2, assignee: "owner" },
    { type: "update_fields", fields: { priority: "high", custom: { region: "EU" } } as unknown as Record<string, never> },
  ],
  paused_reason: null,
  created_by: "u1",
  created_at: "2026-12-01T10:00:00Z",
  updated_at: "2026-12-01T10:00:00Z",
  version: 3,
};

describe("the rule as the editor holds it", () => {
  it("gives the same body back as the rule it was made from", () => {
    const body = ruleBody(formOf(rule));
    expect(body.trigger).toEqual(rule.trigger);
    expect(body.conditions).toEqual(rule.conditions);
    expect(body.actions).toEqual(rule.actions);
  });

  it("leaves optional trigger inputs nobody filled out of the body, trimmed", () => {
    const form = blankForm();
    form.name = "  Ping ";
    form.trigger = { type: "field_changed", field: "status", from: "", to: " won " };
    const body = ruleBody(form);
    expect(body.name).toBe("Ping");
    expect(body.trigger).toEqual({ type: "field_changed", field: "status", to: "won" });
  });

  it("reads conditions in the list filters' spelling, in as a list, changed without a value", () => {
    expect(filterOf({ field: "status", op: "in", value: ["a", "b"] })).toEqual({ field: "status", op: "in", value: "a,b" });
    expect(conditionOf({ field: "status", op: "in", value: "a, b" })).toEqual({ field: "status", op: "in", value: ["a", "b"] });
    expect(conditionOf({ field: "stage_id", op: "changed", value: "" })).toEqual({ field: "stage_id", op: "changed" });
    expect(conditionOf({ field: "status", op: "changed_to", value: "won" })).toEqual({ field: "status", op: "changed_to", value: "won" });
  });

  it("edits update_fields as rows, custom fields as custom.<name>, and sends them back nested", () => {
    const rows = rowsOf({ priority: "high", custom: { region: "EU" } });
    expect(rows.map((r) => [r.field, r.value])).toEqual([
      ["priority", "high"],
      ["custom.region", "EU"],
    ]);
    expect(fieldsOf([...rows, { key: "x", field: "", value: 1 }])).toEqual({ priority: "high", custom: { region: "EU" } });
  });
});

describe("an edit's PATCH", () => {
  it("holds only the parts that changed", () => {
    const base = formOf(rule);
    expect(changedParts(base, formOf(rule))).toEqual({});
    const form = { ...formOf(rule), name: "Renamed" };
    expect(changedParts(base, form)).toEqual({ name: "Renamed" });
  });

  it("sees reordered actions as a change of the actions", () => {
    const base = formOf(rule);
    const form = { ...base, actions: [...base.actions].reverse() };
    expect(Object.keys(changedParts(base, form))).toEqual(["actions"]);
  });

  it("names what the other person changed", () => {
    const fresh = { ...formOf(rule), trigger: { type: "record_created" as const }, conditions: [] };
    expect(theirChanges(formOf(rule), fresh)).toEqual(["trigger", "conditions"]);
  });
});

describe("what fits a rule", () => {
  it("offers a form's submission for leads and contacts only", () => {
    expect(triggersFor("leads")).toContain("form_submitted");
    expect(triggersFor("contacts")).toContain("form_submitted");
    expect(triggersFor("deals")).not.toContain("form_submitted");
    expect(triggersFor("tickets")).not.toContain("form_submitted");
  });

  it("offers a stage change for deals and a conversion for leads only", () => {
    expect(triggersFor("deals")).toContain("stage_changed");
    expect(triggersFor("contacts")).not.toContain("stage_changed");
    expect(triggersFor("leads")).toContain("lead_converted");
    expect(triggersFor("deals")).not.toContain("lead_converted");
    expect(actionsFor("contacts")).not.toContain("move_deal");
    expect(actionsFor("deals")).toContain("move_deal");
  });

  it("offers the SLA's warning and breach and a team's round robin for tickets only", () => {
    expect(triggersFor("tickets")).toEqual(expect.arrayContaining(["sla_warning", "sla_breached", "record_created", "field_changed"]));
    expect(triggersFor("tickets")).not.toContain("stage_changed");
    expect(triggersFor("deals")).not.toContain("sla_breached");
    expect(actionsFor("tickets")).toContain("assign_round_robin");
    expect(actionsFor("tickets")).not.toContain("move_deal");
    expect(actionsFor("deals")).not.toContain("assign_round_robin");
  });

  it("sends a round robin's team, and places its error on the team picker", () => {
    const form = { ...formOf({ ...rule, object_type: "tickets", trigger: { type: "sla_breached" } }), actions: [draftAction(blankAction("assign_round_robin"))] };
    form.actions[0]!.action = { type: "assign_round_robin", team_id: " t-1 " };
    expect(ruleBody(form).actions).toEqual([{ type: "assign_round_robin", team_id: "t-1" }]);
    expect(ruleBody(form).trigger).toEqual({ type: "sla_breached" });
    expect(unplacedErrors({ "actions.0.team_id": "is not a team of this workspace" }, form)).toEqual([]);
  });

  it("offers the changed operators to a rule started by an update only", () => {
    expect(changeOpsFor("record_updated")).toEqual(["changed", "changed_from", "changed_to"]);
    expect(changeOpsFor("field_changed")).toHaveLength(3);
    expect(changeOpsFor("record_created")).toEqual([]);
    expect(changeOpsFor("stage_changed")).toEqual([]);
  });
});

describe("the server's errors", () => {
  it("are shown on their inputs; only a path no input has is said above the form", () => {
    const form = formOf(rule);
    const errors = {
      name: "is required",
      "trigger.to_stage_id": "is not a stage",
      "conditions.1": "unknown operator",
      "actions.0.title": "is required",
      "actions.1.fields.custom.region": "is not an option",
      "actions.1.fields.priority": "bad",
      "actions.7.url": "?",
      "trigger.something_new": "?",
    };
    expect(unplacedErrors(errors, form)).toEqual([
      ["actions.7.url", "?"],
      ["trigger.something_new", "?"],
    ]);
  });

  it("places a new action's errors by its kind", () => {
    const form = { ...formOf(rule), actions: [draftAction({ type: "call_webhook", url: "" })] };
    expect(unplacedErrors({ "actions.0.url": "must be public" }, form)).toEqual([]);
  });
});

describe("a rule's state", () => {
  it("tells a pause by the server from an admin's", () => {
    expect(ruleStatus(rule).label).toBe("automations.status.on");
    expect(ruleStatus({ enabled: false, paused_reason: null }).label).toBe("automations.status.off");
    expect(ruleStatus({ enabled: false, paused_reason: "ran 20 times in a minute" })).toMatchObject({ tone: "danger", label: "automations.status.paused" });
  });
});
