// A webhook's state as a badge, and the notice of one the server disabled: named, with the
// server's reason and what to do, so an admin cannot miss that deliveries have stopped.
import type { ReactNode } from "react";
import { Icon } from "../../../components/Icon";
import { formatDateTime, t, withReadableTimes } from "../../../i18n";
import { StateBadge } from "../shared/Badge";
import { webhookStatus, type Webhook } from "./webhook";
import own from "./webhooks.module.css";

export function StatusBadge({ webhook }: { webhook: Webhook }) {
  return <StateBadge state={webhookStatus(webhook)} />;
}

/** Under the badge of a failing webhook: since when, and how many attempts. */
export function FailingSince({ webhook }: { webhook: Webhook }) {
  if (!webhook.enabled || !webhook.failing_since) return null;
  return <div className={own.reason}>{t("webhooks.failingSince", { when: formatDateTime(webhook.failing_since), n: webhook.consecutive_failures })}</div>;
}

export function DisabledNotice({ title, reason, children }: { title: string; reason: string; children?: ReactNode }) {
  return (
    <section className={own.disabledNotice} role="alert">
      <h2>
        <Icon name="warning" /> {title}
      </h2>
      <p>
        {t("webhooks.disabledNotice.reason")} <strong>{withReadableTimes(reason)}</strong>
      </p>
      <p>{t("webhooks.disabledNotice.next")}</p>
      {children}
    </section>
  );
}
