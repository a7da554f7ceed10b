// "Undo merge" from the surviving record's History tab: a confirmation, then the unmerge. A 409
// (a merged record restored, purged or erased since, or already undone) is said plainly in the
// dialog, and nothing changes.
import { useState } from "react";
import { isApiError } from "../../api/problem";
import { Button } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import { t } from "../../i18n";
import { errorText } from "../settings/shared/errors";
import { FormAlert } from "../settings/shared/FormAlert";
import { undoMerge, type DedupeObject } from "./api";

export function UndoMergeDialog({
  object,
  mergeId,
  onClose,
  onUndone,
}: {
  object: DedupeObject;
  mergeId: string;
  onClose: () => void;
  onUndone: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await undoMerge(object, mergeId);
      onUndone();
      onClose();
    } catch (e) {
      const detail = errorText(e);
      setError(isApiError(e) && e.status === 409 ? t("history.undoMergeConflict", { detail }) : t("history.undoMergeFailed", { detail }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Dialog
      title={t("history.undoMergeTitle")}
      onClose={onClose}
      alert
      footer={
        <>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button variant="danger" disabled={busy} onClick={() => void run()}>
            {t("history.undoMergeConfirm")}
          </Button>
        </>
      }
    >
      <p>{t("history.undoMergeBody")}</p>
      <FormAlert message={error} />
    </Dialog>
  );
}
