// One import: its live progress (the WebSocket's notices, polling when the socket is down), then
// its counts, the rows it refused with the errors CSV, a link to what it brought in, and Undo
// (confirmed, naming what it removes). A dry run shows the same, without undo.
import { useState } from "react";
import { Link, useLocation, useParams } from "react-router";
import { isApiError } from "../../api/problem";
import { EmptyState } from "../../components/EmptyState";
import { Button } from "../../components/Button";
import { useToast } from "../../components/Toast";
import { formatDateTime, t } from "../../i18n";
import { useUserDirectory } from "../../app/users";
import { objects } from "../records/objects";
import { ConfirmDialog } from "../settings/shared/ConfirmDialog";
import { Loaded } from "../settings/shared/Loaded";
import { SettingsPage } from "../settings/shared/SettingsPage";
import { FailedRowsTable } from "./FailedRowsTable";
import { ImportProgress } from "./ImportProgress";
import { requestUndo, undoWhat } from "./undo";
import { useImport } from "./useImport";
import { canUndo, isActive, isImportObject, type Import } from "./imports";
import shared from "../settings/shared/settings.module.css";
import styles from "./imports.module.css";

function Facts({ i }: { i: Import }) {
  const users = useUserDirectory();
  const who = users.get(i.created_by);
  return (
    <dl className={shared.facts}>
      <dt>{t("imports.facts.object")}</dt>
      <dd>{isImportObject(i.object) ? objects[i.object].plural : i.object}</dd>
      <dt>{t("imports.facts.file")}</dt>
      <dd>
        {i.file_name} · {i.format.toUpperCase()}
        {i.sheet ? ` · ${t("imports.facts.sheet", { sheet: i.sheet })}` : ""}
      </dd>
      <dt>{t("imports.facts.by")}</dt>
      <dd>{who?.name ?? who?.email ?? t("imports.facts.someone")}</dd>
      <dt>{t("imports.facts.when")}</dt>
      <dd>{formatDateTime(i.created_at)}</dd>
      {i.undone_at && (
        <>
          <dt>{t("imports.facts.undone")}</dt>
          <dd>{formatDateTime(i.undone_at)}</dd>
        </>
      )}
    </dl>
  );
}

export default function ImportPage() {
  const { id = "" } = useParams();
  // Undo asked for from the list: the page waits for the undone state as if asked here.
  const location = useLocation();
  const [undoing, setUndoing] = useState(Boolean((location.state as { undoing?: boolean } | null)?.undoing));
  const query = useImport(id, undoing);
  const toast = useToast();
  const [confirming, setConfirming] = useState(false);
  if (query.isError && isApiError(query.error) && query.error.status === 404)
    return (
      <SettingsPage title={t("imports.one.title")}>
        <EmptyState title={t("imports.one.missing")} action={<Link to="/settings/imports">{t("imports.back")}</Link>} />
      </SettingsPage>
    );
  const i = query.data;
  const listPath = i && isImportObject(i.object) ? objects[i.object].path : null;
  const waiting = undoing && i?.state !== "undone";
  return (
    <SettingsPage
      title={i ? (i.dry_run ? t("imports.one.dryTitle", { file: i.file_name }) : t("imports.one.fileTitle", { file: i.file_name })) : t("imports.one.title")}
      headerExtra={
        <Link to="/settings/imports" className={shared.linkButton}>
          {t("imports.back")}
        </Link>
      }
    >
      <Loaded query={query} lines={6}>
        {(imp) => (
          <>
            <section className={shared.card} aria-label={t("imports.progress.section")}>
              <ImportProgress i={imp} />
              <div className={shared.actions}>
                {listPath && !imp.dry_run && imp.state === "done" && (
                  <Link className={styles.buttonLink} to={listPath}>
                    {t("imports.one.view", { what: objects[imp.object as keyof typeof objects].plural.toLowerCase() })}
                  </Link>
                )}
                {imp.dry_run && !isActive(imp.state) && (
                  <Link className={styles.buttonLink} to={`/settings/imports/new?object=${imp.object}`}>
                    {t("imports.one.again")}
                  </Link>
                )}
                {canUndo(imp) && !waiting && (
                  <Button variant="danger" onClick={() => setConfirming(true)}>
                    {t("imports.undo")}
                  </Button>
                )}
                {waiting && (
                  <span className={shared.muted} role="status">
                    {t("imports.undo.running")}
                  </span>
                )}
              </div>
              <Facts i={imp} />
            </section>
            <FailedRowsTable i={imp} />
            {confirming && (
              <ConfirmDialog
                title={t("imports.undo.title", { file: imp.file_name })}
                confirm={t("imports.undo.confirm")}
                onConfirm={async () => {
                  await requestUndo(imp.id);
                  setUndoing(true);
                  toast({ text: t("imports.undo.started") });
                }}
                onClose={() => setConfirming(false)}
              >
                {undoWhat(imp)}
              </ConfirmDialog>
            )}
          </>
        )}
      </Loaded>
    </SettingsPage>
  );
}
