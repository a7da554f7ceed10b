// A value of one field, with the input its kind wants: yes/no, the enum's choices, a person, a stage
// (grouped by pipeline), a pipeline, a number, an amount (typed in the main unit of its currency,
// kept in minor units as the API has it: 1.234 KWD is 1234, 1,500 JPY is 1500), a date, or text.
// Used for update_fields and a field trigger's from/to.
import { useId, useState } from "react";
import { useUsers } from "../../../app/users";
import { fieldStyles } from "../../../components/Field";
import { decimalAmount, minorOfDecimal, t } from "../../../i18n";
import { amountProblem } from "../../records/list/money";
import type { StageInfo } from "../../records/list/data";
import type { ListField } from "../../records/list/fields";
import { optionLabel } from "../../records/list/labels";
import { personName } from "../shared/actions";
import styles from "../shared/settings.module.css";
import own from "./automations.module.css";

export interface ValueInputProps {
  label: string;
  field: ListField | undefined;
  value: unknown;
  onChange: (v: unknown) => void;
  error?: string | undefined;
  stages: Map<string, StageInfo>;
  pipelines: Map<string, string>;
  /** Whether "empty" is a choice (an optional from/to, a field emptied by the rule). */
  emptyLabel?: string;
  /** Several choices at once (a multi-select custom field): the value is a list. */
  multiple?: boolean;
  /** The currency of an amount: a custom money field's own, else the record currency set beside it. */
  currency?: string | null | undefined;
}

export function ValueInput({ label, field, value, onChange, error, stages, pipelines, emptyLabel, multiple, currency }: ValueInputProps) {
  const id = useId();
  const users = useUsers().data ?? [];
  const common = {
    id,
    "aria-invalid": error ? true : undefined,
    "aria-describedby": error ? `${id}-error` : undefined,
  };
  const text = value === undefined || value === null ? "" : String(value);
  const kind = field?.kind ?? "text";

  const choice = (options: { value: string; label: string; group?: string }[], parse: (v: string) => unknown = (v) => v) => {
    if (multiple) {
      const chosen = Array.isArray(value) ? value.map(String) : [];
      return (
        <select {...common} className={`${styles.select} ${own.multi}`} multiple size={Math.min(6, options.length)} value={chosen} onChange={(e) => onChange([...e.target.selectedOptions].map((o) => o.value))}>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      );
    }
    const groups = [...new Set(options.map((o) => o.group ?? ""))];
    const render = (os: typeof options) =>
      os.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ));
    return (
      <select {...common} className={styles.select} value={text} onChange={(e) => onChange(e.target.value === "" ? (emptyLabel ? null : "") : parse(e.target.value))}>
        <option value="">{emptyLabel ?? t("automations.action.pick")}</option>
        {groups.length > 1
          ? groups.map((g) => (
              <optgroup key={g} label={g}>
                {render(options.filter((o) => (o.group ?? "") === g))}
              </optgroup>
            ))
          : render(options)}
      </select>
    );
  };

  const input = () => {
    switch (kind) {
      case "boolean":
        return choice(
          [
            { value: "true", label: t("common.yes") },
            { value: "false", label: t("common.no") },
          ],
          (v) => v === "true",
        );
      case "enum":
        return choice((field?.options ?? []).map((o) => ({ value: o, label: optionLabel(o) })));
      case "user":
        return choice(users.filter((u) => u.active !== false).map((u) => ({ value: u.id, label: personName(u) })));
      case "stage":
        return choice([...stages].map(([sid, s]) => ({ value: sid, label: s.name, group: s.pipeline })));
      case "pipeline":
        return choice([...pipelines].map(([pid, name]) => ({ value: pid, label: name })));
      case "number":
        return (
          <input
            {...common}
            className={fieldStyles.input}
            type="number"
            step="any"
            inputMode="decimal"
            value={text}
            onChange={(e) => onChange(e.target.value === "" ? null : Number(e.target.value))}
          />
        );
      case "money": {
        const unit = field?.currency ?? currency ?? null;
        if (!unit) return <p className={`${styles.muted} ${styles.small}`}>{t("automations.action.amountNeedsCurrency")}</p>;
        return <AmountInput key={unit} common={common} unit={unit} value={value} onChange={onChange} />;
      }
      case "date":
        return <input {...common} className={fieldStyles.input} type="date" value={text.slice(0, 10)} onChange={(e) => onChange(e.target.value || null)} />;
      default:
        return <input {...common} className={fieldStyles.input} type="text" autoComplete="off" value={text} onChange={(e) => onChange(e.target.value)} />;
    }
  };

  return (
    <div className={fieldStyles.field}>
      <label className={fieldStyles.label} htmlFor={id}>
        {kind === "money" && (field?.currency ?? currency) ? t("automations.action.amountIn", { label, currency: field?.currency ?? currency ?? "" }) : label}
      </label>
      {input()}
      {error && (
        <span id={`${id}-error`} className={fieldStyles.error} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

/** An amount typed in the main unit of `unit` as the person types it ("1.2" stays "1.2"), passed on in
 *  minor units; one with more decimals than the currency has is said under it and not passed on. */
function AmountInput({ common, unit, value, onChange }: { common: { id: string }; unit: string; value: unknown; onChange: (v: unknown) => void }) {
  const [typed, setTyped] = useState(typeof value === "number" ? decimalAmount(value, unit) : "");
  const minor = typed.trim() === "" ? null : minorOfDecimal(typed, unit);
  const bad = typed.trim() !== "" && minor === null;
  return (
    <>
      <input
        {...common}
        className={fieldStyles.input}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        value={typed}
        aria-invalid={bad || undefined}
        onChange={(e) => {
          setTyped(e.target.value);
          const next = e.target.value.trim() === "" ? null : minorOfDecimal(e.target.value, unit);
          if (e.target.value.trim() === "" || next !== null) onChange(next);
        }}
      />
      {bad && (
        <span className={fieldStyles.error} role="alert">
          {amountProblem(unit)}
        </span>
      )}
    </>
  );
}
