// Trying a web form as a customer would: the form's four fields sent to its public address from
// this page (as a script on an allowed site does: JSON, no sign-in). The ticket it opens is a real
// one, in the form's queue; a form that lists its sites refuses this one unless it is among them,
// and the answer says so.
import { useState } from "react";
import { Link } from "react-router";
import { raw } from "../../../api/client";
import { Button } from "../../../components/Button";
import { Dialog } from "../../../components/Dialog";
import { TextField } from "../../../components/Field";
import { t } from "../../../i18n";
import { TextArea } from "../../sales/TextArea";
import { FormDialog } from "../shared/FormDialog";
import { useFormAction } from "../shared/useFormAction";
import type { WebForm } from "./queries";
import styles from "../shared/settings.module.css";

export function TryFormDialog({ form, onClose }: { form: WebForm; onClose: () => void }) {
  const [fields, setFields] = useState({ name: "", email: "", subject: "", message: "" });
  const [sent, setSent] = useState(false);
  const set = (part: Partial<typeof fields>) => setFields((f) => ({ ...f, ...part }));
  // The form's address on this server, whatever host name the server put in submit_url.
  const path = new URL(form.submit_url, window.location.origin).pathname;
  const action = useFormAction(async () => {
    await raw(path, { method: "POST", headers: { "content-type": "application/json", accept: "application/json" }, body: JSON.stringify(fields) });
    setSent(true);
  });
  const errors = action.errors.fields;

  if (sent) {
    return (
      <Dialog
        title={t("webForms.tryTitle", { name: form.name })}
        onClose={onClose}
        footer={
          <>
            <Button onClick={() => setSent(false)}>{t("webForms.tryAgain")}</Button>
            <Button variant="primary" onClick={onClose}>
              {t("webForms.done")}
            </Button>
          </>
        }
      >
        <p role="status">{t("webForms.tryReceived")}</p>
        <p>
          <Link to="/tickets">{t("webForms.tryInbox")}</Link>
        </p>
      </Dialog>
    );
  }
  return (
    <FormDialog
      title={t("webForms.tryTitle", { name: form.name })}
      submit={t("webForms.trySend")}
      action={action}
      ready={!!fields.email.trim() && !!fields.subject.trim() && !!fields.message.trim()}
      onClose={onClose}
      intro={<p className={`${styles.muted} ${styles.small}`}>{t("webForms.tryIntro")}</p>}
    >
      <div className={styles.grid2}>
        <TextField label={t("webForms.try.name")} value={fields.name} onChange={(e) => set({ name: e.target.value })} error={errors.name} autoComplete="off" autoFocus />
        <TextField label={t("webForms.try.email")} type="email" value={fields.email} onChange={(e) => set({ email: e.target.value })} error={errors.email} autoComplete="off" required />
      </div>
      <TextField label={t("webForms.try.subject")} value={fields.subject} onChange={(e) => set({ subject: e.target.value })} error={errors.subject} required />
      <TextArea label={t("webForms.try.message")} rows={4} value={fields.message} onChange={(e) => set({ message: e.target.value })} error={errors.message} required />
    </FormDialog>
  );
}
