// Webhooks: tell other systems what changes in the workspace. The list (URL, events, filter in words, state, with
// a webhook the server disabled said above the table), create (the secret is shown once), change
// and delete; a webhook's page has its secret rotation, enabling and delivery log.
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { api } from "../../../api/client";
import { Button } from "../../../components/Button";
import { useToast } from "../../../components/Toast";
import { t } from "../../../i18n";
import { ConfirmDialog } from "../shared/ConfirmDialog";
import { Loaded } from "../shared/Loaded";
import { SettingsPage } from "../shared/SettingsPage";
import { NameCell, SettingsTable } from "../shared/SettingsTable";
import { useWebhooks, webhookKey, webhooksKey } from "./queries";
import { SecretDialog } from "./SecretDialog";
import { FilterSummary } from "./FilterField";
import { WebhookDialog } from "./WebhookDialog";
import { DisabledNotice, FailingSince, StatusBadge } from "./WebhookStatus";
import { eventsText, type Webhook, type WebhookWithSecret } from "./webhook";
import styles from "../shared/settings.module.css";
import own from "./webhooks.module.css";

export default function WebhooksPage() {
  const list = useWebhooks();
  const [editing, setEditing] = useState<Webhook | "new" | null>(null);
  const [created, setCreated] = useState<WebhookWithSecret | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const navigate = useNavigate();
  const add = { label: t("webhooks.add"), run: () => setEditing("new") };

  return (
    <SettingsPage title={t("webhooks.title")} intro={t("webhooks.intro")} action={add}>
      <Loaded query={list}>
        {(all) => (
          <>
            {all
              .filter((w) => !w.enabled && w.disabled_reason)
              .map((w) => (
                <DisabledNotice key={w.id} title={t("webhooks.disabledNotice.title", { url: w.url })} reason={w.disabled_reason ?? ""}>
                  <div>
                    <Link to={w.id}>{t("webhooks.disabledNotice.open")}</Link>
                  </div>
                </DisabledNotice>
              ))}
            <SettingsTable
              label={t("webhooks.title")}
              rows={all}
              rowKey={(w) => w.id}
              empty={{ title: t("webhooks.empty.title"), body: t("webhooks.empty.body"), action: add }}
              columns={[
                {
                  header: t("webhooks.url"),
                  primary: true,
                  cell: (w) => <NameCell name={<Link to={w.id} className={styles.mono}>{w.url}</Link>} sub={w.description || undefined} />,
                },
                { header: t("webhooks.events"), cell: (w) => <span className={own.eventNames}>{eventsText(w.event_types)}</span> },
                { header: t("webhooks.filterColumn"), cell: (w) => <FilterSummary webhook={w} /> },
                {
                  header: t("webhooks.state"),
                  cell: (w) => (
                    <>
                      <StatusBadge webhook={w} />
                      <FailingSince webhook={w} />
                    </>
                  ),
                },
              ]}
              actions={(w) => (
                <>
                  <Button size="small" onClick={() => navigate(w.id)} aria-label={t("webhooks.deliveriesOf", { url: w.url })}>
                    {t("webhooks.deliveries")}
                  </Button>
                  <Button size="small" onClick={() => setEditing(w)} aria-label={t("webhooks.editNamed", { url: w.url })}>
                    {t("common.edit")}
                  </Button>
                  <Button size="small" variant="danger" onClick={() => setDeleting(w)} aria-label={t("webhooks.deleteNamed", { url: w.url })}>
                    {t("common.delete")}
                  </Button>
                </>
              )}
            />
          </>
        )}
      </Loaded>
      {editing && (
        <WebhookDialog
          webhook={editing === "new" ? null : editing}
          onCreated={(w) => {
            setEditing(null);
            setCreated(w);
          }}
          onClose={() => setEditing(null)}
        />
      )}
      {created && <SecretDialog webhook={created} rotated={false} onClose={() => setCreated(null)} />}
      {deleting && <DeleteWebhookDialog webhook={deleting} onClose={() => setDeleting(null)} />}
    </SettingsPage>
  );
}

/** Deleting names the URL and says the log goes with it. */
export function DeleteWebhookDialog({ webhook, onClose, onDeleted }: { webhook: Webhook; onClose: () => void; onDeleted?: () => void }) {
  const queries = useQueryClient();
  const toast = useToast();
  return (
    <ConfirmDialog
      title={t("webhooks.deleteTitle")}
      confirm={t("webhooks.deleteConfirm")}
      onClose={onClose}
      onConfirm={async () => {
        await api.DELETE("/api/v1/webhooks/{id}", { params: { path: { id: webhook.id } } });
        onDeleted?.();
        queries.removeQueries({ queryKey: webhookKey(webhook.id) });
        await queries.invalidateQueries({ queryKey: webhooksKey });
        toast({ text: t("webhooks.deleted", { url: webhook.url }) });
      }}
    >
      <p>{t("webhooks.deleteText", { url: webhook.url })}</p>
    </ConfirmDialog>
  );
}
