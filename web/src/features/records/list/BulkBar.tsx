// The action bar over a bulk selection: delete (with Undo from the recycle bin), reassign the
// owner (If-Match per record; what failed is said, with why) and clear the selection.
import { useId, useState } from "react";
import { Button } from "../../../components/Button";
import { Dialog } from "../../../components/Dialog";
import { fieldStyles } from "../../../components/Field";
import { Icon } from "../../../components/Icon";
import { useToast } from "../../../components/Toast";
import { useQueryClient } from "@tanstack/react-query";
import { keys } from "../../../api/keys";
import type { ObjectType } from "../../../api/types";
import type { User } from "../../../app/users";
import { t } from "../../../i18n";
import { deleteRecords, reassignRecords, restoreRecords, type BulkResult } from "./bulk";
import type { Row } from "./data";
import { ConfirmDialog } from "./ViewDialogs";
import styles from "./ListPage.module.css";

export interface BulkBarProps {
  object: ObjectType;
  what: string;
  rows: Row[];
  count: number;
  users: User[];
  onClear: () => void;
  onDone: () => void;
}

function firstReason(r: BulkResult): string {
  const reasons = [...new Set(r.failed.map((f) => f.reason))];
  return reasons.slice(0, 2).join("; ");
}

export function BulkBar({ object, what, rows, count, users, onClear, onDone }: BulkBarProps) {
  const toast = useToast();
  const queries = useQueryClient();
  const [dialog, setDialog] = useState<"delete" | "reassign" | null>(null);
  const [progress, setProgress] = useState<string | null>(null);
  const [owner, setOwner] = useState("");
  const ownerId = useId();
  const n = rows.length;

  async function doDelete() {
    const ids = rows.map((r) => r.id);
    setProgress(t("lists.bulk.working", { done: 0, n }));
    const r = await deleteRecords(object, ids, (done) => setProgress(t("lists.bulk.working", { done, n })));
    setProgress(null);
    onDone();
    const undo = {
      label: t("common.undo"),
      run: () =>
        void restoreRecords(object, r.ok).then((back) => {
          void queries.invalidateQueries({ queryKey: keys.records(object) });
          toast(
            back.failed.length
              ? { tone: "error", text: t("lists.bulk.restoreFailed", { failed: back.failed.length, detail: firstReason(back) }) }
              : { text: t("lists.bulk.restored", { n: back.ok.length, what }) },
          );
        }),
    };
    if (r.failed.length) {
      toast({ tone: "error", text: t("lists.bulk.deleteFailed", { ok: r.ok.length, failed: r.failed.length, detail: firstReason(r) }), ...(r.ok.length ? { action: undo } : {}), ms: 15000 });
    } else {
      toast({ text: t("lists.bulk.deleted", { n: r.ok.length, what }), action: undo, ms: 10000 });
    }
  }

  async function doReassign() {
    if (!owner) return;
    setDialog(null);
    setProgress(t("lists.bulk.working", { done: 0, n }));
    const r = await reassignRecords(object, rows, owner, t("lists.bulk.stale"), (done) => setProgress(t("lists.bulk.working", { done, n })));
    setProgress(null);
    onDone();
    const u = users.find((x) => x.id === owner);
    if (r.failed.length) toast({ tone: "error", text: t("lists.bulk.reassignFailed", { ok: r.ok.length, failed: r.failed.length, detail: firstReason(r) }), ms: 15000 });
    else toast({ text: t("lists.bulk.reassigned", { n: r.ok.length, what, name: u?.name || u?.email || "" }) });
  }

  return (
    <div className={styles.bulk} role="region" aria-label={t("lists.bulk.selected", { n: count })}>
      <span className={styles.bulkCount} role="status">
        {progress ?? t("lists.bulk.selected", { n: count })}
      </span>
      <Button size="small" onClick={() => setDialog("reassign")} disabled={progress !== null || n === 0}>
        <Icon name="user" size={16} />
        {t("lists.bulk.reassign")}
      </Button>
      <Button size="small" variant="danger" onClick={() => setDialog("delete")} disabled={progress !== null || n === 0}>
        <Icon name="trash" size={16} />
        {t("lists.bulk.delete")}
      </Button>
      <Button size="small" variant="ghost" onClick={onClear} disabled={progress !== null}>
        {t("lists.bulk.clear")}
      </Button>
      {dialog === "delete" && (
        <ConfirmDialog
          title={t("lists.bulk.deleteTitle", { n, what })}
          body={t("lists.bulk.deleteBody")}
          confirm={t("lists.bulk.delete")}
          onClose={() => setDialog(null)}
          onConfirm={() => void doDelete()}
        />
      )}
      {dialog === "reassign" && (
        <Dialog
          title={t("lists.bulk.reassignTitle", { n, what })}
          onClose={() => setDialog(null)}
          footer={
            <>
              <Button onClick={() => setDialog(null)}>{t("common.cancel")}</Button>
              <Button variant="primary" disabled={!owner} onClick={() => void doReassign()}>
                {t("lists.bulk.reassign")}
              </Button>
            </>
          }
        >
          <div className={fieldStyles.field}>
            <label className={fieldStyles.label} htmlFor={ownerId}>
              {t("lists.bulk.owner")}
            </label>
            <select id={ownerId} className={fieldStyles.input} value={owner} onChange={(e) => setOwner(e.target.value)} autoFocus>
              <option value="">{t("lists.filter.pick")}</option>
              {users
                .filter((u) => u.active)
                .map((u) => (
                  <option key={u.id} value={u.id}>
                    {u.name || u.email}
                  </option>
                ))}
            </select>
          </div>
        </Dialog>
      )}
    </div>
  );
}
