// The filter builder: pick a field (every field the server filters on, custom ones included), one
// of the operators the server takes for it, and a value with an input fitting its kind — a date
// picker, a number, yes/no, the enum's choices, a person (me first), a stage, a company search, an
// amount in the main unit of its currency (money.ts: a currency filter comes with it when needed).
import { useId, useMemo, useState, type FormEvent } from "react";
import { useQuery } from "@tanstack/react-query";
import { Dialog } from "../../../components/Dialog";
import { Button } from "../../../components/Button";
import { fieldStyles } from "../../../components/Field";
import { raw } from "../../../api/client";
import { keys } from "../../../api/keys";
import { currencyDigits, t } from "../../../i18n";
import type { ListField, Op } from "./fields";
import type { Filter } from "./state";
import type { Page, StageInfo } from "./data";
import type { User } from "../../../app/users";
import { fieldLabel } from "./labels";
import { ChoiceOptions, filterChoices, type Choice } from "./choices";
import { amountCurrency, amountInput, amountProblem, amountValue, currencyCodes, CURRENCY_FIELD } from "./money";
import { opWords } from "./sentences";
import styles from "./ListPage.module.css";

export interface FilterDialogProps {
  fields: ListField[];
  initial?: Filter | undefined;
  meId: string;
  users: User[];
  stages: Map<string, StageInfo>;
  pipelines: Map<string, string>;
  /** Operators offered for every field beside its own (an automation's "changed" ones). */
  extraOps?: readonly Op[] | undefined;
  /** The dialog's titles, when it builds something other than a list's filter (a rule's condition). */
  titles?: { add: string; edit: string; apply: string } | undefined;
  /** The other filters of the set: an "is" filter on the record's currency says what amounts are in. */
  siblings?: readonly Filter[] | undefined;
  /** The filter, and for an amount typed in a currency the others do not name, the currency filter
   *  that goes with it (replacing theirs). */
  onApply: (f: Filter, currency?: Filter) => void;
  onClose: () => void;
}

function toInput(field: ListField | undefined, value: string, currency: string | null): string {
  if (field?.kind === "money") return currency && value !== "" ? amountInput(value, currency) : value;
  if ((field?.kind === "date" || field?.kind === "datetime") && value.length >= 10) return value.slice(0, 10);
  return value;
}

function CompanyPicker({ id, value, onChange }: { id: string; value: string; onChange: (v: string) => void }) {
  const [q, setQ] = useState("");
  const search = useQuery({
    queryKey: keys.list("companies", { pick: q }),
    queryFn: async () => {
      const p = new URLSearchParams({ limit: "8", sort: "name" });
      if (q.trim()) p.set("filter[name][contains]", q.trim());
      return ((await (await raw(`/api/v1/companies?${p.toString()}`)).json()) as Page).data;
    },
    staleTime: 30_000,
  });
  const results = search.data ?? [];
  return (
    <div className={styles.picker}>
      <input id={id} className={fieldStyles.input} type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t("lists.filter.searchCompany")} aria-label={t("lists.filter.searchCompany")} />
      <div role="radiogroup" aria-label={t("lists.field.company_id")} className={styles.pickerList}>
        {results.length === 0 && !search.isPending && <p className={styles.muted}>{t("lists.filter.noCompany")}</p>}
        {results.map((c) => (
          <label key={c.id} className={styles.pickerItem}>
            <input type="radio" name={`${id}-company`} checked={value === c.id} onChange={() => onChange(c.id)} />
            {String(c.name ?? "")}
          </label>
        ))}
      </div>
    </div>
  );
}

