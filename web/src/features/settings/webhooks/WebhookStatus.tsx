// A webhook's state as a badge, and the notice of one the server disabled: named, with the
// server's reason and what to do, so an admin cannot miss that deliveries have stopped.
import type { ReactNode } from "react";
import { formatDateTime, t } from "../../../i18n";
import { StateBadge } from "../shared/Badge";
import { StoppedNotice } from "../shared/StoppedNotice";
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
    <StoppedNotice title={title} why={t("webhooks.disabledNotice.reason")} reason={reason} next={t("webhooks.disabledNotice.next")}>
      {children}
    </StoppedNotice>
  );
}
