// A confirmation of a destructive action: the text names what is destroyed, the button says the
// action ("Delete team Sales East"), and a refusal from the server shows inside the dialog.
import { useState, type ReactNode } from "react";
import { Dialog } from "../../../components/Dialog";
import { Button } from "../../../components/Button";
import { t } from "../../../i18n";
import { errorText } from "./errors";
import styles from "./settings.module.css";

export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirm: string;
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
  /** Disables the confirm button until the extra controls are filled. */
  ready?: boolean;
}

export function ConfirmDialog({ title, children, confirm, onConfirm, onClose, ready = true }: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await onConfirm();
      onClose();
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={title}
      onClose={onClose}
      alert
      footer={
        <>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button variant="danger" onClick={() => void run()} disabled={busy || !ready}>
            {confirm}
          </Button>
        </>
      }
    >
      {children}
      {error && (
        <p className={styles.alert} role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}
