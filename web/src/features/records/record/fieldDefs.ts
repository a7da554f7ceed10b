// The fields a record page shows, grouped as a person reads them, each with the editor its type
// needs. Enum options are checked against the generated API types (schema.d.ts): a value the server
// adds or drops fails the build here instead of showing a stale select.
import type { Activity, Company, Contact, Deal, Lead, ObjectType, Ticket } from "../../../api/types";
import type { ValueKind } from "../../../components/fields/values";

export type FieldKind = ValueKind;

export interface FieldDef {
  name: string;
  kind: FieldKind;
  options?: readonly string[];
  /** Never editable (set by the server). */
  readOnly?: boolean;
  /** Money fields: the record field holding the currency. */
  currencyField?: string;
}

export type GroupId = "about" | "contact" | "address" | "system";

export interface FieldGroup {
  id: GroupId;
  fields: FieldDef[];
}

type Values<T, K extends keyof T> = NonNullable<T[K]>;
// Compile-time completeness: `exhaustive<Union>()(list)` fails when list misses a member of Union.
function exhaustive<U extends string>() {
  return <L extends readonly U[]>(list: L & ([U] extends [L[number]] ? unknown : "missing an enum value")) => list;
}

export const enums = {
  lifecycle_stage: exhaustive<Values<Contact, "lifecycle_stage">>()([
    "subscriber",
    "lead",
    "marketing_qualified",
    "sales_qualified",
    "opportunity",
    "customer",
    "evangelist",
    "other",
  ] as const),
  size: exhaustive<Values<Company, "size">>()(["1-10", "11-50", "51-200", "201-1000", "1001-5000", "5000+"] as const),
  status: exhaustive<Values<Lead, "status">>()(["new", "contacted", "qualified", "unqualified"] as const),
  direction: exhaustive<Values<Activity, "direction">>()(["inbound", "outbound"] as const),
  outcome: exhaustive<Values<Activity, "outcome">>()(["connected", "no_answer", "left_voicemail", "busy", "wrong_number"] as const),
  type: exhaustive<Values<Activity, "type">>()(["note", "task", "call", "meeting", "email"] as const),
  ticket_status: exhaustive<Values<Ticket, "status">>()(["new", "open", "pending", "on_hold", "solved", "closed"] as const),
  priority: exhaustive<Values<Ticket, "priority">>()(["low", "normal", "high", "urgent"] as const),
  channel: exhaustive<Values<Ticket, "channel">>()(["email", "web", "phone", "api"] as const),
  deal_role: exhaustive<Values<NonNullable<Deal["contacts"]>[number], "role">>()([
    "decision_maker",
    "champion",
    "influencer",
    "economic_buyer",
    "technical_buyer",
    "user",
    "other",
  ] as const),
};

const system: FieldGroup = {
  id: "system",
  fields: [
    { name: "owner_id", kind: "owner" },
    { name: "created_at", kind: "system", readOnly: true },
    { name: "updated_at", kind: "system", readOnly: true },
  ],
};

const f = (name: string, kind: FieldKind, extra: Partial<FieldDef> = {}): FieldDef => ({ name, kind, ...extra });

