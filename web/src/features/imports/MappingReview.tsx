// The review of how a file will be read: one row per column of the file with its first values and
// the field it fills (or "Don't import"), a note where the server left a column out or the role may
// not fill its match; then what to do with duplicates, whether missing companies are created, and
// the order of day and month in dates. Plain native selects: the keyboard and screen readers work
// through the table with Tab and the arrow keys without anything to learn.
import { useId } from "react";
import { fieldLabel } from "../records/list/labels";
import { t } from "../../i18n";
import { SelectField } from "../settings/shared/SelectField";
import { TARGET_LABELS, doubledTargets, looksUpCompanies, type Choices, type DateOrder, type ImportObject, type ImportPreview, type ImportTarget, type OnDuplicate } from "./imports";
import shared from "../settings/shared/settings.module.css";
import styles from "./imports.module.css";

export function targetLabel(target: ImportTarget | string): string {
  const name = typeof target === "string" ? target : target.name;
  if (typeof target !== "string" && target.label) return target.label;
  const key = TARGET_LABELS[name];
  return key ? t(key) : fieldLabel(name);
}

const GROUPS: { kinds: ImportTarget["kind"][]; label: "imports.group.fields" | "imports.group.custom" | "imports.group.links" | "imports.group.other" }[] = [
  { kinds: ["field", "full_name"], label: "imports.group.fields" },
  { kinds: ["custom"], label: "imports.group.custom" },
  { kinds: ["lookup"], label: "imports.group.links" },
  { kinds: ["external_id", "history"], label: "imports.group.other" },
];

function TargetSelect({ header, value, targets, onChange, invalid }: { header: string; value: string | null; targets: readonly ImportTarget[]; onChange: (v: string | null) => void; invalid: boolean }) {
  return (
    <select
      className={shared.select}
      value={value ?? ""}
      aria-label={t("imports.review.targetOf", { column: header })}
      aria-invalid={invalid || undefined}
      onChange={(e) => onChange(e.target.value || null)}
    >
      <option value="">{t("imports.review.skip")}</option>
      {GROUPS.map((g) => {
        const options = targets.filter((x) => g.kinds.includes(x.kind));
        if (options.length === 0) return null;
        return (
          <optgroup key={g.label} label={t(g.label)}>
            {options.map((x) => (
              <option key={x.name} value={x.name}>
                {targetLabel(x)}
                {x.required ? ` ${t("imports.review.requiredMark")}` : ""}
              </option>
            ))}
          </optgroup>
        );
      })}
    </select>
  );
}

export function MappingReview({
  object,
  preview,
  choices,
  onChange,
}: {
  object: ImportObject;
  preview: ImportPreview;
  choices: Choices;
  onChange: (c: Choices) => void;
}) {
  const companiesId = useId();
  const doubled = doubledTargets(choices, preview.targets);
  const setColumn = (header: string, target: string | null) => onChange({ ...choices, columns: { ...choices.columns, [header]: target } });
  const used = Object.values(choices.columns).filter(Boolean).length;
  return (
    <>
      <div className={shared.tableWrap}>
        <table className={`${shared.table} ${styles.mapping}`} aria-label={t("imports.review.table")}>
          <thead>
            <tr>
              <th scope="col">{t("imports.review.column")}</th>
              <th scope="col">{t("imports.review.samples")}</th>
              <th scope="col">{t("imports.review.target")}</th>
            </tr>
          </thead>
          <tbody>
            {preview.columns.map((c) => {
              const value = choices.columns[c.header] ?? null;
              const twice = value !== null && doubled.has(value);
              return (
                <tr key={c.header} className={value === null ? styles.skipped : undefined}>
                  <th scope="row" className={styles.header}>
                    {c.header || <span className={shared.muted}>{t("imports.review.noHeader")}</span>}
                  </th>
                  <td className={styles.samples} data-label={t("imports.review.samples")}>
                    {c.samples.length === 0 ? (
                      <span className={shared.muted}>{t("imports.review.empty")}</span>
                    ) : (
                      c.samples.map((s, i) => (
                        <span key={i} className={styles.sample}>
                          {s}
                        </span>
                      ))
                    )}
                  </td>
                  <td className={styles.targetCell} data-label={t("imports.review.target")}>
                    <TargetSelect header={c.header} value={value} targets={preview.targets} onChange={(v) => setColumn(c.header, v)} invalid={twice} />
                    {twice && <span className={styles.note}>{t("imports.review.twice", { target: targetLabel(value) })}</span>}
                    {c.refused && <span className={styles.note}>{t("imports.review.refused", { reason: c.refused })}</span>}
                    {!c.refused && c.note && value === null && <span className={styles.noteMuted}>{c.note}</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <p className={shared.muted} aria-live="polite">
        {t("imports.review.count", { used, total: preview.columns.length })}
      </p>
      <div className={styles.options}>
        <SelectField
          label={t("imports.options.duplicates")}
          value={choices.on_duplicate}
          onChange={(v) => onChange({ ...choices, on_duplicate: v as OnDuplicate })}
          help={t(`imports.options.duplicates.${choices.on_duplicate}.help`)}
        >
          <option value="skip">{t("imports.options.duplicates.skip")}</option>
          <option value="update">{t("imports.options.duplicates.update")}</option>
          <option value="create">{t("imports.options.duplicates.create")}</option>
        </SelectField>
        <SelectField
          label={t("imports.options.dateOrder")}
          value={choices.date_order}
          onChange={(v) => onChange({ ...choices, date_order: v as DateOrder })}
          help={t("imports.options.dateOrder.help")}
        >
          <option value="dmy">{t("imports.options.dateOrder.dmy")}</option>
          <option value="mdy">{t("imports.options.dateOrder.mdy")}</option>
        </SelectField>
        {looksUpCompanies(object) && (
          <label className={`${shared.check} ${styles.checkOption}`} htmlFor={companiesId}>
            <input id={companiesId} type="checkbox" checked={choices.create_companies} onChange={(e) => onChange({ ...choices, create_companies: e.target.checked })} />
            <span>
              {t("imports.options.createCompanies")}
              <span className={styles.hint}>{t("imports.options.createCompanies.help")}</span>
            </span>
          </label>
        )}
      </div>
    </>
  );
}
