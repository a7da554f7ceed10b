// A condition as a sentence, as its chip says it: "Amount is at least ¥1,000", "Stage is Won". An
// amount is said in the currency the conditions name (records/list/money.ts).
import { amountCurrency, amountWords } from "../../records/list/money";
import type { ListField } from "../../records/list/fields";
import { fieldLabel } from "../../records/list/labels";
import { chipSentence } from "../../records/list/sentences";
import type { Filter } from "../../records/list/state";
import type { Names } from "./words";

export function conditionSentence(f: Filter, all: readonly Filter[], fields: readonly ListField[], names: Names): string {
  const field = fields.find((x) => x.name === f.field);
  const words = (v: string) => (!v ? "" : field?.kind === "money" ? amountWords(v, amountCurrency(field, all)) : names.value(f.field, v));
  return chipSentence(field ? fieldLabel(field) : fieldLabel(f.field), field?.kind ?? "text", f, words);
}
