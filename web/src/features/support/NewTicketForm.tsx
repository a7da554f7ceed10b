// A new ticket, opened by an agent (the create dialog's "Ticket", "c" in the inbox): subject,
// requester (searched by name or email), company (the requester's, filled in once one is chosen, as the
// server would; the agent may pick another), priority, how it came in (a phone call unless the agent
// says otherwise: email and web-form tickets usually arrive by themselves), team (the agent's first
// team by default) and the request itself. The server's 422 field errors show on their fields and the input stays; on
// success the ticket opens.
import { useEffect, useRef, useState, type FormEvent } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useNavigate } from "react-router";
import { api, must } from "../../api/client";
import { keys } from "../../api/keys";
import { isApiError } from "../../api/problem";
import { useMe } from "../../app/session";
import { Button } from "../../components/Button";
import { TextField, fieldStyles } from "../../components/Field";
import { CompanyPicker } from "../../components/fields/CompanyPicker";
import { RecordPicker } from "../../components/fields/RecordPicker";
import { useToast } from "../../components/Toast";
import { t } from "../../i18n";
import { recordPath } from "../records/objects";
import { enums } from "../records/record/fieldDefs";
import { getRecord } from "../records/record/recordApi";
import { useTeams } from "../settings/shared/queries";
import { priorityLabel } from "./badges";
import { contactSearchKey, searchContacts } from "./contacts";
import createStyles from "../records/create.module.css";

export interface TicketDraft {
  subject: string;
  requester_id: string | null;
  company_id: string | null;
  priority: string;
  channel: string;
  team_id: string;
  description: string;
}

/** The POST body: trimmed text, blanks left out. */
export function ticketBody(d: TicketDraft): Record<string, unknown> {
  const body: Record<string, unknown> = { subject: d.subject.trim(), priority: d.priority, channel: d.channel };
  if (d.requester_id) body.requester_id = d.requester_id;
  if (d.company_id) body.company_id = d.company_id;
  if (d.team_id) body.team_id = d.team_id;
  if (d.description.trim()) body.description = d.description.trim();
  return body;
}

