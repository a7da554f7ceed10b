// One webhook: what it sends where, its state (and the server's reason when it disabled it), the
// actions on it (enable or disable, rotate the secret, change, delete) and its delivery log.
import { useState, type ReactNode } from "react";
import { Link, useNavigate, useParams } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { isApiError } from "../../../api/problem";
import { Button } from "../../../components/Button";
import { useToast } from "../../../components/Toast";
import { formatDateTime, formatRelative, t } from "../../../i18n";
import { ConfirmDialog } from "../shared/ConfirmDialog";
import { errorText } from "../shared/errors";
import { Loaded } from "../shared/Loaded";
import { SettingsPage } from "../shared/SettingsPage";
import { DeliveriesLog } from "./DeliveriesLog";
import { FilterSummary } from "./FilterField";
import { useWebhook, webhooksKey } from "./queries";
import { SecretDialog } from "./SecretDialog";
import { WebhookDialog } from "./WebhookDialog";
import { DeleteWebhookDialog } from "./WebhooksPage";
import { DisabledNotice, FailingSince, StatusBadge } from "./WebhookStatus";
import { eventsText, type Webhook, type WebhookWithSecret } from "./webhook";
import styles from "../shared/settings.module.css";
import own from "./webhooks.module.css";

export default function WebhookPage() {
  const { id = "" } = useParams();
  const hook = useWebhook(id);
  const back = (
    <Link to="/settings/webhooks" className={styles.small}>
      {t("webhooks.back")}
    </Link>
  );
  return (
    <Loaded query={hook}>
      {(w) => <WebhookView webhook={w} back={back} />}
    </Loaded>
  );
}

function WebhookView({ webhook: w, back }: { webhook: Webhook; back: ReactNode }) {
  const queries = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [rotating, setRotating] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [secret, setSecret] = useState<WebhookWithSecret | null>(null);
  const [busy, setBusy] = useState(false);

  const setEnabled = async (enabled: boolean) => {
    setBusy(true);
    try {
      await api.PATCH("/api/v1/webhooks/{id}", { params: { path: { id: w.id }, header: { "If-Match": `"${w.version}"` } }, body: { enabled } });
      toast({ text: t(enabled ? "webhooks.enabledNow" : "webhooks.disabledNow") });
    } catch (e) {
      toast({ tone: "error", text: isApiError(e) && e.status === 412 ? t("webhooks.stale") : errorText(e) });
    } finally {
      setBusy(false);
      await queries.invalidateQueries({ queryKey: webhooksKey });
    }
  };

  const toggle = (
    <Button variant={w.enabled ? "secondary" : "primary"} disabled={busy} onClick={() => void setEnabled(!w.enabled)}>
      {w.enabled ? t("webhooks.disable") : t("webhooks.enable")}
    </Button>
  );

  return (
    <SettingsPage title={w.description ? t("webhooks.oneTitleNamed", { name: w.description }) : t("webhooks.oneTitle")} headerExtra={back}>
      {!w.enabled && w.disabled_reason && (
        <DisabledNotice title={t("webhooks.disabledNotice.thisTitle")} reason={w.disabled_reason}>
          <div>{toggle}</div>
        </DisabledNotice>
      )}
      <section className={styles.card} aria-labelledby="webhook-facts">
        <div className={styles.cardHead}>
          <h2 id="webhook-facts" className={`${styles.mono} ${own.url}`}>
            {w.url}
          </h2>
          <div className={styles.actions}>
            {!w.disabled_reason && toggle}
            <Button onClick={() => setRotating(true)}>{t("webhooks.rotate")}</Button>
            <Button onClick={() => setEditing(true)}>{t("common.edit")}</Button>
            <Button variant="danger" onClick={() => setDeleting(true)}>
              {t("common.delete")}
            </Button>
          </div>
        </div>
        <dl className={styles.facts}>
          <dt>{t("webhooks.state")}</dt>
          <dd>
            <StatusBadge webhook={w} />
            <FailingSince webhook={w} />
          </dd>
          <dt>{t("webhooks.events")}</dt>
          <dd className={own.eventNames}>{eventsText(w.event_types, 100)}</dd>
          <dt>{t("webhooks.field.filter")}</dt>
          <dd>
            <FilterSummary webhook={w} />
          </dd>
          <dt>{t("webhooks.description")}</dt>
          <dd>{w.description || <span className={styles.muted}>{t("common.none")}</span>}</dd>
          <dt>{t("webhooks.created")}</dt>
          <dd title={formatDateTime(w.created_at)}>{formatRelative(w.created_at)}</dd>
          {w.previous_secret_expires_at && (
            <>
              <dt>{t("webhooks.secret.previous")}</dt>
              <dd>{t("webhooks.secret.previousUntil", { when: formatDateTime(w.previous_secret_expires_at) })}</dd>
            </>
          )}
        </dl>
      </section>
      <section className={own.log} aria-labelledby="webhook-deliveries">
        <h2 id="webhook-deliveries" className={own.sectionTitle}>
          {t("webhooks.deliveries")}
        </h2>
        <p className={`${styles.muted} ${styles.small}`}>{t("webhooks.delivery.intro")}</p>
        <DeliveriesLog webhook={w} onEditFilter={() => setEditing(true)} />
      </section>
      {editing && <WebhookDialog webhook={w} onClose={() => setEditing(false)} />}
      {rotating && (
        <ConfirmDialog
          title={t("webhooks.rotateTitle")}
          confirm={t("webhooks.rotateConfirm")}
          onClose={() => setRotating(false)}
          onConfirm={async () => {
            setSecret(must(await api.POST("/api/v1/webhooks/{id}/rotate-secret", { params: { path: { id: w.id } } })));
            await queries.invalidateQueries({ queryKey: webhooksKey });
          }}
        >
          <p>{t("webhooks.rotateText")}</p>
        </ConfirmDialog>
      )}
      {secret && <SecretDialog webhook={secret} rotated onClose={() => setSecret(null)} />}
      {deleting && <DeleteWebhookDialog webhook={w} onClose={() => setDeleting(false)} onDeleted={() => navigate("/settings/webhooks")} />}
    </SettingsPage>
  );
}
