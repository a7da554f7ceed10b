// Make or change a web form: its name, the queue (team) and priority of its tickets, the sites that
// may use it (allowed origins, one per line), where a browser goes after sending it, whether it
// takes submissions and whether the requester is emailed a confirmation. The fields the form asks a customer for are fixed (said here); every refusal
// shows on its field (422), an origin's on the origins naming the line.
import { useId, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { TextField } from "../../../components/Field";
import { useToast } from "../../../components/Toast";
import { t } from "../../../i18n";
import { TextArea } from "../../sales/TextArea";
import { priorityLabel } from "../../support/badges";
import { FormDialog } from "../shared/FormDialog";
import { useTeams } from "../shared/queries";
import { SelectField } from "../shared/SelectField";
import { useFormAction } from "../shared/useFormAction";
import { webFormsKey, type Priority, type WebForm } from "./queries";
import { blankForm, fieldsOf, originLines, originsError, webFormBody, type WebFormFields } from "./webForm";
import styles from "../shared/settings.module.css";
import own from "./channels.module.css";

const PRIORITIES: Priority[] = ["low", "normal", "high", "urgent"];

export function WebFormDialog({ form, onClose, onCreated }: { form: WebForm | null; onClose: () => void; onCreated: (f: WebForm) => void }) {
  const teams = useTeams();
  const queries = useQueryClient();
  const toast = useToast();
  const [f, setF] = useState<WebFormFields>(() => (form ? fieldsOf(form) : blankForm));
  const set = (part: Partial<WebFormFields>) => setF((x) => ({ ...x, ...part }));
  const [sentOrigins, setSentOrigins] = useState<string[]>([]);
  const confirmId = useId();

  const action = useFormAction(async () => {
    const body = webFormBody(f);
    setSentOrigins(body.allowed_origins);
    if (form) {
      must(await api.PATCH("/api/v1/web-forms/{id}", { params: { path: { id: form.id } }, body }));
      await queries.invalidateQueries({ queryKey: webFormsKey });
      toast({ text: t("webForms.saved", { name: body.name }) });
      onClose();
    } else {
      const made = must(await api.POST("/api/v1/web-forms", { body }));
      await queries.invalidateQueries({ queryKey: webFormsKey });
      toast({ text: t("webForms.created", { name: body.name }) });
      onCreated(made);
    }
  });
  const errors = action.errors.fields;

  return (
    <FormDialog
      title={form ? t("webForms.editNamed", { name: form.name }) : t("webForms.add")}
      submit={form ? t("common.save") : t("webForms.create")}
      action={action}
      ready={!!f.name.trim()}
      onClose={onClose}
      wide
    >
      <TextField label={t("webForms.name")} value={f.name} onChange={(e) => set({ name: e.target.value })} error={errors.name} help={t("webForms.nameHelp")} required autoFocus />
      <p className={`${styles.muted} ${styles.small} ${own.note}`}>{t("webForms.fields")}</p>
      <div className={styles.grid2}>
        <SelectField label={t("webForms.queue")} value={f.team_id} onChange={(v) => set({ team_id: v })} error={errors.team_id} help={t("webForms.queueHelp")}>
          <option value="">{t("webForms.noTeam")}</option>
          {(teams.data ?? []).map((tm) => (
            <option key={tm.id} value={tm.id}>
              {tm.name}
            </option>
          ))}
        </SelectField>
        <SelectField label={t("webForms.priority")} value={f.priority} onChange={(v) => set({ priority: v as Priority })} error={errors.priority}>
          {PRIORITIES.map((p) => (
            <option key={p} value={p}>
              {priorityLabel(p)}
            </option>
          ))}
        </SelectField>
      </div>
      <TextArea
        label={t("webForms.origins")}
        value={f.origins}
        rows={3}
        spellCheck={false}
        placeholder="https://www.example.com"
        onChange={(e) => set({ origins: e.target.value })}
        error={originsError(errors, sentOrigins.length ? sentOrigins : originLines(f.origins))}
        help={t("webForms.originsHelp")}
      />
      <TextField
        label={t("webForms.redirect")}
        type="url"
        inputMode="url"
        autoComplete="off"
        placeholder="https://www.example.com/thanks"
        value={f.redirect_url}
        onChange={(e) => set({ redirect_url: e.target.value })}
        error={errors.redirect_url}
        help={t("webForms.redirectHelp")}
      />
      <label className={styles.check}>
        <input type="checkbox" checked={f.enabled} onChange={(e) => set({ enabled: e.target.checked })} /> {t("webForms.enabled")}
      </label>
      {errors.enabled && <p className={styles.alert}>{errors.enabled}</p>}
      <div>
        <label className={styles.check}>
          <input type="checkbox" checked={f.confirm_email} onChange={(e) => set({ confirm_email: e.target.checked })} aria-describedby={`${confirmId}-help`} /> {t("webForms.confirmEmail")}
        </label>
        <p id={`${confirmId}-help`} className={`${styles.muted} ${styles.small} ${own.checkHelp}`}>
          {t("webForms.confirmEmailHelp")}
        </p>
      </div>
      {errors.confirm_email && <p className={styles.alert}>{errors.confirm_email}</p>}
    </FormDialog>
  );
}
