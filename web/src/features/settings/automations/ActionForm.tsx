// One action's own small form, by kind: the fields update_fields sets (a field picker and an input
// typed for it, each row showing the server's error for actions.<i>.fields.<name>), the owner (a
// person, or a team in turn), the task, the activity, the stage, the tag, the webhook URL, the email
// template to send (and optionally to whom), the team whose round robin takes a ticket.
import { useId } from "react";
import { useUsers } from "../../../app/users";
import { Button } from "../../../components/Button";
import { TextField, fieldStyles } from "../../../components/Field";
import { Icon } from "../../../components/Icon";
import { t, type MessageKey } from "../../../i18n";
import { useCustomFields, type StageInfo } from "../../records/list/data";
import type { ListField } from "../../records/list/fields";
import { fieldLabel } from "../../records/list/labels";
import { personName } from "../shared/actions";
import { useTeams } from "../shared/queries";
import { useEmailTemplates } from "./queries";
import { newKey } from "../shared/reorder";
import { SelectField } from "../shared/SelectField";
import type { Action, DraftAction, FieldRow, RuleObject } from "./rule";
import { ValueInput } from "./ValueInput";
import styles from "../shared/settings.module.css";
import own from "./automations.module.css";

export interface ActionFormProps {
  draft: DraftAction;
  index: number;
  object: RuleObject;
  onChange: (d: DraftAction) => void;
  errors: Record<string, string>;
  fields: ListField[];
  stages: Map<string, StageInfo>;
  pipelines: Map<string, string>;
}

/**
 * Fields update_fields may set: the object's own, not ids, lists or what the server keeps itself
 * (times of creation, closing, conversion); a deal's stage moves with move_deal.
 */
const settable = (fields: ListField[]) =>
  fields.filter(
    (f) => !["id", "company", "list"].includes(f.kind) && !["created_at", "updated_at", "created_by", "closed_at", "converted_at", "stage_id", "pipeline_id"].includes(f.name),
  );

export function ActionForm(props: ActionFormProps) {
  const { draft, index, onChange, errors } = props;
  const a = draft.action;
  const err = (k: string) => errors[`actions.${index}.${k}`];
  const set = (patch: Record<string, unknown>) => onChange({ ...draft, action: { ...a, ...patch } as Action });
  switch (a.type) {
    case "update_fields":
      return <UpdateFields {...props} />;
    case "assign_owner":
      return <AssignOwner action={a} set={set} err={err} onChange={(action) => onChange({ ...draft, action })} />;
    case "assign_round_robin":
      return <AssignRoundRobin action={a} set={set} err={err} />;
    case "create_task":
      return <CreateTask action={a} set={set} err={err} />;
    case "create_activity":
      return (
        <div className={own.stack}>
          <div className={own.pair}>
            <SelectField label={t("automations.action.kind")} value={a.kind} onChange={(v) => set({ kind: v })} error={err("kind")}>
              {(["note", "call", "meeting", "email"] as const).map((k) => (
                <option key={k} value={k}>
                  {t(`automations.kind.${k}`)}
                </option>
              ))}
            </SelectField>
            <TextField label={t("automations.action.subject")} value={a.subject} onChange={(e) => set({ subject: e.target.value })} error={err("subject")} maxLength={255} />
          </div>
          <TextArea label={t("automations.action.body")} value={a.body ?? ""} onChange={(v) => set({ body: v })} error={err("body")} />
        </div>
      );
    case "move_deal":
      return (
        <ValueInput
          label={t("automations.action.stage")}
          field={{ name: "stage_id", kind: "stage", ops: [], sortable: false }}
          value={a.stage_id}
          onChange={(v) => set({ stage_id: v ?? "" })}
          error={err("stage_id")}
          stages={props.stages}
          pipelines={props.pipelines}
        />
      );
    case "add_tag":
      return <AddTag object={props.object} action={a} set={set} err={err} />;
    case "call_webhook":
      return (
        <TextField
          label={t("automations.action.url")}
          type="url"
          inputMode="url"
          autoComplete="off"
          value={a.url}
          onChange={(e) => set({ url: e.target.value })}
          error={err("url")}
          help={t("automations.action.urlHelp")}
        />
      );
    case "send_email":
      return <SendEmail action={a} set={set} err={err} />;
  }
}

type Of<K extends Action["type"]> = Extract<Action, { type: K }>;
type Setter = (patch: Record<string, unknown>) => void;
type Err = (k: string) => string | undefined;

