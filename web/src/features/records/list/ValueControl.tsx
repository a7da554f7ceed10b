// The input a field's value wants, by the field's kind: its fixed choices (one, or several at once),
// a number, an amount typed in the main unit of its currency (kept in minor units, as the API has
// it: 1.234 KWD is 1234), a date, or text. The bare control: its caller gives the label and says the
// errors (the segment builder's condition rows, the automation editor's labelled fields share it).
import { useState, type ReactNode } from "react";
import { fieldStyles } from "../../../components/Field";
import { decimalAmount, minorOfDecimal } from "../../../i18n";
import { ChoiceOptions, filterChoices, type ChoiceContext } from "./choices";
import type { ListField } from "./fields";
import { amountProblem } from "./money";

/** What the control's element carries: its id and what names and describes it. */
export interface ControlAttrs {
  id: string;
  "aria-label"?: string;
  "aria-invalid": boolean | undefined;
  "aria-describedby": string | undefined;
  disabled?: boolean;
}

export interface ValueControlProps {
  attrs: ControlAttrs;
  field: Pick<ListField, "kind" | "options" | "currency">;
  value: unknown;
  onChange: (v: unknown) => void;
  choices: ChoiceContext;
  /** The first, empty choice's words ("Pick…", "Any value"), and what an emptied input gives ("" or null). */
  empty: { label: string; value: "" | null };
  /** Several choices at once: the value is a list. */
  multiple?: boolean | undefined;
  /** The currency of an amount when the field has none of its own (a record's currency set beside it). */
  currency?: string | null | undefined;
  /**
   * A number or amount that is not one: passed on as typed, for the server to refuse beside it (a
   * filter), or held back with the problem said under it (a value a rule writes).
   */
  lenient?: boolean;
  /** Said instead of an amount input when no currency is known; without it a plain number is asked. */
  noCurrency?: ReactNode;
  /** Classes of a select and of a several-choice select. */
  selectClass?: string;
  multiClass?: string;
  /** A class around an amount and its currency code shown after it (lenient amounts). */
  amountClass?: string;
  unitClass?: string;
}

export function ValueControl(p: ValueControlProps) {
  const kind = p.field.kind;
  const text = p.value === null || p.value === undefined || Array.isArray(p.value) ? "" : String(p.value);
  const selectClass = p.selectClass ?? fieldStyles.input;

  const options = filterChoices(p.field, p.choices);
  if (options) {
    // Choices are strings; a yes/no field holds a boolean.
    const parse = (v: string): unknown => (kind === "boolean" ? v === "true" : v);
    if (p.multiple) {
      const chosen = Array.isArray(p.value) ? p.value.map(String) : [];
      return (
        <select {...p.attrs} className={`${selectClass} ${p.multiClass ?? ""}`} multiple size={Math.min(5, Math.max(2, options.length))} value={chosen} onChange={(e) => p.onChange([...e.target.selectedOptions].map((o) => parse(o.value)))}>
          <ChoiceOptions options={options} />
        </select>
      );
    }
    return (
      <select {...p.attrs} className={selectClass} value={text} onChange={(e) => p.onChange(e.target.value === "" ? p.empty.value : parse(e.target.value))}>
        <option value="">{p.empty.label}</option>
        <ChoiceOptions options={options} />
      </select>
    );
  }
  if (kind === "date" || kind === "datetime") {
    return <input {...p.attrs} className={fieldStyles.input} type="date" value={text.slice(0, 10)} onChange={(e) => p.onChange(e.target.value || p.empty.value)} />;
  }
  const unit = kind === "money" ? (p.field.currency ?? p.currency ?? null) : null;
  if (unit) return <AmountInput key={unit} {...p} unit={unit} />;
  if (kind === "money" && p.noCurrency) return <>{p.noCurrency}</>;
  if (kind === "number" || kind === "money") {
    return (
      <input
        {...p.attrs}
        className={fieldStyles.input}
        type="number"
        step="any"
        inputMode="decimal"
        value={text}
        onChange={(e) => p.onChange(e.target.value === "" ? p.empty.value : Number.isFinite(e.target.valueAsNumber) ? e.target.valueAsNumber : e.target.value)}
      />
    );
  }
  return <input {...p.attrs} className={fieldStyles.input} type="text" autoComplete="off" value={text} onChange={(e) => p.onChange(e.target.value)} />;
}

/** An amount as the person types it ("1.2" stays "1.2"), passed on in minor units of `unit`. */
function AmountInput(p: ValueControlProps & { unit: string }) {
  const [typed, setTyped] = useState(typeof p.value === "number" ? decimalAmount(p.value, p.unit) : "");
  const bad = typed.trim() !== "" && minorOfDecimal(typed, p.unit) === null;
  const input = (
    <input
      {...p.attrs}
      className={fieldStyles.input}
      type="text"
      inputMode="decimal"
      autoComplete="off"
      value={typed}
      aria-invalid={p.attrs["aria-invalid"] || (!p.lenient && bad) || undefined}
      onChange={(e) => {
        setTyped(e.target.value);
        if (e.target.value.trim() === "") return p.onChange(p.empty.value);
        const minor = minorOfDecimal(e.target.value, p.unit);
        if (minor !== null) p.onChange(minor);
        else if (p.lenient) p.onChange(e.target.value);
      }}
    />
  );
  if (p.lenient)
    return (
      <span className={p.amountClass}>
        {input}
        <span className={p.unitClass}>{p.unit}</span>
      </span>
    );
  return (
    <>
      {input}
      {bad && (
        <span className={fieldStyles.error} role="alert">
          {amountProblem(p.unit)}
        </span>
      )}
    </>
  );
}
