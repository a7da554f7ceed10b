// A policy's three targets, each in its own box with one line on what it measures: off, one
// duration for every priority, or one per priority. A duration is typed as 4h, 1d 2h, 30m or
// minutes and, on leaving the field, shown back in the largest units ("90" becomes "1h 30m"), so
// the admin sees what the server will count.
import { fieldStyles, TextField } from "../../../components/Field";
import { t, type MessageKey } from "../../../i18n";
import { SelectField } from "../shared/SelectField";
import { checkDuration, formatDuration } from "./duration";
import { PRIORITIES, priorityName, TARGETS, type PolicyForm, type TargetForm, type TargetName } from "./policy";
import styles from "./sla.module.css";

/** The typed text in the largest units, when it is a duration; else as typed (its error says why). */
export const tidy = (typed: string) => {
  const c = checkDuration(typed);
  return "minutes" in c ? formatDuration(c.minutes) : typed;
};

export function TargetsField({ targets, onChange, errors }: { targets: PolicyForm["targets"]; onChange: (t: PolicyForm["targets"]) => void; errors: Record<string, string> }) {
  const set = (name: TargetName, patch: Partial<TargetForm>) => onChange({ ...targets, [name]: { ...targets[name], ...patch } });
  return (
    <fieldset className={styles.section} aria-describedby="sla-targets-help">
      <legend>{t("sla.targets")}</legend>
      <p id="sla-targets-help" className={styles.explain}>
        {t("sla.targetsHelp")}
      </p>
      {errors.targets && (
        <span className={fieldStyles.error} role="alert">
          {errors.targets}
        </span>
      )}
      <div className={styles.targets}>
        {TARGETS.map((name) => {
          const target = targets[name];
          const label = t(`sla.target.${name}` as MessageKey);
          const path = `targets.${name}`;
          return (
            <div key={name} className={styles.target} role="group" aria-label={label}>
              <div className={styles.targetHead}>
                <div>
                  <div className={styles.targetName}>{label}</div>
                  <p className={styles.explain}>{t(`sla.target.${name}.help` as MessageKey)}</p>
                </div>
                <SelectField label={t("sla.mode")} value={target.mode} onChange={(v) => set(name, { mode: v as TargetForm["mode"] })}>
                  <option value="off">{t("sla.mode.off")}</option>
                  <option value="flat">{t("sla.mode.flat")}</option>
                  <option value="per">{t("sla.mode.per")}</option>
                </SelectField>
              </div>
              {target.mode === "flat" && (
                <div className={styles.duration}>
                  <TextField
                    label={t("sla.time", { target: label })}
                    value={target.flat}
                    onChange={(e) => set(name, { flat: e.target.value })}
                    onBlur={() => set(name, { flat: tidy(target.flat) })}
                    error={errors[path]}
                    inputMode="text"
                    autoComplete="off"
                  />
                </div>
              )}
              {target.mode === "per" && (
                <>
                  <div className={styles.perPriority}>
                    {PRIORITIES.map((p) => (
                      <TextField
                        key={p}
                        label={priorityName(p)}
                        aria-label={t("sla.timePer", { target: label, priority: priorityName(p) })}
                        value={target.per[p]}
                        placeholder={t("sla.perEmpty")}
                        onChange={(e) => set(name, { per: { ...target.per, [p]: e.target.value } })}
                        onBlur={() => set(name, { per: { ...target.per, [p]: tidy(target.per[p]) } })}
                        error={errors[`${path}.${p}`]}
                        autoComplete="off"
                      />
                    ))}
                  </div>
                  {errors[path] && (
                    <span className={fieldStyles.error} role="alert">
                      {errors[path]}
                    </span>
                  )}
                </>
              )}
            </div>
          );
        })}
      </div>
    </fieldset>
  );
}