function UpdateFields({ draft, index, object, onChange, errors, fields, stages, pipelines }: ActionFormProps) {
  const options = settable(fields);
  const lists = new Set((useCustomFields(object).data ?? []).filter((d) => d.type === "multi_select").map((d) => `custom.${d.name}`));
  const setRows = (rows: FieldRow[]) => onChange({ ...draft, rows });
  const update = (key: string, patch: Partial<FieldRow>) => setRows(draft.rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const own_ = errors[`actions.${index}.fields`];
  // A built-in amount is typed in the record currency this action sets beside it (the server asks for both).
  const currencyRow = draft.rows.find((r) => r.field === "currency");
  return (
    <div className={own.stack}>
      {own_ && (
        <p className={fieldStyles.error} role="alert">
          {own_}
        </p>
      )}
      <ul className={own.rows}>
        {draft.rows.map((r) => {
          const field = fields.find((f) => f.name === r.field);
          const label = field ? fieldLabel(field) : t("automations.action.field");
          return (
            <li key={r.key} className={own.fieldRow}>
              <SelectField label={t("automations.action.field")} value={r.field} onChange={(v) => update(r.key, { field: v, value: null })}>
                <option value="">{t("automations.action.pick")}</option>
                {options.map((f) => (
                  <option key={f.name} value={f.name} disabled={f.name !== r.field && draft.rows.some((x) => x.field === f.name)}>
                    {fieldLabel(f)}
                  </option>
                ))}
              </SelectField>
              <ValueInput
                label={t("automations.action.value")}
                field={field}
                value={r.value}
                onChange={(v) => update(r.key, { value: v })}
                multiple={lists.has(r.field)}
                currency={typeof currencyRow?.value === "string" && currencyRow.value ? currencyRow.value : null}
                error={r.field ? errors[`actions.${index}.fields.${r.field}`] : undefined}
                stages={stages}
                pipelines={pipelines}
                emptyLabel={t("automations.action.clear")}
              />
              <Button size="small" variant="ghost" className={own.rowRemove} onClick={() => setRows(draft.rows.filter((x) => x.key !== r.key))} aria-label={t("automations.action.removeField", { field: label })}>
                <Icon name="trash" />
              </Button>
            </li>
          );
        })}
      </ul>
      <div>
        <Button size="small" onClick={() => setRows([...draft.rows, { key: newKey(), field: "", value: null }])}>
          <Icon name="plus" size={16} />
          {t("automations.action.addField")}
        </Button>
      </div>
    </div>
  );
}

function AssignOwner({ action, set, err, onChange }: { action: Of<"assign_owner">; set: Setter; err: Err; onChange: (a: Action) => void }) {
  const byTeam = action.team_id !== undefined;
  return (
    <div className={own.pair}>
      <SelectField
        label={t("automations.action.ownerMode")}
        value={byTeam ? "team" : "user"}
        onChange={(v) => onChange(v === "team" ? { type: "assign_owner", team_id: "", mode: "round_robin" } : { type: "assign_owner", user_id: "" })}
      >
        <option value="user">{t("automations.action.ownerUser")}</option>
        <option value="team">{t("automations.action.ownerTeam")}</option>
      </SelectField>
      {byTeam ? (
        <SelectField label={t("automations.action.team")} value={action.team_id ?? ""} onChange={(v) => set({ team_id: v })} error={err("team_id") ?? err("mode")}>
          <option value="">{t("automations.action.pick")}</option>
          <TeamOptions />
        </SelectField>
      ) : (
        <SelectField label={t("automations.action.user")} value={action.user_id ?? ""} onChange={(v) => set({ user_id: v })} error={err("user_id")}>
          <option value="">{t("automations.action.pick")}</option>
          <PeopleOptions />
        </SelectField>
      )}
    </div>
  );
}

/** A ticket to the team's next agent, by the turn its new tickets take (the team's assignment settings). */
function AssignRoundRobin({ action, set, err }: { action: Of<"assign_round_robin">; set: Setter; err: Err }) {
  const teams = useTeams().data ?? [];
  return (
    <SelectField label={t("automations.action.team")} value={action.team_id} onChange={(v) => set({ team_id: v })} error={err("team_id")} help={t("automations.action.roundRobinHelp")}>
      <option value="">{teams.length ? t("automations.action.pick") : t("automations.action.noTeams")}</option>
      <TeamOptions />
    </SelectField>
  );
}

function CreateTask({ action, set, err }: { action: Of<"create_task">; set: Setter; err: Err }) {
  return (
    <div className={own.stack}>
      <TextField label={t("automations.action.title")} value={action.title} onChange={(e) => set({ title: e.target.value })} error={err("title")} maxLength={255} />
      <div className={own.pair}>
        <TextField
          label={t("automations.action.dueInDays")}
          type="number"
          min={0}
          max={3650}
          step={1}
          value={action.due_in_days ?? ""}
          onChange={(e) => set({ due_in_days: e.target.value === "" ? undefined : Number(e.target.value) })}
          error={err("due_in_days")}
        />
        <SelectField label={t("automations.action.assignee")} value={action.assignee ?? "owner"} onChange={(v) => set({ assignee: v })} error={err("assignee")}>
          <option value="owner">{t("automations.action.recordOwner")}</option>
          <PeopleOptions />
        </SelectField>
      </div>
    </div>
  );
}

function AddTag({ object, action, set, err }: { object: RuleObject; action: Of<"add_tag">; set: Setter; err: Err }) {
  const defs = (useCustomFields(object).data ?? []).filter((d) => d.type === "multi_select");
  const def = defs.find((d) => `custom.${d.name}` === action.field);
  if (defs.length === 0) return <p className={`${styles.muted} ${styles.small}`}>{t("automations.action.noTagFields")}</p>;
  return (
    <div className={own.pair}>
      <SelectField label={t("automations.action.tagField")} value={action.field} onChange={(v) => set({ field: v, value: "" })} error={err("field")}>
        <option value="">{t("automations.action.pick")}</option>
        {defs.map((d) => (
          <option key={d.name} value={`custom.${d.name}`}>
            {d.label || d.name}
          </option>
        ))}
      </SelectField>
      <SelectField label={t("automations.action.tag")} value={action.value} onChange={(v) => set({ value: v })} error={err("value")} disabled={!def}>
        <option value="">{t("automations.action.pick")}</option>
        {(def?.options ?? []).map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </SelectField>
    </div>
  );
}

/** The workspace's teams, as options of a select. */
function TeamOptions() {
  const teams = useTeams().data ?? [];
  return (
    <>
      {teams.map((tm) => (
        <option key={tm.id} value={tm.id}>
          {tm.name}
        </option>
      ))}
    </>
  );
}

/** The workspace's active people, as options of a select. */
function PeopleOptions() {
  const users = useUsers().data ?? [];
  return (
    <>
      {users
        .filter((u) => u.active !== false)
        .map((u) => (
          <option key={u.id} value={u.id}>
            {personName(u)}
          </option>
        ))}
    </>
  );
}

function TextArea({ label, value, onChange, error }: { label: string; value: string; onChange: (v: string) => void; error?: string | undefined }) {
  const id = useId();
  return (
    <div className={fieldStyles.field}>
      <label className={fieldStyles.label} htmlFor={id}>
        {label}
      </label>
      <textarea
        id={id}
        className={`${fieldStyles.input} ${own.textarea}`}
        rows={3}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-e` : undefined}
      />
      {error && (
        <span id={`${id}-e`} className={fieldStyles.error} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

/** The kind's name, for headings and menus. */
export const actionName = (type: Action["type"]) => t(`automations.action.type.${type}` as MessageKey);

/** The template to send (only those using the rule's object's fields pass the server's check). */
function SendEmail({ action, set, err }: { action: Of<"send_email">; set: Setter; err: Err }) {
  const templates = useEmailTemplates().data ?? [];
  return (
    <div className={own.stack}>
      <SelectField label={t("automations.action.template")} value={action.template_id} onChange={(v) => set({ template_id: v })} error={err("template_id")}>
        <option value="">{templates.length ? t("automations.action.pick") : t("automations.action.noTemplates")}</option>
        {templates.map((tp) => (
          <option key={tp.id} value={tp.id}>
            {tp.name}
          </option>
        ))}
      </SelectField>
      <TextField
        label={t("automations.action.emailTo")}
        type="email"
        autoComplete="off"
        value={action.to ?? ""}
        onChange={(e) => set({ to: e.target.value || undefined })}
        error={err("to")}
        help={t("automations.action.emailToHelp")}
      />
    </div>
  );
}
