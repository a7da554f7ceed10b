// The names a rule's words need, from the caches the lists use: the object's fields (labels and
// kinds, custom fields included), the directory (owners), the pipelines and their stages.
import { useMemo } from "react";
import { useUserDirectory } from "../../../app/users";
import { valueText, type ValueKind } from "../../../components/fields/values";
import { t } from "../../../i18n";
import type { ObjectType } from "../../../api/types";
import { useListFields, usePipelineNames } from "../../records/list/data";
import type { FieldKind, ListField } from "../../records/list/fields";
import { fieldLabel, optionLabel } from "../../records/list/labels";
import { amountWords } from "../../records/list/money";
import { personName } from "../shared/actions";
import type { Names } from "./words";

const VALUE_KIND: Partial<Record<FieldKind, ValueKind>> = { boolean: "bool", user: "owner", id: "text" };

export function useNames(object: ObjectType): { names: Names; fields: ListField[]; stages: ReturnType<typeof usePipelineNames>["stages"]; pipelines: Map<string, string> } {
  const { fields } = useListFields(object);
  const { stages, pipelines } = usePipelineNames(true);
  const users = useUserDirectory();
  const names = useMemo<Names>(() => {
    const byName = new Map(fields.map((f) => [f.name, f]));
    const stage = (id: string) => stages.get(id)?.name ?? id;
    const pipeline = (id: string) => pipelines.get(id) ?? id;
    const user = (id: string) => (users.has(id) ? personName(users.get(id)) : id);
    return {
      field: (name) => {
        const f = byName.get(name);
        return f ? fieldLabel(f) : fieldLabel(name);
      },
      value: (name, v) => {
        const f = byName.get(name);
        if (f?.kind === "pipeline") return pipeline(String(v));
        // Conditions hold numbers as the list filters spell them (text). A built-in amount here has no
        // record (so no currency) to go with it: its minor units, said as such (money.ts).
        const n = typeof v === "string" && v.trim() !== "" && !Number.isNaN(Number(v)) && (f?.kind === "money" || f?.kind === "number") ? Number(v) : v;
        if (f?.kind === "money" && !f.currency && typeof n === "number") return amountWords(String(n), null);
        const kind: ValueKind = (f && (VALUE_KIND[f.kind] ?? (f.kind as ValueKind))) || "text";
        return valueText(kind, n, {
          userName: user,
          stageName: stage,
          currency: f?.currency,
          optionLabel,
          yes: t("common.yes"),
          no: t("common.no"),
        });
      },
      stage,
      pipeline,
      user,
    };
  }, [fields, stages, pipelines, users]);
  return { names, fields, stages, pipelines };
}
