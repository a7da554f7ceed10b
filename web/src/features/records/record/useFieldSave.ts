// Saving one field: PATCH with If-Match of the version the person started editing from. A 422 goes
// back to the field; a 412 means the record moved on: when the field itself did not change, the
// save is simply repeated on the fresh version (it touches only this field); when it did, the
// conflict panel shows both values and nothing is lost.
import { useCallback, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { keys } from "../../../api/keys";
import { isApiError } from "../../../api/problem";
import type { ObjectType } from "../../../api/types";
import { useToast } from "../../../components/Toast";
import type { SaveOutcome } from "../../../components/fields/InlineField";
import { sameValue } from "../../../components/fields/values";
import { t } from "../../../i18n";
import { buildConflict, fieldValue, patchBody, type Conflict } from "./conflict";
import { getHistory, getRecord, patchRecord, type AnyRecord } from "./recordApi";
import { fieldLabel } from "./labels";

/** The 422 message for a field: "email", "emails[1]" and "custom.tier" all belong to their field. */
export function messageFor(field: string, errors: { field: string; message: string }[]): string | undefined {
  const own = errors.find((e) => e.field === field || e.field.startsWith(`${field}[`) || e.field.startsWith(`${field}.`));
  return own?.message;
}

export function useFieldSave(object: ObjectType, id: string, labels: Map<string, string>) {
  const queries = useQueryClient();
  const toast = useToast();
  const [conflict, setConflict] = useState<Conflict | null>(null);
  // The record as it was when each open field's editing began (its version is the If-Match).
  const seenAt = useRef(new Map<string, AnyRecord>());

  const current = useCallback(() => queries.getQueryData<AnyRecord>(keys.record(object, id)), [queries, object, id]);

  const startEditing = useCallback((field: string) => {
    const r = current();
    if (r) seenAt.current.set(field, r);
  }, [current]);

  const stored = useCallback(
    (r: AnyRecord) => {
      queries.setQueryData(keys.record(object, id), r);
      void queries.invalidateQueries({ queryKey: keys.related(object, id, "history") });
    },
    [queries, object, id],
  );

  const attempt = useCallback(
    async (field: string, value: unknown, base: unknown, seen: AnyRecord): Promise<SaveOutcome> => {
      const label = fieldLabel(field, labels);
      try {
        stored(await patchRecord(object, id, seen.version, patchBody(field, value)));
        seenAt.current.delete(field);
        return { status: "saved" };
      } catch (e) {
        if (isApiError(e) && e.status === 422) {
          const errors = e.problem.errors ?? [];
          return { status: "invalid", message: messageFor(field, errors) ?? errors[0]?.message ?? e.problem.detail ?? e.problem.title };
        }
        if (isApiError(e) && e.status === 412) {
          const fresh = await getRecord(object, id);
          queries.setQueryData(keys.record(object, id), fresh);
          if (sameValue(fieldValue(fresh, field), base) && !sameValue(value, base)) {
            // Someone changed other fields only: repeat on the fresh version.
            return attempt(field, value, base, fresh);
          }
          const history = await getHistory(object, id).catch(() => ({ data: [] }));
          const c = buildConflict(field, value, base, fresh, seen, history.data);
          seenAt.current.delete(field);
          if (!c) return { status: "saved" };
          setConflict(c);
          return { status: "conflict" };
        }
        const detail = isApiError(e) ? (e.problem.detail ?? e.problem.title) : t("app.error.network");
        toast({ tone: "error", text: t("edit.failed", { field: label, detail }) });
        return { status: "failed" };
      }
    },
    [labels, object, id, queries, stored, toast],
  );

  const save = useCallback(
    async (field: string, value: unknown, base: unknown): Promise<SaveOutcome> => {
      const seen = seenAt.current.get(field) ?? current();
      if (!seen) return { status: "failed" };
      return attempt(field, value, base, seen);
    },
    [attempt, current],
  );

  const reapply = useCallback(async () => {
    if (!conflict) return;
    const c = conflict;
    setConflict(null);
    const fresh = current();
    const outcome = await attempt(c.field, c.mine, c.theirs, fresh && fresh.version >= c.version ? fresh : { ...(fresh ?? ({} as AnyRecord)), version: c.version });
    if (outcome.status === "saved") toast({ text: t("conflict.reapplied", { field: fieldLabel(c.field, labels) }) });
    else if (outcome.status === "invalid") {
      setConflict(c);
      toast({ tone: "error", text: t("edit.failed", { field: fieldLabel(c.field, labels), detail: outcome.message }) });
    }
  }, [conflict, current, attempt, toast, labels]);

  const keepTheirs = useCallback(() => {
    if (!conflict) return;
    toast({ text: t("conflict.kept", { field: fieldLabel(conflict.field, labels) }) });
    setConflict(null);
  }, [conflict, toast, labels]);

  return { save, startEditing, conflict, reapply, keepTheirs };
}
