// A rule's conditions (or a webhook's filter) with the lists' own filter builder: the filter bar's
// sentence chips and its dialog (the object's fields, custom ones included, their operators and typed
// values; amounts in the main unit of their currency), plus the "changed" operators when a rule starts
// on an update. A condition the server refused (a 422 naming <path>.<i>) is said under the bar with
// its sentence, and its chip is marked.
import { useState } from "react";
import { useMe } from "../../../app/session";
import { useUsers } from "../../../app/users";
import { FilterBar } from "../../../components/filters/FilterBar";
import { fieldStyles } from "../../../components/Field";
import { t } from "../../../i18n";
import type { StageInfo } from "../../records/list/data";
import type { ListField } from "../../records/list/fields";
import { FilterDialog } from "../../records/list/FilterDialog";
import { withFilter, type Filter } from "../../records/list/state";
import { conditionError, type TriggerType } from "./rule";
import { changeOpsFor } from "./rule";
import { conditionSentence } from "./conditionWords";
import type { Names } from "./words";
import styles from "../shared/settings.module.css";

export interface ConditionsFieldProps {
  conditions: Filter[];
  onChange: (c: Filter[]) => void;
  /** The rule's trigger (an update's offers the "changed" operators); none for a webhook's filter. */
  trigger?: TriggerType | undefined;
  errors: Record<string, string>;
  /** Where the server's 422 names the conditions: "conditions" (a rule), "filter" (a webhook). */
  path?: string;
  /** The bar's add button. */
  addLabel?: string;
  fields: ListField[];
  stages: Map<string, StageInfo>;
  pipelines: Map<string, string>;
  names: Names;
}

export function ConditionsField({ conditions, onChange, trigger, errors, path = "conditions", addLabel, fields, stages, pipelines, names }: ConditionsFieldProps) {
  const me = useMe();
  const users = useUsers().data ?? [];
  const [open, setOpen] = useState<{ index?: number } | null>(null);
  const changeOps = trigger ? changeOpsFor(trigger) : [];
  const sentence = (f: Filter) => conditionSentence(f, conditions, fields, names);
  const refused = conditions.map((c, i) => [c, conditionError(errors, i, path), i] as const).filter(([, e]) => e);
  return (
    <>
      {changeOps.length > 0 && <p className={`${styles.muted} ${styles.small}`}>{t("automations.editor.conditionsChanged")}</p>}
      <FilterBar
        chips={conditions.map((c, i) => ({ id: String(i), sentence: sentence(c) }))}
        onAdd={() => setOpen({})}
        onEdit={(id) => setOpen({ index: Number(id) })}
        onRemove={(id) => onChange(conditions.filter((_, i) => i !== Number(id)))}
        onClear={() => onChange([])}
        addLabel={addLabel ?? t("automations.editor.addCondition")}
        flush
        invalid={new Set(refused.map(([, , i]) => String(i)))}
      />
      {refused.map(([c, e, i]) => (
        <p key={i} className={fieldStyles.error} role="alert">
          {t("automations.editor.conditionError", { n: i + 1, sentence: sentence(c), message: e ?? "" })}
        </p>
      ))}
      {open && (
        <FilterDialog
          fields={fields}
          initial={open.index === undefined ? undefined : conditions[open.index]}
          meId={me.user_id ?? ""}
          users={users}
          stages={stages}
          pipelines={pipelines}
          extraOps={changeOps}
          siblings={open.index === undefined ? conditions : conditions.filter((_, i) => i !== open.index)}
          titles={{ add: t("automations.editor.conditionTitle"), edit: t("automations.editor.conditionEditTitle"), apply: t("automations.editor.conditionApply") }}
          onApply={(f, currency) => {
            const next = open.index === undefined ? [...conditions, f] : conditions.map((c, i) => (i === open.index ? f : c));
            onChange(currency ? withFilter(next, currency) : next);
            setOpen(null);
          }}
          onClose={() => setOpen(null)}
        />
      )}
    </>
  );
}
