// A list row's two usual buttons, each named for its row for screen readers ("Edit Refund sent",
// "Delete Refund sent"): the business hours, SLA policy and macro lists share them.
import { Button } from "../../../components/Button";
import { t } from "../../../i18n";

export function EditDeleteActions({ edit, remove, onEdit, onDelete }: { edit: string; remove: string; onEdit: () => void; onDelete: () => void }) {
  return (
    <>
      <Button size="small" onClick={onEdit} aria-label={edit}>
        {t("common.edit")}
      </Button>
      <Button size="small" variant="danger" onClick={onDelete} aria-label={remove}>
        {t("common.delete")}
      </Button>
    </>
  );
}
