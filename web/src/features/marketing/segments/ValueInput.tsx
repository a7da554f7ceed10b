// The value of one field condition, with the input its field's kind and operator want: empty / not
// empty, yes / no, the enum's choices (several for "is any of"), a person (me first), a stage
// grouped by pipeline, a date, a number, an amount typed in its currency's main unit (kept in minor
// units, as the API filters), or text ("is any of" over text: comma-separated). The value is the
// JSON the filter holds: a string, number, boolean, or an array for "in".
import { useState } from "react";
import { fieldStyles } from "../../../components/Field";
import { decimalAmount, minorOfDecimal, t } from "../../../i18n";
import type { StageInfo } from "../../records/list/data";
import { ChoiceOptions, filterChoices } from "../../records/list/choices";
import type { User } from "../../../app/users";
import type { Json } from "./filterModel";
import type { SegmentField } from "./fields";
import styles from "./builder.module.css";

export interface ValueInputProps {
  id: string;
  label: string;
  field: SegmentField;
  op: string;
  value: Json;
  onChange: (v: Json) => void;
  invalid: boolean;
  describedBy: string | undefined;
  meId: string;
  users: User[];
  stages: Map<string, StageInfo>;
  pipelines: Map<string, string>;
  disabled: boolean;
}

const NUMERIC = new Set(["number", "money"]);

/** Text typed for "is any of": the values between commas, as numbers for a numeric field. */
export function listValue(text: string, numeric: boolean): Json[] {
  const parts = text.split(",").map((s) => s.trim()).filter(Boolean);
  return numeric ? parts.map((p) => (Number.isFinite(Number(p)) ? Number(p) : p)) : parts;
}

export function SegmentValueInput(p: ValueInputProps) {
  const common = {
    id: p.id,
    "aria-label": p.label,
    "aria-invalid": p.invalid || undefined,
    "aria-describedby": p.describedBy,
    disabled: p.disabled,
  };
  const kind = p.field.kind;
  const text = p.value === null || p.value === undefined || Array.isArray(p.value) ? "" : String(p.value);

  if (p.op === "is_null") {
    return (
      <select {...common} className={fieldStyles.input} value={p.value === false ? "false" : "true"} onChange={(e) => p.onChange(e.target.value === "true")}>
        <option value="true">{t("lists.filter.empty")}</option>
        <option value="false">{t("lists.filter.notEmpty")}</option>
      </select>
    );
  }

  const options = filterChoices(p.field, p);
  if (options) {
    // Choices are strings; a yes/no field's filter holds a boolean.
    const parse = (v: string): Json => (kind === "boolean" ? v === "true" : v);
    if (p.op === "in") {
      const chosen = Array.isArray(p.value) ? p.value.map(String) : [];
      return (
        <select {...common} className={`${fieldStyles.input} ${styles.multi}`} multiple size={Math.min(5, options.length)} value={chosen} onChange={(e) => p.onChange([...e.target.selectedOptions].map((o) => parse(o.value)))}>
          <ChoiceOptions options={options} />
        </select>
      );
    }
    return (
      <select {...common} className={fieldStyles.input} value={text} onChange={(e) => p.onChange(e.target.value === "" ? "" : parse(e.target.value))}>
        <option value="">{t("lists.filter.pick")}</option>
        <ChoiceOptions options={options} />
      </select>
    );
  }

  if (p.op === "in") {
    return <ListText {...common} numeric={NUMERIC.has(kind)} value={p.value} onChange={p.onChange} />;
  }
  if (kind === "date" || kind === "datetime") {
    return <input {...common} className={fieldStyles.input} type="date" value={text.slice(0, 10)} onChange={(e) => p.onChange(e.target.value)} />;
  }
  if (kind === "money" && p.field.currency) {
    return <AmountInput key={p.field.currency} {...common} currency={p.field.currency} value={p.value} onChange={p.onChange} />;
  }
  if (NUMERIC.has(kind)) {
    return (
      <input
        {...common}
        className={fieldStyles.input}
        type="number"
        step="any"
        inputMode="decimal"
        value={text}
        onChange={(e) => p.onChange(e.target.value === "" || !Number.isFinite(e.target.valueAsNumber) ? e.target.value : e.target.valueAsNumber)}
      />
    );
  }
  return <input {...common} className={fieldStyles.input} type="text" autoComplete="off" value={text} onChange={(e) => p.onChange(e.target.value)} />;
}

type CommonProps = { id: string; "aria-label": string; "aria-invalid": boolean | undefined; "aria-describedby": string | undefined; disabled: boolean };

/** "is any of" over typed values: the text as typed stays in the input; the filter gets the list. */
function ListText({ numeric, value, onChange, ...common }: CommonProps & { numeric: boolean; value: Json; onChange: (v: Json) => void }) {
  const [typed, setTyped] = useState(Array.isArray(value) ? value.join(", ") : "");
  return (
    <input
      {...common}
      className={fieldStyles.input}
      type="text"
      autoComplete="off"
      placeholder={t("marketingSegments.value.commas")}
      value={typed}
      onChange={(e) => {
        setTyped(e.target.value);
        onChange(listValue(e.target.value, numeric));
      }}
    />
  );
}

/** An amount in the main unit of its currency as typed ("1.5" stays "1.5"); the filter gets minor units. */
function AmountInput({ currency, value, onChange, ...common }: CommonProps & { currency: string; value: Json; onChange: (v: Json) => void }) {
  const [typed, setTyped] = useState(typeof value === "number" ? decimalAmount(value, currency) : "");
  return (
    <span className={styles.amount}>
      <input
        {...common}
        className={fieldStyles.input}
        type="text"
        inputMode="decimal"
        autoComplete="off"
        value={typed}
        onChange={(e) => {
          setTyped(e.target.value);
          const minor = minorOfDecimal(e.target.value, currency);
          // What is not an amount is sent as typed: the server's refusal is said beside it.
          onChange(e.target.value.trim() === "" ? "" : (minor ?? e.target.value));
        }}
      />
      <span className={styles.unit}>{currency}</span>
    </span>
  );
}
