// Pipelines and their stages: pick a pipeline, rename it, edit, add and reorder stages (saved
// together), remove a stage (its deals move to another stage you choose), create a pipeline, and
// archive an empty one.
import { useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { keys } from "../../../api/keys";
import type { Pipeline } from "../../../api/types";
import { Button } from "../../../components/Button";
import { TextField } from "../../../components/Field";
import { Icon } from "../../../components/Icon";
import { useToast } from "../../../components/Toast";
import { formatNumber, t } from "../../../i18n";
import { ConfirmDialog } from "../shared/ConfirmDialog";
import { noErrors } from "../shared/errors";
import { FormAlert } from "../shared/FormAlert";
import { FormDialog } from "../shared/FormDialog";
import { Loaded } from "../shared/Loaded";
import { useRefresh } from "../shared/queries";
import { SelectField } from "../shared/SelectField";
import { SettingsPage } from "../shared/SettingsPage";
import { Empty } from "../shared/SettingsTable";
import { useFormAction } from "../shared/useFormAction";
import { StageList } from "./StageList";
import { blankStage, defaultMoveTarget, draftFromStages, stagesChanged, stagesPayload, starterStages, type DraftStage } from "./stages";
import styles from "../shared/settings.module.css";
import own from "./pipelines.module.css";

const pipelinesKey = keys.settings("pipelines");

export default function PipelinesPage() {
  const pipelines = useQuery({ queryKey: pipelinesKey, queryFn: async () => must(await api.GET("/api/v1/pipelines")).data });
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const add = { label: t("pipelines.add"), run: () => setCreating(true) };

  return (
    <SettingsPage title={t("pipelines.title")} intro={t("pipelines.intro")} action={add}>
      <Loaded query={pipelines} lines={8}>
        {(list) => {
          const current = list.find((p) => p.id === selected) ?? list[0];
          if (!current) return <Empty title={t("pipelines.empty.title")} body={t("pipelines.empty.body")} action={add} />;
          return (
            <div className={own.layout}>
              <nav aria-label={t("pipelines.listLabel")}>
                <ul className={own.list}>
                  {list.map((p) => (
                    <li key={p.id}>
                      <button
                        type="button"
                        className={`${own.pick} ${p.id === current.id ? styles.navCurrent : ""}`}
                        aria-current={p.id === current.id ? "true" : undefined}
                        onClick={() => setSelected(p.id)}
                      >
                        <span>{p.name}</span>
                        <span className={styles.muted}>{formatNumber(p.stages.filter((s) => !s.archived).length)}</span>
                      </button>
                    </li>
                  ))}
                </ul>
              </nav>
              <PipelineEditor key={`${current.id}:${current.version ?? ""}:${current.updated_at ?? ""}`} pipeline={current} onArchived={() => setSelected(null)} />
            </div>
          );
        }}
      </Loaded>
      {creating && (
        <NewPipelineDialog
          onClose={() => setCreating(false)}
          onCreated={(id) => {
            setSelected(id);
            setCreating(false);
          }}
        />
      )}
    </SettingsPage>
  );
}

function PipelineEditor({ pipeline, onArchived }: { pipeline: Pipeline; onArchived: () => void }) {
  const toast = useToast();
  const [name, setName] = useState(pipeline.name);
  const [stages, setStages] = useState<DraftStage[]>(() => draftFromStages(pipeline.stages));
  const [removing, setRemoving] = useState<DraftStage | null>(null);
  const [archiving, setArchiving] = useState(false);
  const dirty = name.trim() !== pipeline.name || stagesChanged(pipeline.stages, stages);

  // Leaving with unsaved stage changes asks first (a reload or closing the tab).
  useEffect(() => {
    if (!dirty) return undefined;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  const refreshAll = useRefresh();
  // The board and deal pages show stage names and order.
  const refresh = () => refreshAll(pipelinesKey, keys.records("deals"));

  const save = useFormAction(async () => {
    await api.PATCH("/api/v1/pipelines/{id}", { params: { path: { id: pipeline.id } }, body: { name: name.trim(), stages: stagesPayload(stages) } });
    toast({ text: t("pipelines.saved", { name: name.trim() }) });
    await refresh();
  });
  const errors = save.errors;

  const addStage = () => {
    setStages((s) => {
      // A new stage goes before the first closed (won/lost) stage, where open stages belong.
      const at = s.findIndex((x) => x.type !== "open");
      const stage = blankStage();
      return at < 0 ? [...s, stage] : [...s.slice(0, at), stage, ...s.slice(at)];
    });
  };

  return (
    <form className={styles.card} onSubmit={(e) => void save.run(e)} noValidate aria-labelledby="pipeline-title">
      <h2 id="pipeline-title" className="visually-hidden">
        {pipeline.name}
      </h2>
      <FormAlert message={errors.message} />
      <TextField label={t("pipelines.name")} value={name} onChange={(e) => setName(e.target.value)} error={errors.fields.name} />
      <div>
        <h3>{t("pipelines.stages")}</h3>
        <p className={`${styles.muted} ${styles.small}`}>{t("pipelines.stagesHelp")}</p>
      </div>
      <FormAlert message={errors.fields.stages} />
      <StageList
        stages={stages}
        errors={errors.fields}
        onChange={setStages}
        onRemove={(s) => (s.id ? setRemoving(s) : setStages((all) => all.filter((x) => x.key !== s.key)))}
      />
      <div className={own.footer}>
        <Button onClick={addStage}>
          <Icon name="plus" />
          {t("pipelines.stage.add")}
        </Button>
      </div>
      <div className={own.footer}>
        <Button type="submit" variant="primary" disabled={save.busy || !dirty}>
          {save.busy ? t("common.saving") : t("pipelines.save")}
        </Button>
        {dirty && (
          <>
            <Button
              onClick={() => {
                setName(pipeline.name);
                setStages(draftFromStages(pipeline.stages));
                save.setErrors(noErrors);
              }}
            >
              {t("pipelines.discard")}
            </Button>
            <span className={own.unsaved} role="status">
              {t("pipelines.unsaved")}
            </span>
          </>
        )}
        <span className={own.spacer} />
        <Button variant="danger" onClick={() => setArchiving(true)}>
          {t("pipelines.deleteNamed", { name: pipeline.name })}
        </Button>
      </div>
      {removing && (
        <RemoveStageDialog
          pipeline={pipeline}
          stage={removing}
          stages={stages}
          onClose={() => setRemoving(null)}
          onRemoved={async () => {
            setStages((all) => all.filter((x) => x.key !== removing.key));
            await refresh();
          }}
        />
      )}
      {archiving && (
        <ConfirmDialog
          title={t("pipelines.deleteTitle", { name: pipeline.name })}
          confirm={t("pipelines.deleteNamed", { name: pipeline.name })}
          onClose={() => setArchiving(false)}
          onConfirm={async () => {
            await api.DELETE("/api/v1/pipelines/{id}", { params: { path: { id: pipeline.id } } });
            toast({ text: t("pipelines.deleted", { name: pipeline.name }) });
            onArchived();
            await refresh();
          }}
        >
          <p>{t("pipelines.deleteText", { name: pipeline.name })}</p>
        </ConfirmDialog>
      )}
    </form>
  );
}

/** Removing a stage: its deals (live and in the recycle bin) move to the stage chosen here; into a
 * lost stage, deals without a lost reason get the one given here. */
function RemoveStageDialog({
  pipeline,
  stage,
  stages,
  onClose,
  onRemoved,
}: {
  pipeline: Pipeline;
  stage: DraftStage;
  stages: DraftStage[];
  onClose: () => void;
  onRemoved: () => Promise<void>;
}) {
  const toast = useToast();
  const targets = stages.filter((s) => s.id && s.key !== stage.key);
  const [moveTo, setMoveTo] = useState(defaultMoveTarget(stages, stage.key) ?? targets[0]?.id ?? "");
  const [lostReason, setLostReason] = useState("");
  const board = useQuery({
    queryKey: keys.board(pipeline.id).concat(["totals"]),
    queryFn: async () => must(await api.GET("/api/v1/pipelines/{id}/board", { params: { path: { id: pipeline.id }, query: { totals: true, limit: 1 } } })),
  });
  const count = board.data?.stages.find((s) => s.id === stage.id)?.count;
  const target = targets.find((s) => s.id === moveTo);
  const action = useFormAction(async () => {
    await api.DELETE("/api/v1/pipelines/{id}/stages/{stage_id}", {
      params: {
        path: { id: pipeline.id, stage_id: stage.id ?? "" },
        query: { ...(moveTo ? { move_to: moveTo } : {}), ...(target?.type === "lost" && lostReason.trim() ? { lost_reason: lostReason.trim() } : {}) },
      },
    });
    toast({ text: t("pipelines.stage.removed", { name: stage.name }) });
    await onRemoved();
    onClose();
  });
  const errors = action.errors.fields;

  return (
    <FormDialog
      title={t("pipelines.stage.removeTitle", { name: stage.name })}
      submit={t("pipelines.stage.remove", { name: stage.name })}
      action={action}
      ready={count === 0 || !!moveTo}
      danger
      onClose={onClose}
      intro={
        <p>
          {count === undefined
            ? t("pipelines.stage.removeText", { name: stage.name })
            : t("pipelines.stage.removeCount", { name: stage.name, n: formatNumber(count) })}
        </p>
      }
    >
      {targets.length > 0 && (
        <SelectField label={t("pipelines.stage.moveTo")} value={moveTo} onChange={setMoveTo} error={errors.move_to}>
          {targets.map((s) => (
            <option key={s.key} value={s.id}>
              {s.name} ({t(`pipelines.type.${s.type}`)})
            </option>
          ))}
        </SelectField>
      )}
      {target?.type === "lost" && (
        <TextField
          label={t("pipelines.stage.lostReason")}
          value={lostReason}
          onChange={(e) => setLostReason(e.target.value)}
          error={errors.lost_reason}
          help={t("pipelines.stage.lostReasonHelp")}
        />
      )}
    </FormDialog>
  );
}

function NewPipelineDialog({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const refresh = useRefresh();
  const toast = useToast();
  const [name, setName] = useState("");
  const [stages, setStages] = useState<DraftStage[]>(() =>
    starterStages({
      lead: t("pipelines.starter.qualified"),
      proposal: t("pipelines.starter.proposal"),
      won: t("pipelines.starter.won"),
      lost: t("pipelines.starter.lost"),
    }),
  );
  const action = useFormAction(async () => {
    const created = must(await api.POST("/api/v1/pipelines", { body: { name: name.trim(), stages: stagesPayload(stages) } }));
    await refresh(pipelinesKey);
    toast({ text: t("pipelines.created", { name: name.trim() }) });
    onCreated(created.id);
  });
  const errors = action.errors;
  return (
    <FormDialog title={t("pipelines.add")} submit={t("pipelines.create")} action={action} ready={!!name.trim()} wide onClose={onClose}>
      <TextField label={t("pipelines.name")} value={name} onChange={(e) => setName(e.target.value)} error={errors.fields.name} autoFocus />
      <FormAlert message={errors.fields.stages} />
      <StageList stages={stages} errors={errors.fields} onChange={setStages} onRemove={(s) => setStages((all) => all.filter((x) => x.key !== s.key))} />
      <div>
        <Button onClick={() => setStages((s) => [...s, blankStage()])}>
          <Icon name="plus" />
          {t("pipelines.stage.add")}
        </Button>
      </div>
    </FormDialog>
  );
}
