// A dialog holding a form: Cancel and the submit button in the footer (disabled while the write
// runs or the form is not ready), the refusal that is no field's at the top, the fields' own
// errors on the fields (the caller passes action.errors.fields to them). Enter in a field submits,
// except in a destructive dialog (danger), where only the button does.
import type { ReactNode } from "react";
import { Button } from "../../../components/Button";
import { Dialog } from "../../../components/Dialog";
import { t } from "../../../i18n";
import { FormAlert } from "./FormAlert";
import type { FormAction } from "./useFormAction";
import styles from "./settings.module.css";

export interface FormDialogProps {
  title: string;
  submit: string;
  action: FormAction;
  onClose: () => void;
  children: ReactNode;
  /** False keeps the submit button disabled (required fields empty…). */
  ready?: boolean;
  /** A destructive action: an alertdialog with a danger button. */
  danger?: boolean;
  /** Enter submits; on by default except in a danger dialog. */
  enterSubmits?: boolean;
  wide?: boolean;
  /** Text above the error (what the dialog does). */
  intro?: ReactNode;
}

export function FormDialog({ title, submit, action, onClose, children, ready = true, danger = false, enterSubmits = !danger, wide, intro }: FormDialogProps) {
  const body = (
    <>
      {intro}
      <FormAlert message={action.errors.message} />
      {children}
    </>
  );
  return (
    <Dialog
      title={title}
      onClose={onClose}
      alert={danger}
      wide={wide}
      footer={
        <>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button variant={danger ? "danger" : "primary"} disabled={action.busy || !ready} onClick={() => void action.run()}>
            {submit}
          </Button>
        </>
      }
    >
      {enterSubmits ? (
        <form className={styles.dialogForm} onSubmit={(e) => void action.run(e)} noValidate>
          {body}
          <button type="submit" hidden />
        </form>
      ) : (
        <div className={styles.dialogForm}>{body}</div>
      )}
    </Dialog>
  );
}
