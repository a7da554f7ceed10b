// Past imports, newest first (the server's latest 200: admins see everyone's, others their own):
// the file and what it held, its state, its counts, who and when; open one for its progress and
// failed rows, or undo it from here (confirmed). Running imports move live from the WebSocket's
// notices (polled every 3 s as the fallback while one is active).
import { useCallback, useState } from "react";
import { Link, useNavigate } from "react-router";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../api/client";
import { useImportNotices } from "../../app/live";
import { useUserDirectory } from "../../app/users";
import { useToast } from "../../components/Toast";
import { Button } from "../../components/Button";
import { formatDateTime, formatNumber, t } from "../../i18n";
import { objects } from "../records/objects";
import { StateBadge } from "../settings/shared/Badge";
import { ConfirmDialog } from "../settings/shared/ConfirmDialog";
import { Loaded } from "../settings/shared/Loaded";
import { SettingsPage } from "../settings/shared/SettingsPage";
import { NameCell, SettingsTable } from "../settings/shared/SettingsTable";
import { requestUndo, undoWhat } from "./undo";
import { canUndo, importsKey, isActive, isImportObject, mergeNotice, percent, stateBadge, type Import, type ImportNotice } from "./imports";
import shared from "../settings/shared/settings.module.css";
import styles from "./imports.module.css";

type ImportList = { data: Import[] };

export function countsSummary(i: Import): string {
  const parts: string[] = [];
  const c = i.counts;
  if (c.created) parts.push(t(i.dry_run ? "imports.summary.wouldCreate" : "imports.summary.created", { n: formatNumber(c.created) }));
  if (c.updated) parts.push(t(i.dry_run ? "imports.summary.wouldUpdate" : "imports.summary.updated", { n: formatNumber(c.updated) }));
  if (c.skipped) parts.push(t("imports.summary.skipped", { n: formatNumber(c.skipped) }));
  if (c.failed) parts.push(t("imports.summary.failed", { n: formatNumber(c.failed) }));
  return parts.length ? parts.join(" · ") : t("imports.summary.none");
}

export default function ImportsPage() {
  const navigate = useNavigate();
  const queries = useQueryClient();
  const toast = useToast();
  const users = useUserDirectory();
  const [undoing, setUndoing] = useState<Import | null>(null);
  const list = useQuery({
    queryKey: [...importsKey, "list"],
    queryFn: async () => must(await api.GET("/api/v1/imports")) as ImportList,
    refetchInterval: (q) => (q.state.data?.data.some((i) => isActive(i.state)) ? 3000 : false),
  });
  const onNotice = useCallback(
    (n: { id: string }) =>
      queries.setQueryData<ImportList>([...importsKey, "list"], (current) =>
        current ? { data: current.data.map((i) => mergeNotice(i, n as unknown as ImportNotice) ?? i) } : current,
      ),
    [queries],
  );
  useImportNotices(onNotice);
  const start = { label: t("imports.new"), run: () => navigate("/settings/imports/new") };

  return (
    <SettingsPage title={t("imports.title")} intro={t("imports.intro")} action={start}>
      <Loaded query={list} lines={6}>
        {(data) => (
          <SettingsTable
            label={t("imports.title")}
            rows={data.data}
            rowKey={(i) => i.id}
            empty={{ title: t("imports.empty.title"), body: t("imports.empty.body"), action: start }}
            columns={[
              {
                header: t("imports.col.file"),
                primary: true,
                cell: (i) => (
                  <NameCell
                    name={
                      <Link to={`/settings/imports/${i.id}`} className={styles.fileLink}>
                        {i.file_name}
                      </Link>
                    }
                    sub={`${isImportObject(i.object) ? objects[i.object].plural : i.object} · ${i.format.toUpperCase()}${i.dry_run ? ` · ${t("imports.dryRun")}` : ""}`}
                  />
                ),
              },
              {
                header: t("imports.col.state"),
                cell: (i) => (
                  <span className={styles.stateCell}>
                    <StateBadge state={stateBadge(i.state)} />
                    {isActive(i.state) && <span className={shared.muted}>{t("imports.progress.percent", { n: percent(i) })}</span>}
                  </span>
                ),
              },
              { header: t("imports.col.counts"), cell: (i) => <span className={shared.small}>{countsSummary(i)}</span> },
              {
                header: t("imports.col.by"),
                cell: (i) => {
                  const u = users.get(i.created_by);
                  return u?.name ?? u?.email ?? t("imports.facts.someone");
                },
              },
              { header: t("imports.col.when"), cell: (i) => formatDateTime(i.created_at) },
            ]}
            actions={(i) =>
              canUndo(i) ? (
                <Button size="small" variant="danger" onClick={() => setUndoing(i)} aria-label={t("imports.undoOf", { file: i.file_name })}>
                  {t("imports.undo")}
                </Button>
              ) : null
            }
          />
        )}
      </Loaded>
      {undoing && (
        <ConfirmDialog
          title={t("imports.undo.title", { file: undoing.file_name })}
          confirm={t("imports.undo.confirm")}
          onConfirm={async () => {
            await requestUndo(undoing.id);
            toast({ text: t("imports.undo.started") });
            navigate(`/settings/imports/${undoing.id}`, { state: { undoing: true } });
          }}
          onClose={() => setUndoing(null)}
        >
          {undoWhat(undoing)}
        </ConfirmDialog>
      )}
    </SettingsPage>
  );
}
