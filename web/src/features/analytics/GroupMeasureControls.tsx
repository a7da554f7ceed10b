// The editor's "Group by" rows (up to two: a field, the owner, the team, a date with its bucket),
// "Measures" rows (count, or an operation over a number or money field) and the sort. Plain
// labelled selects: every choice reachable with the keyboard, read by screen readers.
import { useId } from "react";
import { Button } from "../../components/Button";
import { Icon } from "../../components/Icon";
import { fieldStyles } from "../../components/Field";
import { t } from "../../i18n";
import { fieldLabel } from "../records/list/labels";
import type { ListField } from "../records/list/fields";
import { BUCKETS, MAX_GROUPS, MAX_MEASURES, MEASURE_OPS, groupKey, measureKey, type Bucket, type EditorState, type GroupChoice, type MeasureChoice, type MeasureOp } from "./definition";
import { BUCKET_LABEL, OP_LABEL, groupHeader, measureHeader } from "./headers";
import styles from "./analytics.module.css";

const GROUPABLE = new Set<ListField["kind"]>(["enum", "user", "company", "stage", "pipeline", "boolean", "text", "email", "phone", "url", "number"]);
const MEASURABLE = new Set<ListField["kind"]>(["number", "money"]);
const isDate = (f: ListField) => f.kind === "date" || f.kind === "datetime";

function groupValue(g: GroupChoice | undefined): string {
  if (!g) return "";
  return g.kind === "owner" ? "owner" : g.kind === "team" ? "team" : `${g.kind}:${g.field}`;
}

function parseGroup(v: string, bucket: Bucket): GroupChoice | null {
  if (v === "owner") return { kind: "owner" };
  if (v === "team") return { kind: "team" };
  if (v.startsWith("date:")) return { kind: "date", field: v.slice(5), bucket };
  if (v.startsWith("field:")) return { kind: "field", field: v.slice(6) };
  return null;
}

