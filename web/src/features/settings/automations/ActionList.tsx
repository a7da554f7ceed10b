// The rule's actions in the order they run, reordered with dnd-kit's sortable list as the pipeline
// stages are: drag by the handle, or focus it and use Space, the arrows and Space again (each move
// announced); the ↑ ↓ buttons do the same in one press. "Add an action" offers the kinds that fit
// the object; sending email is listed, disabled, until email settings exist.
import { useId, useState } from "react";
import { DndContext, KeyboardSensor, PointerSensor, closestCenter, useSensor, useSensors, type Announcements, type DragEndEvent } from "@dnd-kit/core";
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { Button } from "../../../components/Button";
import { fieldStyles } from "../../../components/Field";
import { Icon } from "../../../components/Icon";
import { t } from "../../../i18n";
import { Grip } from "../shared/Grip";
import { moveKeyed, nudgeKeyed } from "../shared/reorder";
import { ActionForm, actionName, type ActionFormProps } from "./ActionForm";
import { actionsFor, blankAction, draftAction, type ActionType, type DraftAction } from "./rule";
import styles from "../shared/settings.module.css";
import own from "./automations.module.css";

export interface ActionListProps extends Omit<ActionFormProps, "draft" | "index" | "onChange"> {
  actions: DraftAction[];
  onChange: (actions: DraftAction[]) => void;
}

export function ActionList({ actions, onChange, ...rest }: ActionListProps) {
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const position = (key: string | number | undefined) => actions.findIndex((a) => a.key === key) + 1;
  const nameOf = (key: string | number | undefined) => {
    const a = actions.find((x) => x.key === key);
    return a ? actionName(a.action.type) : "";
  };
  const announcements: Announcements = {
    onDragStart: ({ active }) => t("pipelines.dnd.lifted", { name: nameOf(active.id), n: position(active.id), total: actions.length }),
    onDragOver: ({ active, over }) => (over ? t("pipelines.dnd.over", { name: nameOf(active.id), n: position(over.id), total: actions.length }) : undefined),
    onDragEnd: ({ active, over }) => (over ? t("pipelines.dnd.dropped", { name: nameOf(active.id), n: position(over.id), total: actions.length }) : undefined),
    onDragCancel: ({ active }) => t("pipelines.dnd.cancelled", { name: nameOf(active.id) }),
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (over && active.id !== over.id) onChange(moveKeyed(actions, String(active.id), String(over.id)));
  };
  return (
    <div className={own.stack}>
      {rest.errors.actions && (
        <p className={fieldStyles.error} role="alert">
          {rest.errors.actions}
        </p>
      )}
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd} accessibility={{ announcements, screenReaderInstructions: { draggable: t("pipelines.dnd.instructions") } }}>
        <SortableContext items={actions.map((a) => a.key)} strategy={verticalListSortingStrategy}>
          <ol className={own.actions} aria-label={t("automations.editor.actionsTitle")}>
            {actions.map((d, i) => (
              <ActionCard
                key={d.key}
                draft={d}
                index={i}
                count={actions.length}
                onChange={(next) => onChange(actions.map((x) => (x.key === d.key ? next : x)))}
                onNudge={(delta) => onChange(nudgeKeyed(actions, d.key, delta))}
                onRemove={() => onChange(actions.filter((x) => x.key !== d.key))}
                {...rest}
              />
            ))}
          </ol>
        </SortableContext>
      </DndContext>
      <AddAction object={rest.object} onAdd={(type) => onChange([...actions, draftAction(blankAction(type))])} />
    </div>
  );
}

function ActionCard({
  draft,
  index,
  count,
  onNudge,
  onRemove,
  ...rest
}: ActionFormProps & { count: number; onNudge: (delta: -1 | 1) => void; onRemove: () => void }) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: draft.key });
  // dnd-kit positions the dragged card through the CSSOM (computed geometry, allowed by the CSP).
  const geometry = { transform: CSS.Transform.toString(transform), transition };
  const n = index + 1;
  const kind = actionName(draft.action.type);
  const headId = `action-${draft.key}`;
  const cardError = rest.errors[`actions.${index}`] ?? rest.errors[`actions.${index}.type`];
  return (
    <li ref={setNodeRef} style={geometry} className={`${own.action} ${isDragging ? own.dragging : ""}`} aria-labelledby={headId} data-action={draft.action.type}>
      <div className={own.actionHead}>
        <button type="button" ref={setActivatorNodeRef} className={styles.dragHandle} {...attributes} {...listeners} aria-label={t("automations.action.handle", { n, kind })}>
          <Grip />
        </button>
        <h3 id={headId} className={own.actionTitle}>
          {t("automations.action.n", { n, kind })}
        </h3>
        <div className={own.actionButtons}>
          <Button size="small" variant="ghost" disabled={index === 0} onClick={() => onNudge(-1)} aria-label={t("automations.action.up", { n })}>
            ↑
          </Button>
          <Button size="small" variant="ghost" disabled={index === count - 1} onClick={() => onNudge(1)} aria-label={t("automations.action.down", { n })}>
            ↓
          </Button>
          <Button size="small" variant="ghost" onClick={onRemove} aria-label={t("automations.action.remove", { n })}>
            <Icon name="trash" />
          </Button>
        </div>
      </div>
      {cardError && (
        <p className={fieldStyles.error} role="alert">
          {cardError}
        </p>
      )}
      <ActionForm draft={draft} index={index} {...rest} />
    </li>
  );
}

function AddAction({ object, onAdd }: { object: ActionFormProps["object"]; onAdd: (type: ActionType) => void }) {
  const kinds = actionsFor(object);
  const [type, setType] = useState<ActionType>(kinds[0]!);
  const id = useId();
  return (
    <div className={own.addAction}>
      <label htmlFor={id} className="visually-hidden">
        {t("automations.editor.addActionOf")}
      </label>
      <select id={id} className={styles.select} value={type} onChange={(e) => setType(e.target.value as ActionType)}>
        {kinds.map((k) => (
          <option key={k} value={k}>
            {actionName(k)}
          </option>
        ))}
      </select>
      <Button onClick={() => onAdd(type)}>
        <Icon name="plus" size={16} />
        {t("automations.editor.addAction")}
      </Button>
    </div>
  );
}
