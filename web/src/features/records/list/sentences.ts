// A filter chip reads like a sentence: "Owner is me", "Stage is not Won", "Created after Jan 1,
// 2026", "City is empty". The words depend on the field's kind (dates say before/after, numbers
// more/less than); the value's own text (a user's name, a stage's name, a formatted date) comes
// from the caller, which knows the directory and the locale.
import { t, type MessageKey } from "../../../i18n";
import type { FieldKind, Op } from "./fields";
import type { Filter } from "./state";

type Family = "time" | "number" | "text" | "plain";

function family(kind: FieldKind): Family {
  if (kind === "date" || kind === "datetime") return "time";
  if (kind === "number" || kind === "money") return "number";
  if (kind === "text" || kind === "email" || kind === "phone" || kind === "url") return "text";
  return "plain";
}

/** The operator's words for a field of this kind ("is", "is after", "is more than"). */
export function opWords(op: Op, kind: FieldKind): string {
  const f = family(kind);
  const key = (f === "time" || f === "number") && ["lt", "lte", "gt", "gte"].includes(op) ? `lists.op.${f}.${op}` : `lists.op.${op}`;
  return t(key as MessageKey);
}

/** "Owner is me": label, operator words and the value's text (a list joined, is_null as a state). */
export function chipSentence(label: string, kind: FieldKind, filter: Filter, describe: (value: string) => string): string {
  if (filter.op === "changed") return t("lists.chip.changed", { field: label });
  if (filter.op === "is_null") {
    return t(filter.value === "false" ? "lists.chip.notEmpty" : "lists.chip.empty", { field: label });
  }
  const value =
    filter.op === "in"
      ? filter.value
          .split(",")
          .map((v) => describe(v.trim()))
          .join(t("lists.chip.or"))
      : describe(filter.value);
  return t("lists.chip.sentence", { field: label, op: opWords(filter.op, kind), value });
}