export function GroupRows({ state, fields, onChange }: { state: EditorState; fields: ListField[]; onChange: (groups: GroupChoice[]) => void }) {
  const base = useId();
  const hasOwner = fields.some((f) => f.name === "owner_id");
  const plain = fields.filter((f) => GROUPABLE.has(f.kind) && f.name !== "owner_id" && f.ops.length > 0);
  const dates = fields.filter((f) => isDate(f) && f.ops.length > 0);
  const rows = state.groups.length < MAX_GROUPS ? [...state.groups, undefined] : state.groups;
  return (
    <fieldset className={styles.fieldset}>
      <legend>{t("analytics.groupBy")}</legend>
      {rows.map((g, i) => {
        const id = `${base}-${i}`;
        const set = (next: GroupChoice | null) => {
          const groups = [...state.groups];
          if (next) groups[i] = next;
          else groups.splice(i, 1);
          onChange(groups);
        };
        return (
          <div key={i} className={styles.row}>
            <label htmlFor={id} className="visually-hidden">
              {t(i === 0 ? "analytics.groupFirst" : "analytics.groupSecond")}
            </label>
            <select id={id} className={fieldStyles.input} value={groupValue(g)} onChange={(e) => set(parseGroup(e.target.value, g?.kind === "date" ? g.bucket : "month"))}>
              <option value="">{t(i === 0 ? "analytics.group.none" : "analytics.group.noSecond")}</option>
              {hasOwner && <option value="owner">{t("analytics.group.owner")}</option>}
              {hasOwner && <option value="team">{t("analytics.group.team")}</option>}
              <optgroup label={t("analytics.group.fields")}>
                {plain.map((f) => (
                  <option key={f.name} value={`field:${f.name}`}>
                    {fieldLabel(f)}
                  </option>
                ))}
              </optgroup>
              <optgroup label={t("analytics.group.dates")}>
                {dates.map((f) => (
                  <option key={f.name} value={`date:${f.name}`}>
                    {fieldLabel(f)}
                  </option>
                ))}
              </optgroup>
            </select>
            {g?.kind === "date" && (
              <>
                <label htmlFor={`${id}-bucket`} className="visually-hidden">
                  {t("analytics.bucketOf", { field: groupHeader({ kind: "field", field: g.field }, fields) })}
                </label>
                <select id={`${id}-bucket`} className={`${fieldStyles.input} ${styles.narrow}`} value={g.bucket} onChange={(e) => set({ ...g, bucket: e.target.value as Bucket })}>
                  {BUCKETS.map((b) => (
                    <option key={b} value={b}>
                      {t(BUCKET_LABEL[b])}
                    </option>
                  ))}
                </select>
              </>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}

export function MeasureRows({ state, fields, onChange }: { state: EditorState; fields: ListField[]; onChange: (measures: MeasureChoice[]) => void }) {
  const base = useId();
  const numeric = fields.filter((f) => MEASURABLE.has(f.kind));
  const set = (i: number, m: MeasureChoice) => onChange(state.measures.map((x, j) => (j === i ? m : x)));
  return (
    <fieldset className={styles.fieldset}>
      <legend>{t("analytics.measures")}</legend>
      {state.measures.map((m, i) => {
        const id = `${base}-${i}`;
        const name = measureHeader(m, fields);
        return (
          <div key={i} className={styles.row}>
            <label htmlFor={`${id}-op`} className="visually-hidden">
              {t("analytics.measureOp", { n: i + 1 })}
            </label>
            <select id={`${id}-op`} className={`${fieldStyles.input} ${styles.narrow}`} value={m.op} onChange={(e) => {
              const op = e.target.value as MeasureOp;
              set(i, { op, field: op === "count" ? "" : (m.field || numeric[0]?.name || "") });
            }}>
              {MEASURE_OPS.map((op) => (
                <option key={op} value={op}>
                  {t(OP_LABEL[op])}
                </option>
              ))}
            </select>
            {m.op !== "count" && (
              <>
                <label htmlFor={`${id}-field`} className="visually-hidden">
                  {t("analytics.measureField", { n: i + 1 })}
                </label>
                <select id={`${id}-field`} className={fieldStyles.input} value={m.field} onChange={(e) => set(i, { ...m, field: e.target.value })}>
                  {numeric.length === 0 && <option value="">{t("analytics.noNumbers")}</option>}
                  {numeric.map((f) => (
                    <option key={f.name} value={f.name}>
                      {fieldLabel(f)}
                    </option>
                  ))}
                </select>
              </>
            )}
            {state.measures.length > 1 && (
              <Button size="small" variant="ghost" aria-label={t("analytics.removeMeasure", { name })} onClick={() => onChange(state.measures.filter((_, j) => j !== i))}>
                <Icon name="close" size={14} />
              </Button>
            )}
          </div>
        );
      })}
      {state.measures.length < MAX_MEASURES && (
        <Button size="small" variant="ghost" className={styles.addRow} onClick={() => onChange([...state.measures, numeric[0] ? { op: "sum", field: numeric[0].name } : { op: "count", field: "" }])}>
          <Icon name="plus" size={14} />
          {t("analytics.addMeasure")}
        </Button>
      )}
    </fieldset>
  );
}

export function SortSelect({ state, fields, onChange }: { state: EditorState; fields: ListField[]; onChange: (sort: string) => void }) {
  const id = useId();
  const keys = [
    ...state.measures.map((m) => ({ key: measureKey(m), name: measureHeader(m, fields) })),
    ...state.groups.map((g) => ({ key: groupKey(g), name: groupHeader(g, fields) })),
  ];
  return (
    <div className={styles.field}>
      <label htmlFor={id}>{t("analytics.sort")}</label>
      <select id={id} className={fieldStyles.input} value={state.sort} onChange={(e) => onChange(e.target.value)}>
        <option value="">{t("analytics.sort.groups")}</option>
        {keys.flatMap((k) => [
          <option key={`-${k.key}`} value={`-${k.key}`}>
            {t("analytics.sort.desc", { name: k.name })}
          </option>,
          <option key={k.key} value={k.key}>
            {t("analytics.sort.asc", { name: k.name })}
          </option>,
        ])}
      </select>
    </div>
  );
}
