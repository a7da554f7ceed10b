// The custom field form as text inputs, and the request body it makes: only the settings that fit
// the type are sent (options for selects, currency for money, bounds for numbers, length and
// pattern for text); on an edit, the name, object and type are left out (they cannot change).
import type { Schemas } from "../../../api/types";
import { identifierFrom } from "../shared/actions";

export type CustomField = Schemas["CustomField"];
export type CustomFieldInput = Schemas["CustomFieldInput"];
export type FieldType = NonNullable<CustomFieldInput["type"]>;
export type FieldObject = NonNullable<CustomFieldInput["object_type"]>;

export const FIELD_TYPES: FieldType[] = ["text", "number", "money", "date", "bool", "select", "multi_select", "email", "phone", "url"];
export const FIELD_OBJECTS: FieldObject[] = ["companies", "contacts", "leads", "deals", "products", "activities"];

export interface FieldFormState {
  object_type: FieldObject;
  name: string;
  label: string;
  type: FieldType;
  required: boolean;
  unique: boolean;
  min: string;
  max: string;
  max_length: string;
  pattern: string;
  options: string;
  currency: string;
}

export function formFromField(object: FieldObject, f?: CustomField | null): FieldFormState {
  return {
    object_type: f?.object_type ?? object,
    name: f?.name ?? "",
    label: f?.label ?? "",
    type: f?.type ?? "text",
    required: f?.required ?? false,
    unique: f?.unique ?? false,
    min: f?.min != null ? String(f.min) : "",
    max: f?.max != null ? String(f.max) : "",
    max_length: f?.max_length != null ? String(f.max_length) : "",
    pattern: f?.pattern ?? "",
    options: (f?.options ?? []).join("\n"),
    currency: f?.currency ?? "",
  };
}

const num = (s: string): number | null => (s.trim() === "" || Number.isNaN(Number(s)) ? null : Number(s));

export function fieldPayload(s: FieldFormState, creating: boolean): CustomFieldInput {
  const body: CustomFieldInput = { label: s.label.trim(), required: s.required, unique: s.unique };
  if (creating) Object.assign(body, { object_type: s.object_type, name: s.name.trim(), type: s.type });
  if (s.type === "select" || s.type === "multi_select")
    body.options = s.options
      .split("\n")
      .map((o) => o.trim())
      .filter(Boolean);
  if (s.type === "money") body.currency = s.currency.trim().toUpperCase() || null;
  if (s.type === "number" || s.type === "money") {
    body.min = num(s.min);
    body.max = num(s.max);
  }
  if (s.type === "text") {
    body.max_length = num(s.max_length);
    body.pattern = s.pattern.trim() || null;
  }
  return body;
}

/** "Deal size" → "deal_size": a name the server accepts (^[a-z][a-z0-9_]{0,62}$). */
export function fieldNameFromLabel(label: string): string {
  return identifierFrom(label, 63);
}
