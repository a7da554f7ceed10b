// The stages of a pipeline in board order, reordered by drag with dnd-kit's sortable list: with a
// mouse or finger on the handle, or by keyboard (focus the handle, Space to lift, arrows to move,
// Space to drop, Esc to cancel), each move announced. Up/down buttons do the same in one press.
import {
  DndContext,
  KeyboardSensor,
  PointerSensor,
  closestCenter,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
} from "@dnd-kit/core";
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { Button } from "../../../components/Button";
import { Icon } from "../../../components/Icon";
import { t } from "../../../i18n";
import { Grip } from "../shared/Grip";
import { moveStage, nudgeStage, probabilityFor, type DraftStage, type StageType } from "./stages";
import styles from "./pipelines.module.css";
import shared from "../shared/settings.module.css";

export interface StageListProps {
  stages: DraftStage[];
  errors: Record<string, string>;
  onChange: (stages: DraftStage[]) => void;
  onRemove: (stage: DraftStage) => void;
}

export function StageList({ stages, errors, onChange, onRemove }: StageListProps) {
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const nameOf = (key: string | number | undefined) => stages.find((s) => s.key === key)?.name || t("pipelines.stage.unnamed");
  const position = (key: string | number | undefined) => stages.findIndex((s) => s.key === key) + 1;
  const announcements: Announcements = {
    onDragStart: ({ active }) => t("pipelines.dnd.lifted", { name: nameOf(active.id), n: position(active.id), total: stages.length }),
    onDragOver: ({ active, over }) =>
      over ? t("pipelines.dnd.over", { name: nameOf(active.id), n: position(over.id), total: stages.length }) : undefined,
    onDragEnd: ({ active, over }) =>
      over ? t("pipelines.dnd.dropped", { name: nameOf(active.id), n: position(over.id), total: stages.length }) : undefined,
    onDragCancel: ({ active }) => t("pipelines.dnd.cancelled", { name: nameOf(active.id) }),
  };

  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (over && active.id !== over.id) onChange(moveStage(stages, String(active.id), String(over.id)));
  };
  const update = (key: string, patch: Partial<DraftStage>) => onChange(stages.map((s) => (s.key === key ? { ...s, ...patch } : s)));

  return (
    <DndContext
      sensors={sensors}
      collisionDetection={closestCenter}
      onDragEnd={onDragEnd}
      accessibility={{ announcements, screenReaderInstructions: { draggable: t("pipelines.dnd.instructions") } }}
    >
      <SortableContext items={stages.map((s) => s.key)} strategy={verticalListSortingStrategy}>
        <div className={styles.columns} aria-hidden="true">
          <span />
          <span>{t("pipelines.stage.column")}</span>
          <span>{t("pipelines.stage.type")}</span>
          <span>{t("pipelines.stage.probability")}</span>
          <span />
        </div>
        <ol className={styles.stages} aria-label={t("pipelines.stages")}>
          {stages.map((s, i) => (
            <StageRow
              key={s.key}
              stage={s}
              index={i}
              count={stages.length}
              errors={errors}
              onUpdate={(patch) => update(s.key, patch)}
              onNudge={(delta) => onChange(nudgeStage(stages, s.key, delta))}
              onRemove={() => onRemove(s)}
            />
          ))}
        </ol>
      </SortableContext>
    </DndContext>
  );
}

function StageRow({
  stage,
  index,
  count,
  errors,
  onUpdate,
  onNudge,
  onRemove,
}: {
  stage: DraftStage;
  index: number;
  count: number;
  errors: Record<string, string>;
  onUpdate: (patch: Partial<DraftStage>) => void;
  onNudge: (delta: -1 | 1) => void;
  onRemove: () => void;
}) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: stage.key });
  // dnd-kit positions the dragged row through the CSSOM (computed geometry, allowed by the CSP).
  const geometry = { transform: CSS.Transform.toString(transform), transition };
  const err = (k: string) => errors[`stages.${index}.${k}`];
  const name = stage.name || t("pipelines.stage.unnamed");
  const nameId = `stage-${stage.key}-name`;
  const probId = `stage-${stage.key}-prob`;
  const typeId = `stage-${stage.key}-type`;
  return (
    <li ref={setNodeRef} style={geometry} className={`${styles.stage} ${isDragging ? styles.dragging : ""}`} data-stage={stage.name}>
      <button
        type="button"
        ref={setActivatorNodeRef}
        className={styles.handle}
        {...attributes}
        {...listeners}
        aria-label={t("pipelines.dnd.handle", { name })}
      >
        <Grip />
      </button>
      <div className={styles.stageField}>
        <label htmlFor={nameId} className="visually-hidden">
          {t("pipelines.stage.name", { n: index + 1 })}
        </label>
        <input
          id={nameId}
          className={styles.input}
          value={stage.name}
          placeholder={t("pipelines.stage.namePlaceholder")}
          onChange={(e) => onUpdate({ name: e.target.value })}
          aria-invalid={err("name") ? true : undefined}
          aria-describedby={err("name") ? `${nameId}-e` : undefined}
        />
        {err("name") && (
          <span id={`${nameId}-e`} className={shared.inlineError} role="alert">
            {err("name")}
          </span>
        )}
      </div>
      <div className={styles.stageSmall}>
        <label htmlFor={typeId} className="visually-hidden">
          {t("pipelines.stage.typeOf", { name })}
        </label>
        <select
          id={typeId}
          className={shared.select}
          value={stage.type}
          onChange={(e) => {
            const type = e.target.value as StageType;
            onUpdate({ type, probability: probabilityFor(type, stage.probability) });
          }}
          aria-invalid={err("type") ? true : undefined}
        >
          <option value="open">{t("pipelines.type.open")}</option>
          <option value="won">{t("pipelines.type.won")}</option>
          <option value="lost">{t("pipelines.type.lost")}</option>
        </select>
        {err("type") && (
          <span className={shared.inlineError} role="alert">
            {err("type")}
          </span>
        )}
      </div>
      <div className={styles.stageSmall}>
        <label htmlFor={probId} className="visually-hidden">
          {t("pipelines.stage.probabilityOf", { name })}
        </label>
        <input
          id={probId}
          className={`${styles.input} num`}
          type="number"
          min={0}
          max={100}
          step={1}
          value={Number.isFinite(stage.probability) ? stage.probability : ""}
          onChange={(e) => onUpdate({ probability: e.target.value === "" ? 0 : Number(e.target.value) })}
          aria-invalid={err("probability") ? true : undefined}
        />
        {err("probability") && (
          <span className={shared.inlineError} role="alert">
            {err("probability")}
          </span>
        )}
      </div>
      <div className={styles.stageActions}>
        <Button size="small" variant="ghost" disabled={index === 0} onClick={() => onNudge(-1)} aria-label={t("pipelines.stage.up", { name })}>
          ↑
        </Button>
        <Button size="small" variant="ghost" disabled={index === count - 1} onClick={() => onNudge(1)} aria-label={t("pipelines.stage.down", { name })}>
          ↓
        </Button>
        <Button size="small" variant="ghost" onClick={onRemove} aria-label={t("pipelines.stage.remove", { name })}>
          <Icon name="trash" />
        </Button>
      </div>
    </li>
  );
}
