// The merge fields a template may use, grouped by record, as a native select (typing a letter jumps,
// arrows move, Enter inserts: the keyboard works without anything of ours). Choosing one inserts
// {{object.field}} where the caret was in the part last edited.
import { useId } from "react";
import { fieldStyles } from "../../../components/Field";
import { t, type MessageKey } from "../../../i18n";
import type { MergeGroup } from "../../email/mergeFields";
import styles from "../shared/settings.module.css";

export function MergeFieldPicker({
  groups,
  target,
  onPick,
  groupLabel = (object) => t(`email.group.${object}` as MessageKey),
  help,
}: {
  groups: MergeGroup[];
  target: string;
  onPick: (name: string) => void;
  /** A group's name ("Contact"); the email groups' by default. */
  groupLabel?: (object: string) => string;
  /** The line under the select; by default where the field goes ("Goes where the cursor was in: {target}"). */
  help?: string;
}) {
  const id = useId();
  return (
    <div className={fieldStyles.field}>
      <label className={fieldStyles.label} htmlFor={id}>
        {t("email.templates.insertField")}
      </label>
      <select
        id={id}
        className={styles.select}
        value=""
        aria-describedby={`${id}-help`}
        onChange={(e) => {
          if (e.target.value) onPick(e.target.value);
        }}
      >
        <option value="">{t("email.templates.chooseField")}</option>
        {groups.map((g) => (
          <optgroup key={g.object} label={groupLabel(g.object)}>
            {g.fields.map((f) => (
              <option key={f.name} value={f.name}>
                {f.label} — {f.name}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <span id={`${id}-help`} className={fieldStyles.help}>
        {help ?? t("email.templates.insertHelp", { part: target })}
      </span>
    </div>
  );
}
