// Settings → Calendar feed (everyone): a private address that Google Calendar, Outlook or
// Thunderbird subscribe to, holding the user's own meetings and tasks. Creating one shows its URL
// once, with copy and how to add it in each application; the list says when each feed was last
// read, and revoking one makes its URL answer nothing from then on.
import { useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { keys } from "../../../api/keys";
import type { Schemas } from "../../../api/types";
import { Button } from "../../../components/Button";
import { Dialog } from "../../../components/Dialog";
import { TextField } from "../../../components/Field";
import { useToast } from "../../../components/Toast";
import { formatDate, formatRelative, t } from "../../../i18n";
import { ConfirmDialog } from "../shared/ConfirmDialog";
import { CopyButton } from "../shared/CopyButton";
import { FormDialog } from "../shared/FormDialog";
import { Loaded } from "../shared/Loaded";
import { useRefresh } from "../shared/queries";
import { SettingsPage } from "../shared/SettingsPage";
import { NameCell, SettingsTable } from "../shared/SettingsTable";
import { useFormAction } from "../shared/useFormAction";
import styles from "../shared/settings.module.css";

type Feed = Schemas["CalendarFeed"];
type NewFeed = Schemas["NewCalendarFeed"];
const feedsKey = keys.settings("calendar-feeds");

export default function CalendarFeedPage() {
  const feeds = useQuery({ queryKey: feedsKey, queryFn: async () => must(await api.GET("/api/v1/calendar-feeds")).data });
  const refresh = useRefresh();
  const toast = useToast();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<Feed | null>(null);
  const add = { label: t("calendar.add"), run: () => setCreating(true) };
  return (
    <SettingsPage title={t("calendar.title")} intro={t("calendar.intro")} action={add}>
      <Loaded query={feeds}>
        {(all) => (
          <SettingsTable
            label={t("calendar.title")}
            rows={all}
            rowKey={(f) => f.id}
            empty={{ title: t("calendar.empty.title"), body: t("calendar.empty.body"), action: add }}
            columns={[
              { header: t("calendar.name"), primary: true, cell: (f) => <NameCell name={f.name} sub={t("calendar.created", { date: formatDate(f.created_at) })} /> },
              { header: t("calendar.lastUsed"), cell: (f) => (f.last_used_at ? formatRelative(f.last_used_at) : t("calendar.never")) },
            ]}
            actions={(f) => (
              <Button size="small" variant="danger" onClick={() => setRevoking(f)} aria-label={t("calendar.revokeNamed", { name: f.name })}>
                {t("calendar.revoke")}
              </Button>
            )}
          />
        )}
      </Loaded>
      <Instructions />
      {creating && <CreateFeedDialog onClose={() => setCreating(false)} />}
      {revoking && (
        <ConfirmDialog
          title={t("calendar.revokeTitle", { name: revoking.name })}
          confirm={t("calendar.revokeNamed", { name: revoking.name })}
          onClose={() => setRevoking(null)}
          onConfirm={async () => {
            await api.DELETE("/api/v1/calendar-feeds/{id}", { params: { path: { id: revoking.id } } });
            await refresh(feedsKey);
            toast({ text: t("calendar.revoked", { name: revoking.name }) });
          }}
        >
          <p>{t("calendar.revokeText")}</p>
        </ConfirmDialog>
      )}
    </SettingsPage>
  );
}

/** How to subscribe in each application, the same three steps people look up every time. */
function Instructions() {
  return (
    <section className={styles.card} aria-labelledby="calendar-how">
      <h2 id="calendar-how">{t("calendar.how.title")}</h2>
      <dl className={styles.facts}>
        <dt>Google Calendar</dt>
        <dd>{t("calendar.how.google")}</dd>
        <dt>Outlook</dt>
        <dd>{t("calendar.how.outlook")}</dd>
        <dt>Thunderbird</dt>
        <dd>{t("calendar.how.thunderbird")}</dd>
      </dl>
      <p className={`${styles.muted} ${styles.small}`}>{t("calendar.how.refresh")}</p>
    </section>
  );
}

function CreateFeedDialog({ onClose }: { onClose: () => void }) {
  const refresh = useRefresh();
  const [name, setName] = useState("Rapport");
  const [created, setCreated] = useState<NewFeed | null>(null);
  const action = useFormAction(async () => {
    setCreated(must(await api.POST("/api/v1/calendar-feeds", { body: { name: name.trim() } })));
    await refresh(feedsKey);
  });
  if (created)
    return (
      <Dialog
        title={t("calendar.createdTitle", { name: created.name })}
        onClose={onClose}
        footer={
          <Button variant="primary" onClick={onClose}>
            {t("calendar.done")}
          </Button>
        }
      >
        <p className={styles.notice}>{t("calendar.once")}</p>
        <div className={styles.secret}>
          <code data-testid="calendar-feed-url">{created.url}</code>
          <CopyButton text={created.url} label={t("calendar.copy")} />
        </div>
        <p className={`${styles.muted} ${styles.small}`}>{t("calendar.private")}</p>
      </Dialog>
    );
  return (
    <FormDialog title={t("calendar.add")} submit={t("calendar.create")} action={action} ready={!!name.trim()} onClose={onClose}>
      <TextField label={t("calendar.name")} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} error={action.errors.fields.name} help={t("calendar.nameHelp")} autoFocus />
    </FormDialog>
  );
}
