// A drop on a won or lost stage finishes in this dialog: the close date (and, for lost, the reason)
// go with the move in one request. Cancel puts the card back where it was.
import { useState, type FormEvent } from "react";
import { Dialog } from "../../components/Dialog";
import { Button } from "../../components/Button";
import { TextField } from "../../components/Field";
import { isApiError } from "../../api/problem";
import { t, today } from "../../i18n";
import { TextArea } from "./TextArea";
import type { PendingClose } from "./BoardPage";
import forms from "./forms.module.css";

interface Props {
  pending: PendingClose;
  onCancel: () => void;
  /** Throws an ApiError whose field errors belong in this dialog. */
  onConfirm: (fields: { expected_close_date: string; lost_reason?: string }) => Promise<void>;
}

export function CloseDealDialog({ pending, onCancel, onConfirm }: Props) {
  const lost = pending.stage.kind === "lost";
  const [date, setDate] = useState(today());
  const [reason, setReason] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const missing: Record<string, string> = {};
    if (!date) missing.expected_close_date = t("common.required");
    if (lost && !reason.trim()) missing.lost_reason = t("common.required");
    setErrors(missing);
    if (Object.keys(missing).length) return;
    setBusy(true);
    try {
      await onConfirm({ expected_close_date: date, ...(lost ? { lost_reason: reason.trim() } : {}) });
    } catch (err) {
      if (isApiError(err)) setErrors(err.fieldErrors());
    } finally {
      setBusy(false);
    }
  };

  const title = t(lost ? "board.close.lostTitle" : "board.close.wonTitle", { deal: pending.card.name });
  return (
    <Dialog title={title} onClose={onCancel}>
      <form className={forms.form} onSubmit={(e) => void submit(e)} noValidate>
        <p className={forms.intro}>{t("board.close.intro", { stage: pending.stage.name })}</p>
        <div className={forms.form}>
          <TextField
            label={t("board.close.date")}
            type="date"
            value={date}
            onChange={(e) => setDate(e.target.value)}
            error={errors.expected_close_date}
            required
          />
          {lost && (
            <TextArea
              label={t("board.close.reason")}
              help={t("board.close.reason.help")}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
              error={errors.lost_reason}
              maxLength={1000}
              required
              autoFocus
            />
          )}
        </div>
        <div className={forms.footer}>
          <Button onClick={onCancel}>{t("common.cancel")}</Button>
          <Button type="submit" variant={lost ? "danger" : "primary"} disabled={busy}>
            {busy ? t("common.saving") : t("board.close.submit", { stage: pending.stage.name })}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
