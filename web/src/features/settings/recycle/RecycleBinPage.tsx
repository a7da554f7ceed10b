// The recycle bin: deleted records, most recent first, with who deleted them; restore one and it
// is back where it was (a toast offers to open it).
import { useState } from "react";
import { useNavigate } from "react-router";
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { keys } from "../../../api/keys";
import { OBJECT_TYPES, type ObjectType } from "../../../api/types";
import { useUserDirectory } from "../../../app/users";
import { Button } from "../../../components/Button";
import { EmptyState } from "../../../components/EmptyState";
import { ErrorNotice } from "../../../components/ErrorNotice";
import { PageHeader } from "../../../components/PageHeader";
import { Skeleton } from "../../../components/Skeleton";
import { useToast } from "../../../components/Toast";
import { formatDateTime, formatRelative, t } from "../../../i18n";
import { errorText } from "../shared/errors";
import { SelectField } from "../shared/SelectField";
import { objectLabel } from "../roles/MatrixTable";
import styles from "../shared/settings.module.css";

type Entry = { object_type?: string; id?: string; name?: string | null; deleted_at?: string; deleted_by?: string | null };

/** POST /api/v1/{object}/{id}/restore exists for every record object; the typed client needs one literal path. */
async function restore(object: ObjectType, id: string): Promise<void> {
  const path = `/api/v1/${object}/{id}/restore` as "/api/v1/contacts/{id}/restore";
  await api.POST(path, { params: { path: { id } } });
}

export default function RecycleBinPage() {
  const [object, setObject] = useState<"" | ObjectType>("");
  const users = useUserDirectory();
  const queries = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  const [busy, setBusy] = useState<string | null>(null);
  const bin = useInfiniteQuery({
    queryKey: [...keys.settings("recycle-bin"), object],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      must(
        await api.GET("/api/v1/recycle-bin", {
          params: { query: { limit: 50, ...(object ? { object_type: object } : {}), ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const rows: Entry[] = bin.data?.pages.flatMap((p) => p.data) ?? [];
  const nameOf = (e: Entry) => e.name || t("recycle.noName");

  const doRestore = async (e: Entry) => {
    const obj = e.object_type as ObjectType;
    const id = e.id ?? "";
    setBusy(id);
    try {
      await restore(obj, id);
      await queries.invalidateQueries({ queryKey: keys.settings("recycle-bin") });
      await queries.invalidateQueries({ queryKey: keys.records(obj) });
      toast({ text: t("recycle.restored", { name: nameOf(e) }), action: { label: t("recycle.open"), run: () => navigate(`/${obj}/${id}`) } });
    } catch (err) {
      toast({ text: t("recycle.restoreFailed", { name: nameOf(e), reason: errorText(err) }), tone: "error" });
    } finally {
      setBusy(null);
    }
  };

  return (
    <>
      <PageHeader title={t("recycle.title")} />
      <div className={styles.body}>
        <p className={styles.intro}>{t("recycle.intro")}</p>
        <div className={styles.filters}>
          <SelectField label={t("recycle.object")} value={object} onChange={(v) => setObject(v as "" | ObjectType)}>
            <option value="">{t("recycle.all")}</option>
            {OBJECT_TYPES.map((o) => (
              <option key={o} value={o}>
                {objectLabel(o)}
              </option>
            ))}
          </SelectField>
        </div>
        {bin.isPending ? (
          <Skeleton lines={6} />
        ) : bin.isError ? (
          <ErrorNotice error={bin.error} retry={() => void bin.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState title={t("recycle.empty.title")}>{t("recycle.empty.body")}</EmptyState>
        ) : (
          <>
            <div className={styles.tableWrap}>
              <table className={`${styles.table} ${styles.stack}`}>
                <thead>
                  <tr>
                    <th scope="col">{t("recycle.name")}</th>
                    <th scope="col">{t("recycle.object")}</th>
                    <th scope="col">{t("recycle.deleted")}</th>
                    <th scope="col">{t("recycle.deletedBy")}</th>
                    <th scope="col">
                      <span className="visually-hidden">{t("settings.actions")}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((e) => {
                    const by = e.deleted_by ? users.get(e.deleted_by) : undefined;
                    return (
                      <tr key={`${e.object_type}/${e.id}`}>
                        <td className={styles.name}>{nameOf(e)}</td>
                        <td data-label={t("recycle.object")}>{objectLabel(e.object_type ?? "")}</td>
                        <td data-label={t("recycle.deleted")}>
                          <time dateTime={e.deleted_at} title={formatDateTime(e.deleted_at)}>
                            {formatRelative(e.deleted_at)}
                          </time>
                        </td>
                        <td data-label={t("recycle.deletedBy")}>{by ? by.name || by.email : t("common.none")}</td>
                        <td>
                          <div className={styles.rowActions}>
                            <Button size="small" disabled={busy === e.id} onClick={() => void doRestore(e)} aria-label={t("recycle.restoreNamed", { name: nameOf(e) })}>
                              {t("recycle.restore")}
                            </Button>
                          </div>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            {bin.hasNextPage && (
              <div>
                <Button onClick={() => void bin.fetchNextPage()} disabled={bin.isFetchingNextPage}>
                  {bin.isFetchingNextPage ? t("app.loading") : t("recycle.more")}
                </Button>
              </div>
            )}
          </>
        )}
      </div>
    </>
  );
}
