// The record's activities, newest first, a page at a time. Tasks are ticked done in place.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, must } from "../../api/client";
import { isApiError } from "../../api/problem";
import type { Activity } from "../../api/types";
import { useUserDirectory } from "../../app/users";
import { t, formatDateTime, formatDateTimeRange, formatDue, formatRelative, type MessageKey } from "../../i18n";
import { Button } from "../Button";
import { EmptyState } from "../EmptyState";
import { Icon, type IconName } from "../Icon";
import { Skeleton } from "../Skeleton";
import { useToast } from "../Toast";
import styles from "./timeline.module.css";

const ICONS: Record<string, IconName> = { note: "note", call: "phone", task: "tasks", meeting: "calendar", email: "mail" };

export interface TimelineProps {
  items: Activity[];
  loading: boolean;
  error: unknown;
  hasMore: boolean;
  loadingMore: boolean;
  onMore: () => void;
  /** The record's timeline query key, refreshed after a task is ticked. */
  queryKey: readonly unknown[];
}

export function Timeline({ items, loading, error, hasMore, loadingMore, onMore, queryKey }: TimelineProps) {
  if (loading) return <Skeleton lines={5} />;
  if (error) return <p role="alert">{t("timeline.loadFailed")}</p>;
  if (!items.length) return <EmptyState title={t("timeline.empty")} />;
  return (
    <>
      <ol className={styles.items} aria-label={t("timeline.title")}>
        {items.map((a) => (
          <TimelineItem key={a.id} a={a} queryKey={queryKey} />
        ))}
      </ol>
      {hasMore && (
        <Button onClick={onMore} disabled={loadingMore} className={styles.more}>
          {loadingMore ? t("app.loading") : t("timeline.more")}
        </Button>
      )}
    </>
  );
}

function TimelineItem({ a, queryKey }: { a: Activity; queryKey: readonly unknown[] }) {
  const users = useUserDirectory();
  const queries = useQueryClient();
  const toast = useToast();
  const owner = a.owner_id ? users.get(a.owner_id) : undefined;
  const subject = a.subject || t(`enum.type.${a.type}` as MessageKey);
  const when = a.type === "meeting" && a.starts_at ? a.starts_at : (a.occurred_at ?? a.created_at);
  const overdue = a.type === "task" && !a.done && a.due_at && new Date(a.due_at).getTime() < Date.now();

  const toggle = useMutation({
    mutationFn: async (done: boolean) =>
      must(
        await api.PATCH("/api/v1/activities/{id}", {
          params: { path: { id: a.id }, header: { "If-Match": `"${a.version}"` } },
          body: { done },
        }),
      ),
    onSuccess: () => void queries.invalidateQueries({ queryKey }),
    onError: (e) => {
      void queries.invalidateQueries({ queryKey });
      toast({ tone: "error", text: t("app.error.generic", { detail: isApiError(e) ? (e.problem.detail ?? e.problem.title) : t("app.error.network") }) });
    },
  });

  return (
    <li className={`${styles.item} ${a.done ? styles.done : ""}`} data-type={a.type}>
      <span className={styles.icon} aria-hidden="true">
        <Icon name={ICONS[a.type ?? "note"] ?? "note"} size={16} />
      </span>
      <div className={styles.body}>
        <div className={styles.head}>
          {a.type === "task" ? (
            <label className={styles.task}>
              <input type="checkbox" checked={Boolean(a.done)} disabled={toggle.isPending} onChange={(e) => toggle.mutate(e.target.checked)} />
              <span className="visually-hidden">{t(a.done ? "timeline.markOpen" : "timeline.markDone", { subject })}</span>
            </label>
          ) : null}
          <Link to={`/activities/${a.id}`} className={styles.subject}>
            <span className={styles.type}>{t(`enum.type.${a.type}` as MessageKey)}</span> {subject}
          </Link>
          <time className={styles.when} dateTime={when} title={formatDateTime(when)}>
            {formatRelative(when)}
          </time>
        </div>
        {a.body && a.body !== a.subject && <p className={styles.text}>{a.body}</p>}
        <p className={styles.meta}>
          {a.type === "task" && a.done && (
            <span className={styles.badgeDone}>
              <Icon name="check" size={12} /> {t("timeline.done")}
            </span>
          )}
          {a.type === "task" && !a.done && a.due_at && (
            <span className={overdue ? styles.overdue : undefined}>
              {overdue && <Icon name="warning" size={12} />} {t(overdue ? "timeline.overdue" : "timeline.due", { when: formatDue(a.due_at) })}
            </span>
          )}
          {a.type === "meeting" && a.starts_at && a.ends_at && (
            <span>{formatDateTimeRange(a.starts_at, a.ends_at)}</span>
          )}
          {a.type === "call" && a.outcome && <span>{t(`enum.outcome.${a.outcome}` as MessageKey)}</span>}
          {a.type === "call" && a.duration_seconds ? <span>{t("timeline.minutes", { n: Math.round(a.duration_seconds / 60) })}</span> : null}
          {owner && <span>{t("timeline.by", { name: owner.name || owner.email })}</span>}
        </p>
      </div>
    </li>
  );
}
