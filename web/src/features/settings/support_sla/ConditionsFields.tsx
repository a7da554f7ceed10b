// Which tickets a policy times: priorities as checkboxes, companies and tags as chips with a picker
// (a company by the start of its name; a tag typed, Enter or comma adds it). Every kind filled must
// hold; within a kind any value will do — the fieldset says so once.
import { useState } from "react";
import { CompanyPicker } from "../../../components/fields/CompanyPicker";
import { fieldStyles } from "../../../components/Field";
import { t } from "../../../i18n";
import { CheckList } from "../shared/CheckList";
import { Chips } from "./Chips";
import { PRIORITIES, priorityName, type PolicyForm } from "./policy";
import { TagsField } from "./TagsField";
import { useCompanyNames } from "./useCompanyNames";
import styles from "./sla.module.css";

type Conditions = Pick<PolicyForm, "priorities" | "company_ids" | "tags">;

export function ConditionsFields({ value, onChange, errors }: { value: Conditions; onChange: (c: Partial<Conditions>) => void; errors: Record<string, string> }) {
  const [picked, setPicked] = useState<Record<string, string>>({});
  const [pickerKey, setPickerKey] = useState(0);
  const stored = useCompanyNames(value.company_ids);
  const companyName = (id: string) => picked[id] ?? stored(id);
  const at = (kind: string) => (i: number) => errors[`conditions.${kind}[${i}]`];

  return (
    <fieldset className={styles.section} aria-describedby="sla-conditions-help">
      <legend>{t("sla.conditions")}</legend>
      <p id="sla-conditions-help" className={styles.explain}>
        {t("sla.conditionsHelp")}
      </p>
      {errors.conditions && (
        <span className={fieldStyles.error} role="alert">
          {errors.conditions}
        </span>
      )}
      <div>
        <CheckList
          legend={t("sla.priorities")}
          options={PRIORITIES.map((p) => ({ id: p, label: priorityName(p) }))}
          value={value.priorities}
          onChange={(ids) => onChange({ priorities: PRIORITIES.filter((p) => ids.includes(p)) })}
          error={errors["conditions.priority"]}
        />
        <p className={styles.explain}>{t("sla.prioritiesHelp")}</p>
      </div>
      <div className={styles.section}>
        <div className={styles.picker}>
          <CompanyPicker
            key={pickerKey}
            label={t("sla.companies")}
            value={null}
            initialName=""
            error={errors["conditions.company_id"]}
            onChange={(id, name) => {
              if (!id) return;
              setPicked((m) => ({ ...m, [id]: name }));
              if (!value.company_ids.includes(id)) onChange({ company_ids: [...value.company_ids, id] });
              setPickerKey((k) => k + 1);
            }}
          />
        </div>
        <p className={styles.explain}>{t("sla.companiesHelp")}</p>
        <Chips values={value.company_ids} label={companyName} onRemove={(id) => onChange({ company_ids: value.company_ids.filter((x) => x !== id) })} errorAt={at("company_id")} />
      </div>
      <TagsField
        label={t("sla.tags")}
        help={t("sla.tagsHelp")}
        tags={value.tags}
        max={100}
        onChange={(tags) => onChange({ tags })}
        error={errors["conditions.tags"]}
        errorAt={at("tags")}
      />
    </fieldset>
  );
}