export const fieldGroups: Record<ObjectType, FieldGroup[]> = {
  contacts: [
    {
      id: "about",
      fields: [
        f("first_name", "text"),
        f("last_name", "text"),
        f("job_title", "text"),
        f("company_id", "company"),
        f("lifecycle_stage", "enum", { options: enums.lifecycle_stage }),
        f("lead_source", "text"),
        f("birthday", "date"),
        f("description", "longtext"),
      ],
    },
    {
      id: "contact",
      fields: [f("email", "email"), f("emails", "emails"), f("phone", "phone"), f("phones", "phones"), f("linkedin_url", "url")],
    },
    { id: "address", fields: [f("city", "text"), f("country", "country")] },
    system,
  ],
  companies: [
    {
      id: "about",
      fields: [
        f("name", "text"),
        f("domain", "text"),
        f("industry", "text"),
        f("size", "enum", { options: enums.size }),
        f("employee_count", "number"),
        f("annual_revenue", "money", { currencyField: "currency" }),
        f("currency", "currency"),
        f("description", "longtext"),
      ],
    },
    { id: "contact", fields: [f("website", "url"), f("phone", "phone")] },
    { id: "address", fields: [f("street", "text"), f("postal_code", "text"), f("city", "text"), f("region", "text"), f("country", "country")] },
    system,
  ],
  leads: [
    {
      id: "about",
      fields: [
        f("first_name", "text"),
        f("last_name", "text"),
        f("company_name", "text"),
        f("job_title", "text"),
        f("status", "enum", { options: enums.status }),
        f("status_reason", "longtext"),
        f("source", "text"),
        f("description", "longtext"),
        f("converted_at", "system", { readOnly: true }),
        f("score", "number", { readOnly: true }),
        f("score_factors", "longtext", { readOnly: true }),
      ],
    },
    { id: "contact", fields: [f("email", "email"), f("phone", "phone"), f("domain", "text"), f("website", "url")] },
    { id: "address", fields: [f("city", "text"), f("country", "country")] },
    system,
  ],
  deals: [
    {
      id: "about",
      fields: [
        f("name", "text"),
        f("amount", "money", { currencyField: "currency" }),
        f("currency", "currency"),
        f("stage_id", "stage", { readOnly: true }),
        f("expected_close_date", "date"),
        f("company_id", "company"),
        f("lost_reason", "longtext"),
        f("closed_at", "system", { readOnly: true }),
        f("score", "number", { readOnly: true }),
        f("score_factors", "longtext", { readOnly: true }),
        f("description", "longtext"),
      ],
    },
    system,
  ],
  products: [
    {
      id: "about",
      fields: [
        f("name", "text"),
        f("sku", "text"),
        f("unit_price", "money", { currencyField: "currency" }),
        f("currency", "currency"),
        f("active", "bool"),
        f("description", "longtext"),
      ],
    },
    system,
  ],
  activities: [
    {
      id: "about",
      fields: [
        f("type", "enum", { options: enums.type, readOnly: true }),
        f("subject", "text"),
        f("body", "longtext"),
        f("due_at", "datetime"),
        f("done", "bool"),
        f("occurred_at", "datetime"),
        f("starts_at", "datetime"),
        f("ends_at", "datetime"),
        f("location", "text"),
        f("direction", "enum", { options: enums.direction }),
        f("outcome", "enum", { options: enums.outcome }),
        f("duration_seconds", "number"),
      ],
    },
    system,
  ],
  tickets: [
    {
      id: "about",
      fields: [
        f("subject", "text"),
        f("status", "enum", { options: enums.ticket_status }),
        f("priority", "enum", { options: enums.priority }),
        f("assignee_id", "owner"),
        f("type", "text"),
        f("channel", "enum", { options: enums.channel }),
        f("company_id", "company"),
        f("first_response_at", "system", { readOnly: true }),
        f("description", "longtext"),
      ],
    },
    system,
  ],
};

/** The fields shown under the name in the header. */
export const keyFields: Record<ObjectType, string[]> = {
  contacts: ["job_title", "company_id", "email", "phone"],
  companies: ["domain", "industry", "city", "owner_id"],
  leads: ["status", "company_name", "email", "owner_id"],
  deals: ["amount", "stage_id", "expected_close_date", "owner_id"],
  products: ["sku", "unit_price", "active"],
  activities: ["type", "due_at", "done", "owner_id"],
  tickets: ["status", "priority", "assignee_id"],
};

/** The definition of a record field, searching the object's groups. */
export function fieldDef(object: ObjectType, name: string): FieldDef | undefined {
  for (const g of fieldGroups[object]) for (const d of g.fields) if (d.name === name) return d;
  return undefined;
}

export type CustomFieldType = "text" | "number" | "money" | "date" | "bool" | "select" | "multi_select" | "email" | "phone" | "url";

/** The editor of a custom field's type (multi_select is edited as a list of options). */
export function customKind(type: CustomFieldType): FieldKind {
  switch (type) {
    case "select":
      return "enum";
    case "multi_select":
      return "list";
    case "bool":
      return "bool";
    case "number":
      return "number";
    case "money":
      return "money";
    case "date":
      return "date";
    case "email":
      return "email";
    case "phone":
      return "phone";
    case "url":
      return "url";
    default:
      return "text";
  }
}
