// Inline edit of a simple text cell: Enter saves (PATCH with If-Match of the row's version), Esc
// cancels. A 422 shows its message on the cell and keeps the input; a 412 (someone changed the
// record meanwhile) refetches the row, says so, and keeps what the user typed to save again.
import { useRef, useState, type KeyboardEvent } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { raw } from "../../../api/client";
import { isApiError } from "../../../api/problem";
import { keys } from "../../../api/keys";
import type { ObjectType } from "../../../api/types";
import { t } from "../../../i18n";
import type { Row } from "./data";
import styles from "./ListPage.module.css";

export interface InlineEditProps {
  object: ObjectType;
  row: Row;
  field: string;
  label: string;
  onDone: () => void;
}

export function InlineEdit({ object, row, field, label, onDone: close }: InlineEditProps) {
  const queries = useQueryClient();
  const ref = useRef<HTMLSpanElement>(null);
  // Back to the row when the editor closes, so the keyboard goes on where it was.
  const onDone = () => {
    const rowEl = ref.current?.closest<HTMLElement>("[role=row]");
    close();
    setTimeout(() => rowEl?.focus({ preventScroll: true }), 0);
  };
  const [value, setValue] = useState(typeof row[field] === "string" ? (row[field] as string) : "");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const errorId = `edit-${row.id}-${field}-error`;

  async function save() {
    if (busy) return;
    if (value === (row[field] ?? "")) return onDone();
    setBusy(true);
    try {
      await raw(`/api/v1/${object}/${row.id}`, {
        method: "PATCH",
        body: JSON.stringify({ [field]: value === "" ? null : value }),
        headers: { "content-type": "application/json", "If-Match": `"${row.version ?? ""}"` },
      });
      await queries.invalidateQueries({ queryKey: keys.records(object) });
      onDone();
    } catch (e) {
      if (isApiError(e) && e.status === 412) {
        setError(t("lists.edit.stale"));
        void queries.invalidateQueries({ queryKey: keys.records(object) });
      } else if (isApiError(e)) {
        setError(e.fieldErrors()[field] ?? e.problem.detail ?? e.problem.title);
      } else {
        setError(t("app.error.network"));
      }
    } finally {
      setBusy(false);
    }
  }

  function onKey(e: KeyboardEvent<HTMLInputElement>) {
    e.stopPropagation();
    if (e.key === "Enter") {
      e.preventDefault();
      void save();
    } else if (e.key === "Escape") {
      e.preventDefault();
      onDone();
    }
  }

  return (
    <span ref={ref} className={styles.editing} onClick={(e) => e.stopPropagation()}>
      <input
        className={styles.editInput}
        value={value}
        autoFocus
        aria-label={label}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : undefined}
        disabled={busy}
        onChange={(e) => setValue(e.target.value)}
        onKeyDown={onKey}
      />
      {error && (
        <span id={errorId} role="alert" className={styles.editError}>
          {error}
        </span>
      )}
    </span>
  );
}
