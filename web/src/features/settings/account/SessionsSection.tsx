// The user's open sessions, the current one marked; ending another signs that browser out.
import { useState } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { keys } from "../../../api/keys";
import { Button } from "../../../components/Button";
import { Skeleton } from "../../../components/Skeleton";
import { ErrorNotice } from "../../../components/ErrorNotice";
import { useToast } from "../../../components/Toast";
import { formatDateTime, formatRelative, t } from "../../../i18n";
import { ConfirmDialog } from "../shared/ConfirmDialog";
import type { Schemas } from "../../../api/types";
import styles from "../shared/settings.module.css";

type SessionInfo = Schemas["SessionInfo"];

export function SessionsSection() {
  const queries = useQueryClient();
  const toast = useToast();
  const [ending, setEnding] = useState<SessionInfo | null>(null);
  const sessions = useQuery({
    queryKey: keys.settings("sessions"),
    queryFn: async () => must(await api.GET("/api/v1/auth/sessions")).data,
  });
  return (
    <section className={styles.card} aria-labelledby="account-sessions">
      <h2 id="account-sessions">{t("sessions.title")}</h2>
      <p className={styles.intro}>{t("sessions.intro")}</p>
      {sessions.isPending ? (
        <Skeleton lines={3} />
      ) : sessions.isError ? (
        <ErrorNotice error={sessions.error} retry={() => void sessions.refetch()} />
      ) : (
        <div className={styles.tableWrap}>
          <table className={`${styles.table} ${styles.stack}`}>
            <thead>
              <tr>
                <th scope="col">{t("sessions.started")}</th>
                <th scope="col">{t("sessions.lastSeen")}</th>
                <th scope="col">{t("sessions.expires")}</th>
                <th scope="col">
                  <span className="visually-hidden">{t("settings.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {sessions.data.map((s) => (
                <tr key={s.id}>
                  <td data-label={t("sessions.started")}>
                    {formatDateTime(s.created_at)}{" "}
                    {s.current && <span className={`${styles.badge} ${styles.accent}`}>{t("sessions.current")}</span>}
                  </td>
                  <td data-label={t("sessions.lastSeen")}>{s.last_seen_at ? formatRelative(s.last_seen_at) : t("common.none")}</td>
                  <td data-label={t("sessions.expires")}>{formatDateTime(s.expires_at)}</td>
                  <td>
                    <div className={styles.rowActions}>
                      {!s.current && (
                        <Button size="small" variant="danger" onClick={() => setEnding(s)}>
                          {t("sessions.end")}
                        </Button>
                      )}
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {ending && (
        <ConfirmDialog
          title={t("sessions.endTitle")}
          confirm={t("sessions.end")}
          onClose={() => setEnding(null)}
          onConfirm={async () => {
            await api.DELETE("/api/v1/auth/sessions/{id}", { params: { path: { id: ending.id } } });
            await queries.invalidateQueries({ queryKey: keys.settings("sessions") });
            toast({ text: t("sessions.ended") });
          }}
        >
          <p>{t("sessions.endText", { started: formatDateTime(ending.created_at) })}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
