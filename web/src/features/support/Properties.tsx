// The ticket's working fields in its header — status, priority, assignee, team — each a select that
// saves as soon as it changes (PATCH with If-Match of the version on screen: someone else's change
// in between is merged when it touched another field, or shown side by side when it touched this
// one). Closing asks first: a closed ticket is final, and only a follow-up continues it.
import { useState, type ReactNode } from "react";
import { useUsers } from "../../app/users";
import { useMe } from "../../app/session";
import { Button } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import type { SaveOutcome } from "../../components/fields/InlineField";
import { t } from "../../i18n";
import { enums } from "../records/record/fieldDefs";
import { useFieldRules } from "../records/record/FieldsPanel";
import type { AnyRecord } from "../records/record/recordApi";
import { useTeams } from "../settings/shared/queries";
import { priorityLabel, statusLabel } from "./badges";
import styles from "./support.module.css";

type Save = (field: string, value: unknown, base: unknown) => Promise<SaveOutcome>;

export interface PropertiesProps {
  ticket: AnyRecord;
  save: Save;
  startEditing: (field: string) => void;
}

function Select({
  field,
  label,
  value,
  disabled,
  onPick,
  error,
  children,
}: {
  field: string;
  label: string;
  value: string;
  disabled: boolean;
  onPick: (value: string) => void;
  error: string | undefined;
  children: ReactNode;
}) {
  const id = `ticket-${field}`;
  return (
    <div className={styles.property}>
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? `${id}-err` : undefined}
        onChange={(e) => onPick(e.target.value)}
      >
        {children}
      </select>
      {error && (
        <span id={`${id}-err`} className={styles.propertyError} role="alert">
          {error}
        </span>
      )}
    </div>
  );
}

export function Properties({ ticket, save, startEditing }: PropertiesProps) {
  const me = useMe();
  const users = useUsers();
  const teams = useTeams();
  const rules = useFieldRules("tickets", ticket);
  const [saving, setSaving] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [closing, setClosing] = useState(false);
  const status = String(ticket.status ?? "new");
  const closed = status === "closed";

  const change = async (field: string, value: string) => {
    const base = ticket[field] ?? null;
    const next = value === "" ? null : value;
    startEditing(field);
    setSaving(field);
    setErrors((e) => ({ ...e, [field]: "" }));
    try {
      const outcome = await save(field, next, base);
      if (outcome.status === "invalid") setErrors((e) => ({ ...e, [field]: outcome.message }));
    } finally {
      setSaving(null);
    }
  };

  const pickStatus = (value: string) => {
    if (value === "closed") setClosing(true);
    else void change("status", value);
  };

  const agents = (users.data ?? []).filter((u) => u.active !== false || u.id === ticket.assignee_id);
  const ro = (field: string) => rules.readOnly(field) || saving !== null;
  const assignee = typeof ticket.assignee_id === "string" ? ticket.assignee_id : "";

  return (
    <div className={styles.properties}>
      <Select field="status" label={t("support.field.status")} value={status} disabled={closed || ro("status")} onPick={pickStatus} error={errors.status || undefined}>
        {enums.ticket_status.map((s) => (
          <option key={s} value={s}>
            {s === "closed" ? t("support.status.closedFinal") : statusLabel(s)}
          </option>
        ))}
      </Select>
      <Select field="priority" label={t("support.field.priority")} value={String(ticket.priority ?? "normal")} disabled={ro("priority")} onPick={(v) => void change("priority", v)} error={errors.priority || undefined}>
        {enums.priority.map((p) => (
          <option key={p} value={p}>
            {priorityLabel(p)}
          </option>
        ))}
      </Select>
      <Select field="assignee_id" label={t("support.field.assignee_id")} value={assignee} disabled={ro("assignee_id")} onPick={(v) => void change("assignee_id", v)} error={errors.assignee_id || undefined}>
        <option value="">{t("support.unassigned")}</option>
        {agents.map((u) => (
          <option key={u.id} value={u.id}>
            {u.id === me.user_id ? t("support.me", { name: u.name || u.email }) : u.name || u.email}
          </option>
        ))}
      </Select>
      <Select field="team_id" label={t("support.field.team_id")} value={typeof ticket.team_id === "string" ? ticket.team_id : ""} disabled={ro("team_id")} onPick={(v) => void change("team_id", v)} error={errors.team_id || undefined}>
        <option value="">{t("support.noTeam")}</option>
        {(teams.data ?? []).map((x) => (
          <option key={x.id} value={x.id}>
            {x.name}
          </option>
        ))}
      </Select>
      {!assignee && me.user_id && !ro("assignee_id") && (
        <Button onClick={() => void change("assignee_id", me.user_id ?? "")}>
          {t("support.takeIt")}
        </Button>
      )}
      {closing && (
        <Dialog
          title={t("support.close.title")}
          onClose={() => setClosing(false)}
          alert
          footer={
            <>
              <Button onClick={() => setClosing(false)}>{t("common.cancel")}</Button>
              <Button
                variant="danger"
                onClick={() => {
                  setClosing(false);
                  void change("status", "closed");
                }}
              >
                {t("support.close.confirm")}
              </Button>
            </>
          }
        >
          <p>{t("support.close.body")}</p>
        </Dialog>
      )}
    </div>
  );
}
