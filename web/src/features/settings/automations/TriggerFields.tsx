// The trigger part of the rule editor: the kind, then its own inputs — a field and optional
// from/to values; a pipeline and from/to stages; a date field (custom ones too), days before or
// after and a time of day on the workspace's clock; a cron schedule with its words beside it.
// Each input shows the server's error for its path (trigger.field, trigger.cron…).
import { useId } from "react";
import { TextField, fieldStyles } from "../../../components/Field";
import { formatTimeIn, t, type MessageKey } from "../../../i18n";
import type { StageInfo } from "../../records/list/data";
import type { ListField } from "../../records/list/fields";
import { fieldLabel } from "../../records/list/labels";
import { useWorkspace } from "../shared/queries";
import { SelectField } from "../shared/SelectField";
import { cronWords } from "./cron";
import { blankTrigger, triggersFor, type RuleObject, type Trigger, type TriggerType } from "./rule";
import { ValueInput } from "./ValueInput";
import styles from "../shared/settings.module.css";
import own from "./automations.module.css";

export interface TriggerFieldsProps {
  object: RuleObject;
  trigger: Trigger;
  onChange: (t: Trigger) => void;
  errors: Record<string, string>;
  fields: ListField[];
  stages: Map<string, StageInfo>;
  pipelines: Map<string, string>;
}

export function TriggerFields({ object, trigger, onChange, errors, fields, stages, pipelines }: TriggerFieldsProps) {
  const set = (patch: Partial<Trigger>) => onChange({ ...trigger, ...patch });
  const err = (k: string) => errors[`trigger.${k}`];
  return (
    <div className={own.stack}>
      <SelectField label={t("automations.trigger.type")} value={trigger.type} onChange={(v) => onChange(blankTrigger(v as TriggerType))} error={err("type")}>
        {triggersFor(object).map((type) => (
          <option key={type} value={type}>
            {t(`automations.triggerType.${type}` as MessageKey)}
          </option>
        ))}
      </SelectField>
      {trigger.type === "field_changed" && <FieldChanged trigger={trigger} set={set} err={err} fields={fields} stages={stages} pipelines={pipelines} />}
      {trigger.type === "stage_changed" && <StageChanged trigger={trigger} set={set} err={err} stages={stages} pipelines={pipelines} />}
      {trigger.type === "date_relative" && <DateRelative trigger={trigger} set={set} err={err} fields={fields} />}
      {trigger.type === "schedule" && <Schedule trigger={trigger} set={set} err={err} />}
    </div>
  );
}

interface PartProps {
  trigger: Trigger;
  set: (patch: Partial<Trigger>) => void;
  err: (k: string) => string | undefined;
}

/** Fields a trigger can watch: what the object's list shows, except ids and bookkeeping. */
const watchable = (fields: ListField[]) => fields.filter((f) => f.kind !== "id" && !["created_at", "updated_at", "created_by", "name"].includes(f.name));

function FieldChanged({ trigger, set, err, fields, stages, pipelines }: PartProps & { fields: ListField[]; stages: Map<string, StageInfo>; pipelines: Map<string, string> }) {
  const field = fields.find((f) => f.name === trigger.field);
  const asValue = (v: unknown) => (v === null || v === undefined ? "" : (v as string | number | boolean));
  return (
    <>
      <SelectField label={t("automations.trigger.field")} value={trigger.field ?? ""} onChange={(v) => set({ field: v, from: "", to: "" })} error={err("field")}>
        <option value="">{t("automations.trigger.pickField")}</option>
        {watchable(fields).map((f) => (
          <option key={f.name} value={f.name}>
            {fieldLabel(f)}
          </option>
        ))}
      </SelectField>
      <div className={own.pair}>
        {(["from", "to"] as const).map((k) => (
          <ValueInput
            key={k}
            label={t(`automations.trigger.${k}`)}
            field={field}
            value={trigger[k]}
            onChange={(v) => set({ [k]: asValue(v) })}
            error={err(k)}
            stages={stages}
            pipelines={pipelines}
            emptyLabel={t("automations.when.anyValue")}
          />
        ))}
      </div>
    </>
  );
}

