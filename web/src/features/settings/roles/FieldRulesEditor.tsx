// Field rules per object: each field visible (no rule), read-only or hidden. One collapsible group
// per object, its summary counting the rules, so a role with few rules reads at a glance.
import { t } from "../../../i18n";
import { FIELD_ACCESS, ROLE_OBJECTS, ruleKey, setRule, type FieldAccess, type FieldRules } from "./matrix";
import { STANDARD_FIELDS, fieldLabel } from "./fields";
import { objectLabel } from "./MatrixTable";
import styles from "./roles.module.css";
import shared from "../shared/settings.module.css";

const accessLabel = (a: FieldAccess) => t(a === "visible" ? "roles.field.visible" : a === "hidden" ? "roles.field.hidden" : "roles.field.readOnly");

export function FieldRulesEditor({
  rules,
  custom,
  readOnly,
  errors,
  onChange,
}: {
  rules: FieldRules;
  custom: Record<string, { name: string; label: string }[]>;
  readOnly: boolean;
  errors: Record<string, string>;
  onChange: (r: FieldRules) => void;
}) {
  return (
    <div className={styles.groups}>
      {ROLE_OBJECTS.map((o) => {
        const fields = [
          ...STANDARD_FIELDS[o].map((name) => ({ name, label: fieldLabel(name) })),
          ...(custom[o] ?? []),
          // Rules on fields this list does not know (set through the API) stay visible and editable.
          ...Object.keys(rules[o])
            .filter((f) => !STANDARD_FIELDS[o].includes(f) && !(custom[o] ?? []).some((c) => c.name === f))
            .map((name) => ({ name, label: fieldLabel(name) })),
        ];
        const count = Object.keys(rules[o]).length;
        const hasError = Object.keys(errors).some((k) => k.startsWith(`field_rules.${o}`));
        return (
          <details key={o} className={styles.group} open={hasError || undefined}>
            <summary>
              <span className={shared.name}>{objectLabel(o)}</span>{" "}
              <span className={`${shared.badge} ${count ? shared.warn : ""}`}>{t("roles.rulesCount", { n: count })}</span>
            </summary>
            <ul className={styles.fieldList}>
              {fields.map((f) => {
                const key = ruleKey(o, f.name);
                const value: FieldAccess = rules[o][f.name] ?? "visible";
                const error = errors[key];
                return (
                  <li key={f.name} className={styles.fieldRow}>
                    <span className={styles.fieldName}>{f.label}</span>
                    <select
                      className={shared.select}
                      aria-label={t("roles.fieldLabel", { object: objectLabel(o), field: f.label })}
                      value={value}
                      disabled={readOnly}
                      aria-invalid={error ? true : undefined}
                      onChange={(e) => onChange(setRule(rules, o, f.name, e.target.value as FieldAccess))}
                    >
                      {FIELD_ACCESS.map((a) => (
                        <option key={a} value={a}>
                          {accessLabel(a)}
                        </option>
                      ))}
                    </select>
                    {error && (
                      <span className={styles.cellError} role="alert">
                        {error}
                      </span>
                    )}
                  </li>
                );
              })}
            </ul>
            {errors[`field_rules.${o}`] && (
              <p className={styles.cellError} role="alert">
                {errors[`field_rules.${o}`]}
              </p>
            )}
          </details>
        );
      })}
    </div>
  );
}