export default function NewTicketForm({ onClose, initial = {} }: { onClose: () => void; initial?: Record<string, unknown> }) {
  const me = useMe();
  const teams = useTeams();
  const myTeam = (teams.data ?? []).find((x) => x.member_ids.includes(me.user_id ?? ""))?.id ?? "";
  const [draft, setDraft] = useState<TicketDraft>(() => ({
    subject: "",
    requester_id: typeof initial.requester_id === "string" ? initial.requester_id : null,
    company_id: null,
    priority: "normal",
    channel: "phone",
    team_id: "",
    description: "",
  }));
  const [teamTouched, setTeamTouched] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const queries = useQueryClient();
  const navigate = useNavigate();
  const toast = useToast();
  const team = teamTouched ? draft.team_id : draft.team_id || myTeam;
  // A field's error goes once the field is changed.
  const set = <K extends keyof TicketDraft>(k: K, v: TicketDraft[K]) => {
    setDraft((d) => ({ ...d, [k]: v }));
    setErrors((e) => {
      if (!(k in e)) return e;
      const { [k]: _gone, ...rest } = e;
      return rest;
    });
  };

  // The requester's company, until the agent picks one: read when a requester is chosen (the
  // answer for an earlier choice is dropped); `shown` remounts the picker with the company's name.
  const [companyTouched, setCompanyTouched] = useState(false);
  const [shown, setShown] = useState({ name: "", generation: 0 });
  const asked = useRef<string | null>(null);
  const companyOf = async (requester: string | null) => {
    asked.current = requester;
    let id: string | null = null;
    let name = "";
    if (requester) {
      try {
        const contact = await getRecord("contacts", requester);
        id = typeof contact.company_id === "string" ? contact.company_id : null;
        if (id) name = String((await getRecord("companies", id)).name ?? "");
      } catch {
        return;  // left empty: the server still gives the ticket its requester's company
      }
    }
    if (asked.current !== requester) return;
    set("company_id", id);
    setShown((s) => ({ name, generation: s.generation + 1 }));
  };
  // A quick add's requester (from a contact's page), once.
  useEffect(() => {
    if (draft.requester_id) void companyOf(draft.requester_id);
  }, []);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFormError(null);
    if (!draft.subject.trim()) {
      setErrors({ subject: t("support.new.needSubject") });
      return;
    }
    setBusy(true);
    try {
      const created = must(await api.POST("/api/v1/tickets", { body: ticketBody({ ...draft, team_id: team }) as never })) as { id: string; number?: number };
      void queries.invalidateQueries({ queryKey: keys.records("tickets") });
      toast({ text: t("support.new.created", { number: String(created.number ?? "") }) });
      onClose();
      navigate(recordPath("tickets", created.id));
    } catch (err) {
      if (isApiError(err) && err.status === 422) {
        setErrors(err.fieldErrors());
        setFormError(t("create.fixFields"));
      } else {
        setFormError(t("create.failed", { detail: isApiError(err) ? (err.problem.detail ?? err.problem.title) : t("app.error.network") }));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <form className={createStyles.form} onSubmit={(e) => void submit(e)} noValidate>
      <TextField label={t("support.field.subject")} name="subject" required autoFocus autoComplete="off" value={draft.subject} onChange={(e) => set("subject", e.target.value)} error={errors.subject} />
      <RecordPicker
        label={t("support.field.requester_id")}
        value={draft.requester_id}
        initialName=""
        onChange={(id) => {
          set("requester_id", id);
          if (!companyTouched) void companyOf(id);
        }}
        search={searchContacts}
        queryKey={contactSearchKey}
        placeholder={t("support.requester.search")}
        noMatch={(q) => (q ? t("support.requester.noMatch", { text: q }) : t("support.requester.type"))}
        error={errors.requester_id}
      />
      <CompanyPicker
        key={shown.generation}
        label={t("support.field.company_id")}
        value={draft.company_id}
        initialName={shown.name}
        onChange={(id) => {
          setCompanyTouched(true);
          set("company_id", id);
        }}
        error={errors.company_id}
      />
      <div className={createStyles.row}>
        <label className={fieldStyles.field}>
          <span className={fieldStyles.label}>{t("support.field.priority")}</span>
          <select className={fieldStyles.input} value={draft.priority} onChange={(e) => set("priority", e.target.value)}>
            {enums.priority.map((p) => (
              <option key={p} value={p}>
                {priorityLabel(p)}
              </option>
            ))}
          </select>
        </label>
        <label className={fieldStyles.field}>
          <span className={fieldStyles.label}>{t("support.field.channel")}</span>
          <select className={fieldStyles.input} value={draft.channel} onChange={(e) => set("channel", e.target.value)}>
            {enums.channel.map((c) => (
              <option key={c} value={c}>
                {t(`enum.channel.${c}`)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <div className={createStyles.row}>
        <label className={fieldStyles.field}>
          <span className={fieldStyles.label}>{t("support.field.team_id")}</span>
          <select
            className={fieldStyles.input}
            value={team}
            aria-invalid={errors.team_id ? true : undefined}
            onChange={(e) => {
              setTeamTouched(true);
              set("team_id", e.target.value);
            }}
          >
            <option value="">{t("support.noTeam")}</option>
            {(teams.data ?? []).map((x) => (
              <option key={x.id} value={x.id}>
                {x.name}
              </option>
            ))}
          </select>
          {errors.team_id && (
            <span className={fieldStyles.error} role="alert">
              {errors.team_id}
            </span>
          )}
        </label>
      </div>
      <label className={fieldStyles.field}>
        <span className={fieldStyles.label}>{t("support.field.description")}</span>
        <textarea className={fieldStyles.input} rows={5} value={draft.description} onChange={(e) => set("description", e.target.value)} aria-invalid={errors.description ? true : undefined} />
        {errors.description && (
          <span className={fieldStyles.error} role="alert">
            {errors.description}
          </span>
        )}
      </label>
      {formError && (
        <p className={createStyles.warning} role="alert">
          {formError}
        </p>
      )}
      <div className={createStyles.footer}>
        <Button onClick={onClose}>{t("common.cancel")}</Button>
        <Button type="submit" variant="primary" disabled={busy}>
          {busy ? t("create.submitting") : t("support.new.submit")}
        </Button>
      </div>
    </form>
  );
}