function StageChanged({ trigger, set, err, stages, pipelines }: PartProps & { stages: Map<string, StageInfo>; pipelines: Map<string, string> }) {
  const pipelineName = trigger.pipeline_id ? pipelines.get(trigger.pipeline_id) : undefined;
  const stageOptions = [...stages].filter(([, s]) => !pipelineName || s.pipeline === pipelineName);
  const groups = [...new Set(stageOptions.map(([, s]) => s.pipeline))];
  const options = (
    <>
      <option value="">{t("automations.trigger.anyStage")}</option>
      {groups.map((g) => (
        <optgroup key={g} label={g}>
          {stageOptions
            .filter(([, s]) => s.pipeline === g)
            .map(([id, s]) => (
              <option key={id} value={id}>
                {s.name}
              </option>
            ))}
        </optgroup>
      ))}
    </>
  );
  return (
    <>
      <SelectField label={t("automations.trigger.pipeline")} value={trigger.pipeline_id ?? ""} onChange={(v) => set({ pipeline_id: v, from_stage_id: "", to_stage_id: "" })} error={err("pipeline_id")}>
        <option value="">{t("automations.trigger.anyPipeline")}</option>
        {[...pipelines].map(([id, name]) => (
          <option key={id} value={id}>
            {name}
          </option>
        ))}
      </SelectField>
      <div className={own.pair}>
        <SelectField label={t("automations.trigger.fromStage")} value={trigger.from_stage_id ?? ""} onChange={(v) => set({ from_stage_id: v })} error={err("from_stage_id")}>
          {options}
        </SelectField>
        <SelectField label={t("automations.trigger.toStage")} value={trigger.to_stage_id ?? ""} onChange={(v) => set({ to_stage_id: v })} error={err("to_stage_id")}>
          {options}
        </SelectField>
      </div>
    </>
  );
}

/** The workspace's zone and its time now: date and schedule triggers run on that clock. */
function ZoneNote() {
  const ws = useWorkspace();
  const zone = ws.data?.time_zone;
  return <p className={`${styles.muted} ${styles.small}`}>{zone ? t("automations.trigger.zone", { zone, time: formatTimeIn(zone) }) : t("automations.trigger.zoneUnknown")}</p>;
}

function DateRelative({ trigger, set, err, fields }: PartProps & { fields: ListField[] }) {
  const dates = fields.filter((f) => f.kind === "date" || f.kind === "datetime");
  const days = trigger.offset_days ?? 0;
  const direction = days < 0 ? "before" : days > 0 ? "after" : "on";
  const daysId = useId();
  const setDays = (n: number, dir: string) => set({ offset_days: dir === "on" ? 0 : dir === "before" ? -Math.abs(n) : Math.abs(n) });
  return (
    <>
      <SelectField label={t("automations.trigger.dateField")} value={trigger.field ?? ""} onChange={(v) => set({ field: v })} error={err("field")}>
        <option value="">{dates.length ? t("automations.trigger.pickField") : t("automations.trigger.noDateFields")}</option>
        {dates.map((f) => (
          <option key={f.name} value={f.name}>
            {fieldLabel(f)}
          </option>
        ))}
      </SelectField>
      <div className={own.triple}>
        <div className={fieldStyles.field}>
          <label className={fieldStyles.label} htmlFor={daysId}>
            {t("automations.trigger.days")}
          </label>
          <input
            id={daysId}
            className={fieldStyles.input}
            type="number"
            min={0}
            max={365}
            step={1}
            disabled={direction === "on"}
            value={Math.abs(days)}
            onChange={(e) => setDays(Number(e.target.value) || 0, direction === "on" ? "after" : direction)}
            aria-invalid={err("offset_days") ? true : undefined}
            aria-describedby={err("offset_days") ? `${daysId}-e` : undefined}
          />
          {err("offset_days") && (
            <span id={`${daysId}-e`} className={fieldStyles.error} role="alert">
              {err("offset_days")}
            </span>
          )}
        </div>
        <SelectField label={t("automations.trigger.direction")} value={direction} onChange={(v) => setDays(Math.abs(days) || 1, v)}>
          <option value="before">{t("automations.trigger.before")}</option>
          <option value="on">{t("automations.trigger.on")}</option>
          <option value="after">{t("automations.trigger.after")}</option>
        </SelectField>
        <TextField label={t("automations.trigger.at")} type="time" value={trigger.at ?? ""} onChange={(e) => set({ at: e.target.value })} error={err("at")} />
      </div>
      <ZoneNote />
      <p className={`${styles.muted} ${styles.small}`}>{t("automations.trigger.dateHelp")}</p>
    </>
  );
}

function Schedule({ trigger, set, err }: PartProps) {
  const words = cronWords(trigger.cron ?? "");
  return (
    <>
      <TextField
        label={t("automations.trigger.cron")}
        className={own.cron}
        value={trigger.cron ?? ""}
        onChange={(e) => set({ cron: e.target.value })}
        error={err("cron")}
        help={t("automations.trigger.cronHelp")}
        spellCheck={false}
        autoComplete="off"
      />
      {/* The schedule in words is the trigger's sentence under the inputs; here only what is missing. */}
      {!words && <p className={own.preview}>{t("automations.trigger.cronBad")}</p>}
      <ZoneNote />
    </>
  );
}
