// Dialogs of saved views: save (name and who sees it), rename, and delete with a confirmation that
// names the view. A 422 or 409 from the server shows on the name field.
import { useId, useState, type FormEvent } from "react";
import { Dialog } from "../../../components/Dialog";
import { Button } from "../../../components/Button";
import { TextField, fieldStyles } from "../../../components/Field";
import { isApiError } from "../../../api/problem";
import { t } from "../../../i18n";
import type { Visibility } from "./views";
import styles from "./ListPage.module.css";

function nameError(e: unknown): string | undefined {
  if (!isApiError(e)) return e ? t("app.error.network") : undefined;
  const errs = e.fieldErrors();
  return errs.name ?? Object.values(errs)[0] ?? e.problem.detail ?? e.problem.title;
}

export function SaveViewDialog({
  title,
  initialName = "",
  askVisibility,
  onSave,
  onClose,
}: {
  title: string;
  initialName?: string;
  askVisibility: boolean;
  onSave: (name: string, visibility: Visibility) => Promise<unknown>;
  onClose: () => void;
}) {
  const [name, setName] = useState(initialName);
  const [visibility, setVisibility] = useState<Visibility>("private");
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const formId = useId();

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!name.trim()) {
      setError(t("common.required"));
      return;
    }
    setBusy(true);
    try {
      await onSave(name.trim(), visibility);
      onClose();
    } catch (err) {
      setError(nameError(err));
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      title={title}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button variant="primary" type="submit" form={formId} disabled={busy}>
            {busy ? t("common.saving") : t("common.save")}
          </Button>
        </>
      }
    >
      <form id={formId} className={styles.form} onSubmit={submit}>
        <TextField label={t("lists.views.name")} value={name} onChange={(e) => setName(e.target.value)} error={error} autoFocus maxLength={200} />
        {askVisibility && (
          <fieldset className={styles.fieldset}>
            <legend className={fieldStyles.label}>{t("lists.views.visibility")}</legend>
            <label className={styles.radio}>
              <input type="radio" name={`${formId}-vis`} checked={visibility === "private"} onChange={() => setVisibility("private")} />
              {t("lists.views.private")}
            </label>
            <label className={styles.radio}>
              <input type="radio" name={`${formId}-vis`} checked={visibility === "workspace"} onChange={() => setVisibility("workspace")} />
              {t("lists.views.workspace")}
            </label>
          </fieldset>
        )}
      </form>
    </Dialog>
  );
}

export function ConfirmDialog({
  title,
  body,
  confirm,
  onConfirm,
  onClose,
}: {
  title: string;
  body: string;
  confirm: string;
  onConfirm: () => void;
  onClose: () => void;
}) {
  return (
    <Dialog
      alert
      title={title}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose} autoFocus>
            {t("common.cancel")}
          </Button>
          <Button
            variant="danger"
            onClick={() => {
              onConfirm();
              onClose();
            }}
          >
            {confirm}
          </Button>
        </>
      }
    >
      <p>{body}</p>
    </Dialog>
  );
}
