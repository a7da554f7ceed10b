// The value of one field condition, with the input its field's kind and operator want: empty / not
// empty for is_null, typed values between commas for "is any of" over text, else the shared value
// control (records/list/ValueControl: choices, several for "is any of"; a person, me first; a
// number; an amount in its currency's main unit; a date; text). The value is the JSON the filter
// holds: a string, number, boolean, or an array for "in". What is not a value is passed on as typed
// and the server's refusal is said beside the condition.
import { useState } from "react";
import { fieldStyles } from "../../../components/Field";
import { t } from "../../../i18n";
import type { StageInfo } from "../../records/list/data";
import { filterChoices } from "../../records/list/choices";
import { ValueControl } from "../../records/list/ValueControl";
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
  const attrs = {
    id: p.id,
    "aria-label": p.label,
    "aria-invalid": p.invalid || undefined,
    "aria-describedby": p.describedBy,
    disabled: p.disabled,
  };

  if (p.op === "is_null") {
    return (
      <select {...attrs} className={fieldStyles.input} value={p.value === false ? "false" : "true"} onChange={(e) => p.onChange(e.target.value === "true")}>
        <option value="true">{t("lists.filter.empty")}</option>
        <option value="false">{t("lists.filter.notEmpty")}</option>
      </select>
    );
  }
  if (p.op === "in" && !filterChoices(p.field, p)) {
    return <ListText {...attrs} numeric={NUMERIC.has(p.field.kind)} value={p.value} onChange={p.onChange} />;
  }
  return (
    <ValueControl
      attrs={attrs}
      field={p.field}
      value={p.value}
      onChange={(v) => p.onChange(v as Json)}
      choices={p}
      empty={{ label: t("lists.filter.pick"), value: "" }}
      multiple={p.op === "in"}
      lenient
      multiClass={styles.multi}
      amountClass={styles.amount}
      unitClass={styles.unit}
    />
  );
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
