import { describe, expect, it } from "vitest";
import { changedFields, deliveryState, eventGroups, eventsLine, filterBody, filterObject, formOf, theirChanges, webhookStatus } from "./webhook";

describe("the event types from the OpenAPI document", () => {
  it("groups the webhooks section by subject, in the server's order, with each type's summary", () => {
    const doc = {
      webhooks: {
        "contact.created": { post: { summary: "A contact was created" } },
        "contact.updated": { post: { summary: "A contact was changed" } },
        "custom_field.created": { post: { summary: "A custom field definition was created" } },
        "deal.stage_changed": { post: {} },
      },
    };
    expect(eventGroups(doc)).toEqual([
      {
        subject: "contact",
        events: [
          { name: "contact.created", summary: "A contact was created" },
          { name: "contact.updated", summary: "A contact was changed" },
        ],
      },
      { subject: "custom_field", events: [{ name: "custom_field.created", summary: "A custom field definition was created" }] },
      { subject: "deal", events: [{ name: "deal.stage_changed", summary: "" }] },
    ]);
  });

  it("is empty for a document without webhooks", () => {
    expect(eventGroups({})).toEqual([]);
    expect(eventGroups(null)).toEqual([]);
  });
});

describe("the events in one line", () => {
  const more = (n: number) => `+${n}`;
  it("says all for *, the first few and how many more otherwise", () => {
    expect(eventsLine(["*"], "All", more)).toBe("All");
    expect(eventsLine(["a", "b"], "All", more)).toBe("a, b");
    expect(eventsLine(["a", "b", "c", "d", "e"], "All", more)).toBe("a, b, c +2");
  });
});

describe("a webhook's status", () => {
  const w = { enabled: true, disabled_reason: null, consecutive_failures: 0 };
  it("tells a server's disabling from an admin's, and a failing one from a healthy one", () => {
    expect(webhookStatus(w).label).toBe("webhooks.status.enabled");
    expect(webhookStatus({ ...w, consecutive_failures: 3 }).label).toBe("webhooks.status.failing");
    expect(webhookStatus({ ...w, enabled: false }).label).toBe("webhooks.status.disabled");
    const server = webhookStatus({ ...w, enabled: false, disabled_reason: "every delivery failed since …" });
    expect(server).toEqual({ tone: "danger", label: "webhooks.status.disabledByServer", mark: "✕" });
  });

  it("marks each delivery outcome with a symbol as well as a colour", () => {
    const marks = (["succeeded", "failed", "skipped"] as const).map((s) => deliveryState(s).mark);
    expect(new Set(marks).size).toBe(3);
  });
});

describe("an edit's PATCH", () => {
  const base = { url: "https://a.example/h", description: "Billing", event_types: ["contact.created", "deal.updated"], filter: [] };
  it("holds only what changed, trimmed", () => {
    expect(changedFields(base, { ...base })).toEqual({});
    expect(changedFields(base, { ...base, url: " https://b.example/h " })).toEqual({ url: "https://b.example/h" });
    expect(changedFields(base, { ...base, description: "Billing " })).toEqual({});
  });

  it("sees the same events in another order as no change", () => {
    expect(changedFields(base, { ...base, event_types: ["deal.updated", "contact.created"] })).toEqual({});
    expect(changedFields(base, { ...base, event_types: ["*"] })).toEqual({ event_types: ["*"] });
  });

  it("names what the other person changed", () => {
    expect(theirChanges(base, { ...base, url: "https://c.example/h", event_types: ["*"] })).toEqual(["url", "event_types"]);
  });
});

describe("the record object a filter is written for", () => {
  it("is the one object every chosen event is about, as the server's record_object says", () => {
    expect(filterObject(["deal.created", "deal.stage_changed"])).toEqual({ object: "deals" });
    expect(filterObject(["contact.erased", "contact.updated"])).toEqual({ object: "contacts" });
    expect(filterObject(["activity.created"])).toEqual({ object: "activities" });
  });
  it("is none, with the reason, for every event, no event, several objects or settings", () => {
    expect(filterObject(["*"])).toEqual({ why: "all" });
    expect(filterObject([])).toEqual({ why: "none" });
    expect(filterObject(["deal.created", "contact.created"])).toEqual({ why: "several" });
    expect(filterObject(["deal.created", "pipeline.updated"])).toEqual({ why: "several" });
    expect(filterObject(["custom_field.created", "view.updated"])).toEqual({ why: "notRecords" });
  });
});

describe("a webhook's filter in the form", () => {
  const hook = { url: "https://a.example/h", description: "", event_types: ["deal.created" as const] };
  it("reads the API's conditions as the filter builder edits them and writes them back", () => {
    const form = formOf({ ...hook, filter: [{ field: "amount", op: "gte", value: 1000 }, { field: "stage_id", op: "in", value: ["a", "b"] }] });
    expect(form.filter).toEqual([
      { field: "amount", op: "gte", value: "1000" },
      { field: "stage_id", op: "in", value: "a,b" },
    ]);
    expect(filterBody(form.filter)).toEqual([
      { field: "amount", op: "gte", value: "1000" },
      { field: "stage_id", op: "in", value: ["a", "b"] },
    ]);
  });
  it("is sent when changed, and an emptied filter is sent as [] (which removes it)", () => {
    const base = formOf({ ...hook, filter: [{ field: "amount", op: "gte", value: 1000 }] });
    expect(changedFields(base, { ...base })).toEqual({});
    expect(changedFields(base, { ...base, filter: [] })).toEqual({ filter: [] });
    const more = [...base.filter, { field: "currency", op: "eq" as const, value: "JPY" }];
    expect(changedFields(base, { ...base, filter: more })).toEqual({ filter: more });
  });
});
