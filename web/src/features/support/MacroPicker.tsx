// Apply a macro (a saved reply or note with field changes) to the ticket: pick it from a filtered
// list; the server posts its message and changes the fields in one step (If-Match: the version on
// screen, so a ticket changed meanwhile is refused and re-read instead of overwritten). Shown only
// when the server has macros (GET /api/v1/macros).
import { useMemo, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { keys } from "../../api/keys";
import { isApiError } from "../../api/problem";
import { Button } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import { fieldStyles } from "../../components/Field";
import { useToast } from "../../components/Toast";
import { t } from "../../i18n";
import { applyMacro, useMacros } from "./api";
import styles from "./support.module.css";

export function MacroPicker({ ticketId, version }: { ticketId: string; version: number }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" onClick={() => setOpen(true)} aria-haspopup="dialog">
        {t("support.macros.open")}
      </Button>
      {open && <MacroDialog ticketId={ticketId} version={version} onClose={() => setOpen(false)} />}
    </>
  );
}

function MacroDialog({ ticketId, version, onClose }: { ticketId: string; version: number; onClose: () => void }) {
  const macros = useMacros(true);
  const [text, setText] = useState("");
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const queries = useQueryClient();
  const toast = useToast();
  const shown = useMemo(() => {
    const q = text.trim().toLowerCase();
    return (macros.data ?? []).filter((m) => !q || m.name.toLowerCase().includes(q));
  }, [macros.data, text]);

  const apply = async (id: string, name: string) => {
    setBusy(id);
    setError(null);
    try {
      await applyMacro(ticketId, version, id);
      void queries.invalidateQueries({ queryKey: keys.records("tickets") });
      toast({ text: t("support.macros.applied", { name }) });
      onClose();
    } catch (e) {
      if (isApiError(e) && e.status === 412) {
        void queries.invalidateQueries({ queryKey: keys.record("tickets", ticketId) });
        setError(t("support.macros.stale"));
      } else setError(isApiError(e) ? (e.problem.detail ?? e.problem.title) : t("app.error.network"));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Dialog title={t("support.macros.title")} onClose={onClose} footer={<Button onClick={onClose}>{t("common.cancel")}</Button>}>
      <label className={fieldStyles.field}>
        <span className={fieldStyles.label}>{t("support.macros.search")}</span>
        <input className={fieldStyles.input} value={text} onChange={(e) => setText(e.target.value)} autoFocus />
      </label>
      {error && (
        <p className={styles.propertyError} role="alert">
          {error}
        </p>
      )}
      {macros.isPending ? (
        <p className={styles.muted}>{t("app.loading")}</p>
      ) : shown.length === 0 ? (
        <p className={styles.muted}>{t("support.macros.none")}</p>
      ) : (
        <ul className={styles.macroList}>
          {shown.map((m) => (
            <li key={m.id}>
              <button type="button" className={styles.macro} disabled={busy !== null} onClick={() => void apply(m.id, m.name)}>
                <span className={styles.macroName}>{m.name}</span>
                {m.body && <span className={styles.macroBody}>{m.body}</span>}
              </button>
            </li>
          ))}
        </ul>
      )}
    </Dialog>
  );
}
