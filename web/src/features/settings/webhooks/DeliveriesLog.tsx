// A webhook's delivery log, newest first: each attempt's outcome, the receiver's status code, how
// long it took, which attempt, when, and the start of the answer (or why nothing was sent), with
// "Redeliver" to send the event again now. Pages of 25; re-read every 10 s while open. An event the
// filter held back (it can no longer be asked) says so, with the way to change the filter.
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { OBJECT_TYPES } from "../../../api/types";
import { Button } from "../../../components/Button";
import { useToast } from "../../../components/Toast";
import { formatDateTime, formatNumber, formatRelative, t } from "../../../i18n";
import { StateBadge } from "../shared/Badge";
import { errorText } from "../shared/errors";
import { LoadMore } from "../shared/LoadMore";
import { Loaded } from "../shared/Loaded";
import { SettingsTable } from "../shared/SettingsTable";
import { shortId } from "../shared/actions";
import { deliveriesKey, useDeliveries } from "./queries";
import { deliveryState, type Delivery, type Webhook } from "./webhook";
import styles from "../shared/settings.module.css";
import own from "./webhooks.module.css";

const isRecord = (o: string) => (OBJECT_TYPES as readonly string[]).includes(o);

function Event({ d }: { d: Delivery }) {
  return (
    <>
      <div className={`${styles.mono} ${styles.small}`}>{d.event_type}</div>
      {isRecord(d.object_type) ? (
        <Link to={`/${d.object_type}/${d.object_id}`} className={styles.small}>
          {t("webhooks.delivery.record", { id: shortId(d.object_id) })}
        </Link>
      ) : (
        <span className={`${styles.muted} ${styles.small}`}>{d.object_type.replace(/_/g, " ")}</span>
      )}
    </>
  );
}

/** The reason the server logs for an event a filter it cannot ask held back (modules/webhooks/filter.cpp). */
export const heldByFilter = (d: Pick<Delivery, "status" | "error">) => d.status === "skipped" && !!d.error?.startsWith("not sent: the filter");

function Answer({ d, onEditFilter }: { d: Delivery; onEditFilter?: (() => void) | undefined }) {
  return (
    <>
      {d.error && <div className={own.reason}>{d.error}</div>}
      {heldByFilter(d) && (
        <div className={own.heldBack}>
          <p className={styles.small}>{t("webhooks.delivery.heldBack")}</p>
          {onEditFilter && (
            <Button size="small" onClick={onEditFilter}>
              {t("webhooks.delivery.changeFilter")}
            </Button>
          )}
        </div>
      )}
      {d.response_excerpt ? (
        <details className={own.excerpt}>
          <summary>{t("webhooks.delivery.response")}</summary>
          <pre className={styles.pre}>{d.response_excerpt}</pre>
        </details>
      ) : (
        !d.error && <span className={styles.muted}>{t("common.none")}</span>
      )}
    </>
  );
}

export function DeliveriesLog({ webhook, onEditFilter }: { webhook: Webhook; onEditFilter?: () => void }) {
  const log = useDeliveries(webhook.id);
  const queries = useQueryClient();
  const toast = useToast();
  const navigate = useNavigate();
  const [sending, setSending] = useState<string | null>(null);

  const redeliver = async (d: Delivery) => {
    setSending(d.id);
    try {
      const r = must(
        await api.POST("/api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver", { params: { path: { id: webhook.id, delivery_id: d.id } } }),
      );
      toast({ text: t("webhooks.delivery.redelivered", { event: d.event_type }), action: { label: t("webhooks.delivery.openJob"), run: () => navigate(`/settings/jobs?job=${r.job_id}`) } });
      // The new attempt is logged when the job has run: look again shortly.
      setTimeout(() => void queries.invalidateQueries({ queryKey: deliveriesKey(webhook.id) }), 1500);
    } catch (e) {
      toast({ tone: "error", text: t("webhooks.delivery.redeliverFailed", { reason: errorText(e) }) });
    } finally {
      setSending(null);
    }
  };

  return (
    <Loaded query={log} lines={6}>
      {(data) => {
        const rows = data.pages.flatMap((p) => p.data);
        return (
          <>
            <SettingsTable
              label={t("webhooks.deliveries")}
              rows={rows}
              rowKey={(d) => d.id}
              empty={{ title: t("webhooks.delivery.empty.title"), body: t("webhooks.delivery.empty.body") }}
              columns={[
                { header: t("webhooks.delivery.status"), primary: true, cell: (d) => <StateBadge state={deliveryState(d.status)} /> },
                { header: t("webhooks.delivery.event"), cell: (d) => <Event d={d} /> },
                { header: t("webhooks.delivery.http"), numeric: true, cell: (d) => d.http_status ?? t("common.none") },
                {
                  header: t("webhooks.delivery.duration"),
                  numeric: true,
                  cell: (d) => (d.duration_ms == null ? t("common.none") : t("webhooks.delivery.ms", { n: formatNumber(d.duration_ms) })),
                },
                { header: t("webhooks.delivery.attempt"), numeric: true, cell: (d) => d.attempt },
                {
                  header: t("webhooks.delivery.when"),
                  cell: (d) => (
                    <time dateTime={d.created_at} title={formatDateTime(d.created_at)}>
                      {formatRelative(d.created_at)}
                    </time>
                  ),
                },
                { header: t("webhooks.delivery.answer"), cell: (d) => <Answer d={d} onEditFilter={onEditFilter} /> },
              ]}
              actions={(d) => (
                <Button
                  size="small"
                  onClick={() => void redeliver(d)}
                  disabled={sending === d.id || !webhook.enabled}
                  title={webhook.enabled ? undefined : t("webhooks.delivery.enableFirst")}
                  aria-label={t("webhooks.delivery.redeliverNamed", { event: d.event_type, when: formatDateTime(d.created_at) })}
                >
                  {t("webhooks.delivery.redeliver")}
                </Button>
              )}
            />
            <LoadMore query={log} label={t("webhooks.delivery.more")} />
          </>
        );
      }}
    </Loaded>
  );
}
