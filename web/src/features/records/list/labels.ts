// Names a person reads for fields and enum values: the catalogue's when it has one, else the API
// name made readable ("lifecycle_stage" → "Lifecycle stage"). Custom fields bring their own label.
import { hasMessage, t } from "../../../i18n";
import type { ListField } from "./fields";

export function humanize(name: string): string {
  const s = name.replace(/^custom\./, "").replace(/_/g, " ").trim();
  return s ? s[0]!.toUpperCase() + s.slice(1) : name;
}

export function fieldLabel(field: Pick<ListField, "name" | "label"> | string): string {
  const name = typeof field === "string" ? field : field.name;
  if (typeof field !== "string" && field.label) return field.label;
  const key = `lists.field.${name}`;
  return hasMessage(key) ? t(key) : humanize(name);
}

export function optionLabel(value: string): string {
  return humanize(value);
}