export function FilterDialog({ fields, initial, meId, users, stages, pipelines, extraOps, titles, siblings = [], onApply, onClose }: FilterDialogProps) {
  const filterable = useMemo(
    () => fields.filter((f) => f.ops.length > 0).map((f) => (extraOps?.length ? { ...f, ops: [...f.ops, ...extraOps] } : f)),
    [fields, extraOps],
  );
  const [fieldName, setFieldName] = useState(initial?.field ?? filterable[0]?.name ?? "");
  const field = filterable.find((f) => f.name === fieldName);
  const [op, setOp] = useState<Op>(initial?.op ?? field?.ops[0] ?? "eq");
  // The currency amounts are typed in: a custom money field's own, else the one the other filters name
  // or the admin picks here (only records that have a currency field offer the picker).
  const named = amountCurrency(undefined, siblings);
  const [currency, setCurrency] = useState(named ?? "");
  const unit = field?.kind === "money" ? (field.currency ?? (currency || null)) : null;
  const picksCurrency = field?.kind === "money" && !field.currency && fields.some((f) => f.name === CURRENCY_FIELD);
  const [value, setValue] = useState(initial ? toInput(field, initial.value, initial && field?.kind === "money" ? (field.currency ?? named) : null) : "");
  const [error, setError] = useState<string | undefined>();
  const base = useId();

  function chooseField(name: string) {
    setFieldName(name);
    const f = filterable.find((x) => x.name === name);
    if (f && !f.ops.includes(op)) setOp(f.ops[0] ?? "eq");
    setValue("");
    setError(undefined);
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    // Opened from inside another form (a webhook's dialog): React carries a submit through the portal
    // to that form too, which must not be sent by applying a condition.
    e.stopPropagation();
    if (!field) return;
    if (op === "changed") return onApply({ field: field.name, op, value: "" });
    if (field.kind === "money" && op !== "is_null") {
      if (!unit) return setError(t("lists.filter.needCurrency"));
      if (value.trim() === "") return setError(t("lists.filter.needValue"));
      const minor = amountValue(value, unit);
      if (minor === null) return setError(amountProblem(unit));
      const also = picksCurrency && unit !== named ? { field: CURRENCY_FIELD, op: "eq" as const, value: unit } : undefined;
      return onApply({ field: field.name, op, value: minor }, also);
    }
    const v = op === "is_null" ? value || "true" : value.trim();
    if (v === "") {
      setError(t("lists.filter.needValue"));
      return;
    }
    onApply({ field: field.name, op, value: v });
  }

  const multi = op === "in";
  const valueId = `${base}-value`;
  const selectedValues = value ? value.split(",") : [];
  const onMulti = (el: HTMLSelectElement) => setValue([...el.selectedOptions].map((o) => o.value).join(","));

  function valueInput() {
    if (!field) return null;
    const common = { id: valueId, className: fieldStyles.input, "aria-invalid": error ? true : undefined, "aria-describedby": error ? `${valueId}-error` : undefined };
    if (op === "changed") return <p className={styles.muted}>{t("lists.filter.changedAny")}</p>;
    if (op === "is_null") {
      return (
        <select {...common} value={value || "true"} onChange={(e) => setValue(e.target.value)}>
          <option value="true">{t("lists.filter.empty")}</option>
          <option value="false">{t("lists.filter.notEmpty")}</option>
        </select>
      );
    }
    const choice = (options: Choice[]) => {
      const body = <ChoiceOptions options={options} />;
      return multi ? (
        <select {...common} multiple size={Math.min(8, options.length + 1)} value={selectedValues} onChange={(e) => onMulti(e.target)}>
          {body}
        </select>
      ) : (
        <select {...common} value={value} onChange={(e) => setValue(e.target.value)}>
          <option value="">{t("lists.filter.pick")}</option>
          {body}
        </select>
      );
    };
    const fixed = filterChoices(field, { meId, users, stages, pipelines });
    if (fixed) return choice(fixed);
    switch (field.kind) {
      case "company":
        if (!multi) return <CompanyPicker id={valueId} value={value} onChange={setValue} />;
        break;
      case "date":
      case "datetime":
        if (!multi) return <input {...common} type="date" value={value} onChange={(e) => setValue(e.target.value)} />;
        break;
      case "number":
        if (!multi) return <input {...common} type="number" step="any" inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} />;
        break;
      case "money":
        if (!multi) return <input {...common} type="number" step={unit ? 10 ** -currencyDigits(unit) : "any"} inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} />;
        return <input {...common} type="text" inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} autoComplete="off" />;
      default:
        break;
    }
    return <input {...common} type="text" value={value} onChange={(e) => setValue(e.target.value)} autoComplete="off" />;
  }

  return (
    <Dialog
      title={initial ? (titles?.edit ?? t("lists.filter.editTitle")) : (titles?.add ?? t("lists.filter.title"))}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button variant="primary" type="submit" form={`${base}-form`}>
            {titles?.apply ?? t("lists.filter.apply")}
          </Button>
        </>
      }
    >
      <form id={`${base}-form`} className={styles.form} onSubmit={submit}>
        <div className={fieldStyles.field}>
          <label className={fieldStyles.label} htmlFor={`${base}-field`}>
            {t("lists.filter.field")}
          </label>
          <select id={`${base}-field`} className={fieldStyles.input} value={fieldName} onChange={(e) => chooseField(e.target.value)} autoFocus>
            {filterable.map((f) => (
              <option key={f.name} value={f.name}>
                {fieldLabel(f)}
              </option>
            ))}
          </select>
        </div>
        <div className={fieldStyles.field}>
          <label className={fieldStyles.label} htmlFor={`${base}-op`}>
            {t("lists.filter.op")}
          </label>
          <select id={`${base}-op`} className={fieldStyles.input} value={op} onChange={(e) => setOp(e.target.value as Op)}>
            {(field?.ops ?? []).map((o) => (
              <option key={o} value={o}>
                {opWords(o, field?.kind ?? "text")}
              </option>
            ))}
          </select>
        </div>
        {picksCurrency && op !== "is_null" && op !== "changed" && (
          <div className={fieldStyles.field}>
            <label className={fieldStyles.label} htmlFor={`${base}-currency`}>
              {t("lists.filter.currency")}
            </label>
            <select
              id={`${base}-currency`}
              className={fieldStyles.input}
              value={currency}
              aria-describedby={`${base}-currency-help`}
              onChange={(e) => {
                // The typed amount keeps its digits; its meaning moves to the new currency.
                setCurrency(e.target.value);
                setError(undefined);
              }}
            >
              <option value="">{t("lists.filter.pick")}</option>
              {currencyCodes().map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
            <span id={`${base}-currency-help`} className={fieldStyles.help}>
              {t("lists.filter.currencyHelp")}
            </span>
          </div>
        )}
        <div className={fieldStyles.field}>
          <label className={fieldStyles.label} htmlFor={valueId}>
            {unit && op !== "is_null"
              ? t(multi ? "lists.filter.amountsIn" : "lists.filter.amountIn", { currency: unit })
              : multi && !["user", "stage", "pipeline", "enum", "boolean"].includes(field?.kind ?? "")
                ? t("lists.filter.values")
                : t("lists.filter.value")}
          </label>
          {valueInput()}
          {error && (
            <span id={`${valueId}-error`} className={fieldStyles.error} role="alert">
              {error}
            </span>
          )}
        </div>
      </form>
    </Dialog>
  );
}
