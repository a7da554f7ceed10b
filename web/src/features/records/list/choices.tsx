// The fixed choices a filter on a field offers — a person (me first), a stage grouped by its
// pipeline, a pipeline, the enum's values, yes/no — and their <option>s (in <optgroup>s when the
// choices are grouped). The list's filter dialog and the segment builder share them.
import { t } from "../../../i18n";
import type { User } from "../../../app/users";
import type { StageInfo } from "./data";
import type { ListField } from "./fields";
import { optionLabel } from "./labels";

export interface Choice {
  value: string;
  label: string;
  group?: string;
}

export interface ChoiceContext {
  meId: string;
  users: User[];
  stages: Map<string, StageInfo>;
  pipelines: Map<string, string>;
}

/** The choices of a field of this kind, or null when its value is typed. */
export function filterChoices(field: Pick<ListField, "kind" | "options">, c: ChoiceContext): Choice[] | null {
  switch (field.kind) {
    case "user":
      // "Me" first where there is a signed-in person the value stands for (a filter; not a rule's value).
      return [...(c.meId ? [{ value: c.meId, label: t("lists.filter.me") }] : []), ...c.users.filter((u) => u.id !== c.meId).map((u) => ({ value: u.id, label: u.name || u.email }))];
    case "stage":
      return [...c.stages].map(([id, s]) => ({ value: id, label: s.name, group: s.pipeline }));
    case "pipeline":
      return [...c.pipelines].map(([id, name]) => ({ value: id, label: name }));
    case "enum":
      return (field.options ?? []).map((o) => ({ value: o, label: optionLabel(o) }));
    case "boolean":
      return [
        { value: "true", label: t("common.yes") },
        { value: "false", label: t("common.no") },
      ];
    default:
      return null;
  }
}

/** The <option>s of the choices, in an <optgroup> per group when there are several groups. */
export function ChoiceOptions({ options }: { options: Choice[] }) {
  const groups = [...new Set(options.map((o) => o.group ?? ""))];
  const render = (os: Choice[]) =>
    os.map((o) => (
      <option key={o.value} value={o.value}>
        {o.label}
      </option>
    ));
  if (groups.length <= 1) return <>{render(options)}</>;
  return (
    <>
      {groups.map((g) => (
        <optgroup key={g} label={g}>
          {render(options.filter((o) => (o.group ?? "") === g))}
        </optgroup>
      ))}
    </>
  );
}
