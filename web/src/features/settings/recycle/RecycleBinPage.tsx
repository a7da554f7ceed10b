// The recycle bin: deleted records, most recent first, with who deleted them; restore one and it
// is back where it was (a toast offers to open it).
import { useState } from "react";
import { useNavigate } from "react-router";
import { useInfiniteQuery } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { keys } from "../../../api/keys";
import { OBJECT_TYPES, type ObjectType } from "../../../api/types";
import { useUserDirectory } from "../../../app/users";
import { Button } from "../../../components/Button";
import { useToast } from "../../../components/Toast";
import { formatDateTime, formatRelative, t } from "../../../i18n";
import { errorText } from "../shared/errors";
import { LoadMore } from "../shared/LoadMore";
import { Loaded } from "../shared/Loaded";
import { useRefresh } from "../shared/queries";
import { SelectField } from "../shared/SelectField";
import { SettingsPage } from "../shared/SettingsPage";
import { SettingsTable } from "../shared/SettingsTable";
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
  const refresh = useRefresh();
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
  const nameOf = (e: Entry) => e.name || t("recycle.noName");

  const doRestore = async (e: Entry) => {
    const obj = e.object_type as ObjectType;
    const id = e.id ?? "";
    setBusy(id);
    try {
      await restore(obj, id);
      await refresh("recycle-bin", keys.records(obj));
      toast({ text: t("recycle.restored", { name: nameOf(e) }), action: { label: t("recycle.open"), run: () => navigate(`/${obj}/${id}`) } });
    } catch (err) {
      toast({ text: t("recycle.restoreFailed", { name: nameOf(e), reason: errorText(err) }), tone: "error" });
    } finally {
      setBusy(null);
    }
  };

  return (
    <SettingsPage title={t("recycle.title")} intro={t("recycle.intro")}>
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
      <Loaded query={bin} lines={6}>
        {(data) => (
          <>
            <SettingsTable<Entry>
              label={t("recycle.title")}
              rows={data.pages.flatMap((p) => p.data)}
              rowKey={(e) => `${e.object_type}/${e.id}`}
              empty={{ title: t("recycle.empty.title"), body: t("recycle.empty.body") }}
              columns={[
                { header: t("recycle.name"), primary: true, className: styles.name, cell: nameOf },
                { header: t("recycle.object"), cell: (e) => objectLabel(e.object_type ?? "") },
                {
                  header: t("recycle.deleted"),
                  cell: (e) => (
                    <time dateTime={e.deleted_at} title={formatDateTime(e.deleted_at)}>
                      {formatRelative(e.deleted_at)}
                    </time>
                  ),
                },
                {
                  header: t("recycle.deletedBy"),
                  cell: (e) => {
                    const by = e.deleted_by ? users.get(e.deleted_by) : undefined;
                    return by ? by.name || by.email : t("common.none");
                  },
                },
              ]}
              actions={(e) => (
                <Button size="small" disabled={busy === e.id} onClick={() => void doRestore(e)} aria-label={t("recycle.restoreNamed", { name: nameOf(e) })}>
                  {t("recycle.restore")}
                </Button>
              )}
            />
            <LoadMore query={bin} label={t("recycle.more")} />
          </>
        )}
      </Loaded>
    </SettingsPage>
  );
}
