// The record's fields, grouped ("About", "Contact details", "Address", "System", "Custom fields"),
// each editable in place unless the role makes it read-only. A field the role hides is absent
// from the server's answer and is not shown at all.
import { useMemo } from "react";
import type { ObjectType } from "../../../api/types";
import { isAdmin, scopeOf, useMe } from "../../../app/session";
import { useUsers } from "../../../app/users";
import { InlineField, type SaveOutcome } from "../../../components/fields/InlineField";
import { valueText, type ValueContext } from "../../../components/fields/values";
import { t, type MessageKey } from "../../../i18n";
import { customKind, fieldGroups, type FieldDef } from "./fieldDefs";
import { fieldLabel, optionLabel } from "./labels";
import { fieldValue } from "./conflict";
import type { AnyRecord, CustomField } from "./recordApi";
import { recordPath } from "../objects";
import styles from "../../../components/fields/fields.module.css";

export interface FieldsPanelProps {
  object: ObjectType;
  record: AnyRecord;
  customFields: CustomField[];
  ctx: ValueContext;
  labels: Map<string, string>;
  save: (field: string, value: unknown, base: unknown) => Promise<SaveOutcome>;
  startEditing: (field: string) => void;
}

type Rule = "hidden" | "read_only";

export function useFieldRules(object: ObjectType, record: AnyRecord | undefined) {
  const me = useMe();
  return useMemo(() => {
    const rules = ((me.grants?.field_rules as Record<string, Record<string, Rule>> | undefined)?.[object] ?? {}) as Record<string, Rule>;
    const scope = scopeOf(me, object, "update");
    const mayUpdate = scope === "all" || scope === "team" || (scope === "own" && record?.owner_id === me.user_id);
    const canReassign = isAdmin(me) || Boolean(me.grants?.can_reassign);
    return {
      readOnly(field: string): boolean {
        if (!mayUpdate || rules[field] === "read_only") return true;
        return field === "owner_id" && !canReassign;
      },
      mayUpdate,
      hidden: (field: string) => rules[field] === "hidden",
    };
  }, [me, object, record?.owner_id]);
}

export function fieldDisplay(def: FieldDef, value: unknown, record: AnyRecord, ctx: ValueContext): string {
  const currency = def.currencyField ? (record[def.currencyField] as string | null | undefined) : ctx.currency;
  return valueText(def.kind, value, {
    ...ctx,
    currency,
    optionLabel: (v) => (def.name.startsWith("custom.") ? v : optionLabel(def.name, v)),
  });
}

export function FieldsPanel({ object, record, customFields, ctx, labels, save, startEditing }: FieldsPanelProps) {
  const rules = useFieldRules(object, record);
  const users = useUsers();
  const owners = (users.data ?? []).filter((u) => u.active !== false).map((u) => ({ value: u.id, label: u.name || u.email }));

  const custom: FieldDef[] = customFields.map((cf) => ({
    name: `custom.${cf.name ?? ""}`,
    kind: customKind(cf.type ?? "text"),
    ...(cf.options && cf.options.length ? { options: cf.options } : {}),
  }));
  // A custom field without a value yet is still offered, unless the role hides it.
  const customShown = custom.filter((d) => !rules.hidden(d.name));

  const groups = [...fieldGroups[object], ...(customShown.length ? [{ id: "custom" as const, fields: customShown }] : [])];

  const renderField = (def: FieldDef) => {
    const present = def.name.startsWith("custom.") || def.name in record;
    if (!present) return null;
    const value = fieldValue(record, def.name);
    const label = fieldLabel(def.name, labels);
    const currency = def.currencyField ? (record[def.currencyField] as string | null | undefined) : undefined;
    const display = fieldDisplay(def, value, record, ctx);
    const options =
      def.kind === "owner"
        ? owners
        : def.options?.map((o) => ({ value: o, label: def.name.startsWith("custom.") ? o : optionLabel(def.name, o) }));
    let link: { href: string; label: string; internal: boolean } | undefined;
    if (def.kind === "company" && typeof value === "string" && value) link = { href: recordPath("companies", value), label: display, internal: true };
    else if (def.kind === "email" && typeof value === "string" && value) link = { href: `mailto:${value}`, label: value, internal: false };
    else if (def.kind === "phone" && typeof value === "string" && value) link = { href: `tel:${value}`, label: value, internal: false };
    else if (def.kind === "url" && typeof value === "string" && /^https?:\/\//i.test(value)) link = { href: value, label: value, internal: false };
    return (
      <InlineField
        key={def.name}
        name={def.name}
        label={label}
        kind={def.kind}
        value={value}
        display={display}
        readOnly={Boolean(def.readOnly) || def.kind === "system" || def.kind === "stage" || rules.readOnly(def.name)}
        options={options}
        currency={currency}
        link={link}
        onEditStart={() => startEditing(def.name)}
        onSave={(v, base) => save(def.name, v, base)}
      />
    );
  };

  return (
    <>
      {groups.map((g) => {
        const rows = g.fields.map(renderField).filter(Boolean);
        if (!rows.length) return null;
        return (
          <section key={g.id} className={styles.group} aria-labelledby={`group-${g.id}`}>
            <h2 className={styles.groupTitle} id={`group-${g.id}`}>
              {t(`group.${g.id}` as MessageKey)}
            </h2>
            <dl className={styles.list}>{rows}</dl>
          </section>
        );
      })}
    </>
  );
}
