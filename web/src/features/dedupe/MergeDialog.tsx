// The merge of a pair or a group: the dry run's field-by-field preview as a table (one column per
// record, a radio per field for the value kept, a radio in each column's head for the record that
// stays and, with three or more, a button leaving that record out of the merge), the count of
// related items that move, then the merge, a toast linking to the surviving record.
import { useState } from "react";
import { useNavigate } from "react-router";
import { useQueries, useQuery } from "@tanstack/react-query";
import { keys } from "../../api/keys";
import { useUserDirectory } from "../../app/users";
import { Button } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import { useToast } from "../../components/Toast";
import { valueText } from "../../components/fields/values";
import { t } from "../../i18n";
import { recordPath, recordTitle } from "../records/objects";
import { fieldLabel } from "../records/record/labels";
import { getRecord, useRecordName } from "../records/record/recordApi";
import { errorText } from "../settings/shared/errors";
import { FormAlert } from "../settings/shared/FormAlert";
import { Skeleton } from "../../components/Skeleton";
import { merge, previewMerge, type DedupeObject } from "./api";
import { choicesFor, keptIds, mergeIds, movedTotal, previewRows } from "./pairs";
import styles from "./dedupe.module.css";

/** A company id by the company's name (cached per record), else the id. */
function CompanyValue({ id }: { id: string }) {
  const c = useRecordName("companies", id);
  return <>{c.data ? recordTitle("companies", c.data) : id}</>;
}

export function MergeDialog({
  object,
  ids: group,
  onClose,
  onMerged,
}: {
  object: DedupeObject;
  ids: readonly string[];
  onClose: () => void;
  onMerged: () => void;
}) {
  const toast = useToast();
  const navigate = useNavigate();
  const users = useUserDirectory();
  const [leftOut, setLeftOut] = useState<string[]>([]);
  const ids = group.filter((id) => !leftOut.includes(id));
  const [survivor, setSurvivor] = useState(group[0] ?? "");
  const [choices, setChoices] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const order = mergeIds(ids, survivor);
  // The preview of this survivor: the defaults the server would keep, the related rows that move.
  const preview = useQuery({
    queryKey: ["merge-preview", object, ...order],
    queryFn: () => previewMerge(object, order, choicesFor(choices, order)),
  });
  const records = useQueries({
    queries: group.map((id) => ({ queryKey: keys.record(object, id), queryFn: () => getRecord(object, id), staleTime: 60_000 })),
  });
  const names = new Map(group.map((id, i) => [id, recordTitle(object, records[i]?.data)]));
  const list = (of: string[]) =>
    new Intl.ListFormat(undefined, { style: "long", type: "conjunction" }).format(of.map((id) => names.get(id) ?? ""));
  const show = (field: string, v: unknown): string => {
    if (field === "owner_id" && typeof v === "string") {
      const u = users.get(v);
      return u ? u.name || u.email : v;
    }
    return valueText(Array.isArray(v) ? "list" : typeof v === "boolean" ? "bool" : "text", v, { yes: t("common.yes"), no: t("common.no") }) || t("dedupe.merge.empty");
  };

  const run = async () => {
    if (!preview.data) return;
    setBusy(true);
    setError(null);
    try {
      const done = await merge(object, order, keptIds(preview.data.fields, choices));
      const name = recordTitle(object, done.record);
      onMerged();
      onClose();
      toast({
        text: t("dedupe.merge.done", { name, n: done.moved }),
        action: { label: t("dedupe.merge.open"), run: () => navigate(recordPath(object, done.survivor_id)) },
        ms: 10_000,
      });
    } catch (e) {
      setError(t("dedupe.merge.failed", { reason: errorText(e) }));
    } finally {
      setBusy(false);
    }
  };

  const kept = preview.data ? keptIds(preview.data.fields, choices) : {};
  const moves = preview.data ? movedTotal(preview.data.related) : 0;
  return (
    <Dialog
      title={t("dedupe.merge.title", { n: ids.length })}
      onClose={onClose}
      wide
      footer={
        <>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button variant="primary" disabled={busy || !preview.data} onClick={() => void run()}>
            {t("dedupe.merge.confirm")}
          </Button>
        </>
      }
    >
      <p className={styles.intro}>{t("dedupe.merge.intro")}</p>
      <FormAlert message={error ?? (preview.isError ? errorText(preview.error) : null)} />
      {preview.isPending ? (
        <Skeleton lines={5} />
      ) : preview.data ? (
        <>
          <div className={styles.scroll}>
            <table className={ids.length > 2 ? `${styles.preview} ${styles.many}` : styles.preview}>
              <thead>
                <tr>
                  <th scope="col">{t("dedupe.merge.field")}</th>
                  {ids.map((id) => (
                    <th scope="col" key={id} className={id === survivor ? styles.survivorHead : undefined}>
                      <span className={styles.recordName}>{names.get(id)}</span>
                      <label className={styles.choice}>
                        <input
                          type="radio"
                          name="survivor"
                          checked={survivor === id}
                          onChange={() => setSurvivor(id)}
                          aria-label={t("dedupe.merge.survivorOf", { name: names.get(id) ?? "" })}
                        />
                        <span aria-hidden="true">{t("dedupe.merge.survivor")}</span>
                      </label>
                      {ids.length > 2 && id !== survivor && (
                        <Button
                          size="small"
                          variant="ghost"
                          onClick={() => setLeftOut((l) => [...l, id])}
                          aria-label={t("dedupe.merge.leaveOutOf", { name: names.get(id) ?? "" })}
                        >
                          {t("dedupe.merge.leaveOut")}
                        </Button>
                      )}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {previewRows(preview.data.fields).map(({ field, differs }) => {
                  const label = fieldLabel(field.field);
                  return (
                    <tr key={field.field} className={differs ? undefined : styles.same}>
                      <th scope="row">{label}</th>
                      {ids.map((id) => {
                        const v = field.values.find((x) => x.id === id)?.value;
                        return (
                          <td key={id} className={kept[field.field] === id ? styles.kept : undefined}>
                            <label className={styles.choice}>
                              <input
                                type="radio"
                                name={`keep-${field.field}`}
                                checked={kept[field.field] === id}
                                onChange={() => setChoices((c) => ({ ...c, [field.field]: id }))}
                                aria-label={t("dedupe.merge.keep", { field: label, name: names.get(id) ?? "" })}
                              />
                              <span className={styles.value}>
                                {field.field === "company_id" && typeof v === "string" ? <CompanyValue id={v} /> : show(field.field, v)}
                              </span>
                            </label>
                          </td>
                        );
                      })}
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
          {leftOut.length > 0 && (
            <p className={styles.moves}>
              {t("dedupe.merge.leftOut", { names: list(leftOut) })}{" "}
              <Button size="small" variant="ghost" onClick={() => setLeftOut([])}>
                {t("dedupe.merge.putBack")}
              </Button>
            </p>
          )}
          <p className={styles.moves}>{moves > 0 ? t("dedupe.merge.moves", { n: moves }) : t("dedupe.merge.movesNone")}</p>
        </>
      ) : null}
    </Dialog>
  );
}
