// Field and option labels from the catalogue; custom fields bring their own label from the server.
import { hasMessage as has, t } from "../../../i18n";

/** "First name" for first_name; a humanised name for a field the catalogue does not know. */
export function fieldLabel(name: string, customLabels?: Map<string, string>): string {
  if (name.startsWith("custom.")) return customLabels?.get(name.slice(7)) ?? humanise(name.slice(7));
  const key = `field.${name}`;
  return has(key) ? t(key) : humanise(name);
}

/** An enum value's label ("Left voicemail"); sizes like "11-50" read as they are. */
export function optionLabel(field: string, value: string): string {
  const key = `enum.${field}.${value}`;
  return has(key) ? t(key) : value;
}

export function humanise(name: string): string {
  const s = name.replace(/_id$/, "").replace(/_/g, " ");
  return s.charAt(0).toUpperCase() + s.slice(1);
}
