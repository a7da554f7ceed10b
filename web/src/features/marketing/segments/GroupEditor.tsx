// A group of the builder: "Contacts match all / any / none of these", its conditions and nested
// groups (numbered "1", "2.1"… so a screen reader and an error can name each), and its buttons to
// add a condition or a group (groups nest at most 4 deep, the server's bound).
import { useId } from "react";
import { Button } from "../../../components/Button";
import { Icon } from "../../../components/Icon";
import { fieldStyles } from "../../../components/Field";
import { t } from "../../../i18n";
import { blankGroup, isComplete, newKey, type Group, type GroupMode, type Node } from "./filterModel";
import { useBuilder } from "./builderContext";
import { ConditionRow } from "./ConditionRow";
import styles from "./builder.module.css";

export const MAX_DEPTH = 4;

export interface GroupEditorProps {
  group: Group;
  /** "" for the root, else the group's number ("2", "2.1"). */
  number: string;
  depth: number;
  onChange: (g: Group) => void;
  onRemove?: () => void;
  /** Adds a blank condition (or group) to `into`, and names the node to focus. */
  onAdd: (into: Group, what: "condition" | "group") => void;
}

const MODES: GroupMode[] = ["all", "any", "none"];

export function GroupEditor({ group, number, depth, onChange, onRemove, onAdd }: GroupEditorProps) {
  const b = useBuilder();
  const id = useId();
  const errors = b.errors.get(group.key) ?? [];
  const root = number === "";
  const empty = group.children.length > 0 && !isComplete(group);
  const replace = (i: number, n: Node | null) => {
    const children = [...group.children];
    if (n) children[i] = n;
    else children.splice(i, 1);
    onChange({ ...group, children });
  };
  const childNumber = (i: number) => (root ? String(i + 1) : `${number}.${i + 1}`);
  return (
    <section className={root ? styles.rootGroup : styles.group} aria-labelledby={`${id}-mode`}>
      <div className={styles.groupHead}>
        <span id={`${id}-mode`} className={styles.groupSentence}>
          <span>{root ? t("marketingSegments.group.rootBefore") : t("marketingSegments.group.before", { n: number })}</span>
          <select
            className={`${fieldStyles.input} ${styles.mode}`}
            aria-label={root ? t("marketingSegments.group.rootModeLabel") : t("marketingSegments.group.modeLabel", { n: number })}
            value={group.mode}
            disabled={b.readOnly}
            autoFocus={b.focusKey === group.key}
            onChange={(e) => onChange({ ...group, mode: e.target.value as GroupMode })}
          >
            {MODES.map((m) => (
              <option key={m} value={m}>
                {t(`marketingSegments.mode.${m}`)}
              </option>
            ))}
          </select>
          <span>{t("marketingSegments.group.after")}</span>
        </span>
        {onRemove && !b.readOnly && (
          <Button size="small" variant="ghost" onClick={onRemove} aria-label={t("marketingSegments.removeGroup", { n: number })}>
            <Icon name="trash" />
          </Button>
        )}
      </div>
      {errors.length > 0 && (
        <p className={styles.error} role="alert">
          {errors.join(" · ")}
        </p>
      )}
      {group.children.length === 0 ? (
        <p className={styles.note}>{root ? t("marketingSegments.emptyRoot") : t("marketingSegments.emptyGroup")}</p>
      ) : (
        <ol className={styles.children}>
          {group.children.map((c, i) =>
            c.kind === "group" ? (
              <li key={c.key} className={styles.nested}>
                <GroupEditor group={c} number={childNumber(i)} depth={depth + 1} onChange={(g) => replace(i, g)} onRemove={() => replace(i, null)} onAdd={onAdd} />
              </li>
            ) : (
              <ConditionRow key={c.key} node={c} number={childNumber(i)} onChange={(n) => replace(i, n)} onRemove={() => replace(i, null)} />
            ),
          )}
        </ol>
      )}
      {empty && !root && <p className={styles.note}>{t("marketingSegments.groupLeftOut")}</p>}
      {!b.readOnly && (
        <div className={styles.addRow}>
          <Button size="small" onClick={() => onAdd(group, "condition")}>
            <Icon name="plus" />
            {root ? t("marketingSegments.addCondition") : t("marketingSegments.addConditionTo", { n: number })}
          </Button>
          {depth < MAX_DEPTH && (
            <Button size="small" variant="ghost" onClick={() => onAdd(group, "group")}>
              <Icon name="plus" />
              {root ? t("marketingSegments.addGroup") : t("marketingSegments.addGroupTo", { n: number })}
            </Button>
          )}
        </div>
      )}
    </section>
  );
}

export function newChild(what: "condition" | "group", firstField: { name: string; ops: readonly string[] } | undefined): Node {
  if (what === "group") return blankGroup("any");
  const op = firstField?.ops[0] ?? "eq";
  return { kind: "field", key: newKey(), field: firstField?.name ?? "email", op, value: op === "is_null" ? true : "" };
}
