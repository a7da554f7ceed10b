// The fields a list can show, sort and filter on, read from the server's own metadata: the list
// operation's `filter` parameter in the OpenAPI document names every field with the operators it
// takes, its `sort` parameter the sortable fields, the record schema the formats and enum choices;
// the workspace's custom fields come from GET /api/v1/custom-fields as `custom.<name>`.
export const OPERATORS = ["eq", "ne", "lt", "lte", "gt", "gte", "in", "contains", "starts_with", "is_null"] as const;
/**
 * The operators an automation's conditions add for a rule started by an update: they look at the
 * update's changes, not at the record ("Stage changed", "Status changed to Won"). Lists never take them.
 */
export const CHANGE_OPERATORS = ["changed", "changed_from", "changed_to"] as const;
export type Op = (typeof OPERATORS)[number] | (typeof CHANGE_OPERATORS)[number];

export type FieldKind =
  | "text"
  | "email"
  | "phone"
  | "url"
  | "number"
  | "money"
  | "date"
  | "datetime"
  | "boolean"
  | "enum"
  | "user"
  | "company"
  | "stage"
  | "pipeline"
  | "list"
  | "id";

export interface ListField {
  name: string;
  kind: FieldKind;
  /** The operators the server takes for this field (empty: shown, not filterable). */
  ops: Op[];
  options?: string[];
  sortable: boolean;
  /** A custom field's own label. */
  label?: string;
  /** The currency of a custom money field (else the record's `currency`). */
  currency?: string | null;
}

export interface CustomFieldDef {
  name: string;
  label?: string;
  type: string;
  options?: string[];
  currency?: string | null;
}

type Json = Record<string, unknown>;
const obj = (v: unknown): Json => (v && typeof v === "object" ? (v as Json) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

const MONEY = new Set(["amount", "unit_price", "annual_revenue"]);
const REFERENCES: Record<string, FieldKind> = {
  owner_id: "user",
  created_by: "user",
  assignee_id: "user",
  company_id: "company",
  stage_id: "stage",
  pipeline_id: "pipeline",
};

function resolve(doc: Json, schema: unknown): Json {
  const ref = obj(schema)["$ref"];
  if (typeof ref !== "string") return obj(schema);
  return ref.split("/").slice(1).reduce<Json>((o, k) => obj(o[k]), doc);
}

function kindOf(name: string, eq: Json, prop: Json): { kind: FieldKind; options?: string[] } {
  if (REFERENCES[name]) return { kind: REFERENCES[name]! };
  if (name === "id" || name.endsWith("_id")) return { kind: "id" };
  const types = [prop.type].flat().filter((x) => x !== "null");
  if (types.includes("array")) return { kind: "list" };
  const enumValues = arr(prop.enum).filter((x): x is string => typeof x === "string");
  if (enumValues.length) return { kind: "enum", options: enumValues };
  if (eq.type === "boolean" || types.includes("boolean")) return { kind: "boolean" };
  if (eq.type === "integer" || eq.type === "number") return { kind: MONEY.has(name) ? "money" : "number" };
  const format = prop.format ?? eq.format;
  if (format === "date-time") return { kind: "datetime" };
  if (format === "date") return { kind: "date" };
  if (format === "idn-email" || format === "email") return { kind: "email" };
  if (format === "uri") return { kind: "url" };
  if (name === "phone") return { kind: "phone" };
  return { kind: "text" };
}

/** The list fields of `object` as the OpenAPI document describes its GET /api/v1/<object>. */
export function fieldsFromOpenApi(doc: unknown, object: string, recordSchema: string): ListField[] {
  const root = obj(doc);
  const op = obj(obj(obj(root.paths)[`/api/v1/${object}`]).get);
  const params = arr(op.parameters).map(obj);
  const filter = params.find((p) => p.name === "filter");
  const sort = params.find((p) => p.name === "sort");
  const sortable = new Set(
    arr(obj(sort?.schema).anyOf)
      .flatMap((a) => arr(obj(a).enum))
      .filter((s): s is string => typeof s === "string" && !s.startsWith("-")),
  );
  const props = obj(resolve(root, obj(obj(root.components).schemas)[recordSchema]).properties);
  const out: ListField[] = [];
  for (const [name, spec] of Object.entries(obj(obj(filter?.schema).properties))) {
    const form = arr(obj(spec).anyOf).map(obj).find((a) => a.type === "object");
    const opProps = obj(form?.properties);
    const ops = OPERATORS.filter((o) => o in opProps);
    const { kind, options } = kindOf(name, obj(opProps.eq), obj(props[name]));
    out.push({ name, kind, ops, sortable: sortable.has(name), ...(options ? { options } : {}) });
  }
  return out;
}

const TEXT_OPS: Op[] = ["eq", "ne", "lt", "lte", "gt", "gte", "in", "contains", "starts_with", "is_null"];
const ORDERED_OPS: Op[] = ["eq", "ne", "lt", "lte", "gt", "gte", "in", "is_null"];

/** A custom field as a list field (custom.<name>); multi-selects filter like the server's lists. */
export function customField(def: CustomFieldDef): ListField {
  const base = { name: `custom.${def.name}`, label: def.label || def.name, sortable: def.type !== "multi_select" };
  switch (def.type) {
    case "number":
      return { ...base, kind: "number", ops: ORDERED_OPS };
    case "money":
      return { ...base, kind: "money", ops: ORDERED_OPS, currency: def.currency ?? null };
    case "date":
      return { ...base, kind: "date", ops: ORDERED_OPS };
    case "bool":
      return { ...base, kind: "boolean", ops: ["eq", "ne", "is_null"] };
    case "select":
      return { ...base, kind: "enum", ops: ["eq", "ne", "in", "is_null"], options: def.options ?? [] };
    case "multi_select":
      return { ...base, kind: "enum", ops: ["eq", "contains", "is_null"], options: def.options ?? [] };
    case "email":
      return { ...base, kind: "email", ops: TEXT_OPS };
    case "phone":
      return { ...base, kind: "phone", ops: TEXT_OPS };
    case "url":
      return { ...base, kind: "url", ops: TEXT_OPS };
    default:
      return { ...base, kind: "text", ops: TEXT_OPS };
  }
}

/**
 * Fields a person would not pick as a column or filter: internal bookkeeping, and the deals' link
 * filter contact_id (no column of a deal; a contact's page lists its deals with it).
 */
export const HIDDEN_FIELDS = new Set(["deleted_at", "version", "contact_id"]);

/** The record schema of each object in the OpenAPI document. */
export const RECORD_SCHEMA: Record<string, string> = {
  companies: "Company",
  contacts: "Contact",
  leads: "Lead",
  deals: "Deal",
  products: "Product",
  activities: "Activity",
  tickets: "Ticket",
};

/** The value of a field on a record: `custom.x` reads record.custom.x. */
export function valueOf(record: Record<string, unknown>, field: string): unknown {
  if (field.startsWith("custom.")) return obj(record.custom)[field.slice(7)];
  return record[field];
}
