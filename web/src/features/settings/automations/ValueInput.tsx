// A value of one field, labelled, with its error under it: the shared value control
// (records/list/ValueControl: yes/no, the enum's choices, a person, a stage grouped by pipeline, a
// pipeline, a number, an amount typed in the main unit of its currency and kept in minor units, a
// date, or text). Used for update_fields and a field trigger's from/to; an emptied value is null.
import { useId } from "react";
import { useUsers } from "../../../app/users";
import { fieldStyles } from "../../../components/Field";
import { t } from "../../../i18n";
import type { StageInfo } from "../../records/list/data";
import type { ListField } from "../../records/list/fields";
import { ValueControl } from "../../records/list/ValueControl";
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
  // A rule's value names a person by id, never "me"; only people who can still be given records.
  const users = (useUsers().data ?? []).filter((u) => u.active !== false);
  const attrs = { id, "aria-invalid": error ? true : undefined, "aria-describedby": error ? `${id}-error` : undefined };
  const unit = field?.kind === "money" ? (field.currency ?? currency ?? null) : null;
  return (
    <div className={fieldStyles.field}>
      <label className={fieldStyles.label} htmlFor={id}>
        {unit ? t("automations.action.amountIn", { label, currency: unit }) : label}
      </label>
      <ValueControl
        attrs={attrs}
        field={field ?? { kind: "text" }}
        value={value}
        onChange={onChange}
        choices={{ meId: "", users, stages, pipelines }}
        empty={{ label: emptyLabel ?? t("automations.action.pick"), value: emptyLabel ? null : "" }}
        multiple={multiple}
        currency={currency}
        noCurrency={<p className={`${styles.muted} ${styles.small}`}>{t("automations.action.amountNeedsCurrency")}</p>}
        selectClass={styles.select}
        multiClass={own.multi}
      />
      {error && (
        <span id={`${id}-error`} className={fieldStyles.error} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}
