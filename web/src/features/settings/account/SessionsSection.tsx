// The user's open sessions, the current one marked; ending another signs that browser out.
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { keys } from "../../../api/keys";
import { Button } from "../../../components/Button";
import { useToast } from "../../../components/Toast";
import { formatDateTime, formatRelative, t } from "../../../i18n";
import { Badge } from "../shared/Badge";
import { ConfirmDialog } from "../shared/ConfirmDialog";
import { Loaded } from "../shared/Loaded";
import { useRefresh } from "../shared/queries";
import { SettingsTable } from "../shared/SettingsTable";
import type { Schemas } from "../../../api/types";
import styles from "../shared/settings.module.css";

type SessionInfo = Schemas["SessionInfo"];

export function SessionsSection() {
  const refresh = useRefresh();
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
      <Loaded query={sessions} lines={3}>
        {(list) => (
          <SettingsTable
            label={t("sessions.title")}
            rows={list}
            rowKey={(s) => s.id}
            columns={[
              {
                header: t("sessions.started"),
                cell: (s) => (
                  <>
                    {formatDateTime(s.created_at)} {s.current && <Badge tone="accent">{t("sessions.current")}</Badge>}
                  </>
                ),
              },
              { header: t("sessions.lastSeen"), cell: (s) => (s.last_seen_at ? formatRelative(s.last_seen_at) : t("common.none")) },
              { header: t("sessions.expires"), cell: (s) => formatDateTime(s.expires_at) },
            ]}
            actions={(s) =>
              !s.current && (
                <Button size="small" variant="danger" onClick={() => setEnding(s)}>
                  {t("sessions.end")}
                </Button>
              )
            }
          />
        )}
      </Loaded>
      {ending && (
        <ConfirmDialog
          title={t("sessions.endTitle")}
          confirm={t("sessions.end")}
          onClose={() => setEnding(null)}
          onConfirm={async () => {
            await api.DELETE("/api/v1/auth/sessions/{id}", { params: { path: { id: ending.id } } });
            await refresh("sessions");
            toast({ text: t("sessions.ended") });
          }}
        >
          <p>{t("sessions.endText", { started: formatDateTime(ending.created_at) })}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
