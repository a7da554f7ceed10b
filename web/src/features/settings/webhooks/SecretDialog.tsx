// A webhook's signing secret, shown once: after creation and after a rotation. Said plainly that
// it will not be shown again, with a copy button and, after a rotation, until when the old one works.
import { Button } from "../../../components/Button";
import { Dialog } from "../../../components/Dialog";
import { formatDateTime, t } from "../../../i18n";
import { CopyButton } from "../shared/CopyButton";
import type { WebhookWithSecret } from "./webhook";
import styles from "../shared/settings.module.css";

export function SecretDialog({ webhook, rotated, onClose }: { webhook: WebhookWithSecret; rotated: boolean; onClose: () => void }) {
  return (
    <Dialog
      title={rotated ? t("webhooks.secret.rotatedTitle") : t("webhooks.secret.createdTitle")}
      onClose={onClose}
      footer={
        <Button variant="primary" onClick={onClose}>
          {t("webhooks.secret.done")}
        </Button>
      }
    >
      <p className={styles.notice}>
        <strong>{t("webhooks.secret.once")}</strong> {t("webhooks.secret.onceWhy")}
      </p>
      <div className={styles.secret}>
        <code data-testid="webhook-secret">{webhook.secret}</code>
        <CopyButton text={webhook.secret} label={t("webhooks.secret.copy")} />
      </div>
      <p className={`${styles.muted} ${styles.small}`}>{t("webhooks.secret.usage", { url: webhook.url })}</p>
      {rotated && webhook.previous_secret_expires_at && (
        <p className={`${styles.muted} ${styles.small}`}>{t("webhooks.secret.grace", { when: formatDateTime(webhook.previous_secret_expires_at) })}</p>
      )}
    </Dialog>
  );
}
