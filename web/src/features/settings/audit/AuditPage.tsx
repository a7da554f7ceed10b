// The audit log: who did what to which record when, with the before and after of each change;
// filters by object, action, person, record and period; pages of 50, newest first.
import { useState } from "react";
import { Link } from "react-router";
import { useInfiniteQuery } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { keys } from "../../../api/keys";
import { OBJECT_TYPES } from "../../../api/types";
import { useUsers } from "../../../app/users";
import { Button } from "../../../components/Button";
import { EmptyState } from "../../../components/EmptyState";
import { ErrorNotice } from "../../../components/ErrorNotice";
import { TextField } from "../../../components/Field";
import { PageHeader } from "../../../components/PageHeader";
import { Skeleton } from "../../../components/Skeleton";
import { formatDateTime, formatRelative, t } from "../../../i18n";
import { SelectField } from "../shared/SelectField";
import { objectLabel } from "../roles/MatrixTable";
import { auditQuery, emptyAuditFilters, showValue, type AuditFilters } from "./audit";
import styles from "../shared/settings.module.css";
import own from "./audit.module.css";

const OTHER_OBJECTS = ["users", "teams", "roles", "pipelines", "custom_fields", "api_keys", "workspaces"];
const ACTIONS = ["create", "update", "delete", "restore", "export", "erase", "consent", "login", "logout", "stage_removed", "archive"];

export default function AuditPage() {
  const [filters, setFilters] = useState<AuditFilters>(emptyAuditFilters);
  const users = useUsers();
  const query = auditQuery(filters);
  const events = useInfiniteQuery({
    queryKey: [...keys.settings("audit"), query],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      must(await api.GET("/api/v1/audit-events", { params: { query: { ...query, limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  const set = (patch: Partial<AuditFilters>) => setFilters((f) => ({ ...f, ...patch }));
  const who = (id: string | null | undefined) => {
    if (!id) return t("audit.system");
    const u = users.data?.find((x) => x.id === id);
    return u ? u.name || u.email : t("audit.apiKeyOrGone", { id: id.slice(0, 8) });
  };
  const rows = events.data?.pages.flatMap((p) => p.data) ?? [];
  const filtered = Object.keys(query).length > 0;
  const objectName = (o: string) => ((OBJECT_TYPES as readonly string[]).includes(o) ? objectLabel(o) : o.replace(/_/g, " "));

  return (
    <>
      <PageHeader title={t("audit.title")} />
      <div className={styles.body}>
        <p className={styles.intro}>{t("audit.intro")}</p>
        <div className={styles.filters} role="search" aria-label={t("audit.filters")}>
          <SelectField label={t("audit.object")} value={filters.object_type} onChange={(v) => set({ object_type: v })}>
            <option value="">{t("audit.any")}</option>
            {[...OBJECT_TYPES, ...OTHER_OBJECTS].map((o) => (
              <option key={o} value={o}>
                {objectName(o)}
              </option>
            ))}
          </SelectField>
          <SelectField label={t("audit.action")} value={filters.action} onChange={(v) => set({ action: v })}>
            <option value="">{t("audit.any")}</option>
            {ACTIONS.map((a) => (
              <option key={a} value={a}>
                {a.replace(/_/g, " ")}
              </option>
            ))}
          </SelectField>
          <SelectField label={t("audit.actor")} value={filters.actor_id} onChange={(v) => set({ actor_id: v })}>
            <option value="">{t("audit.anyone")}</option>
            {(users.data ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.name || u.email}
              </option>
            ))}
          </SelectField>
          <TextField label={t("audit.recordId")} value={filters.object_id} onChange={(e) => set({ object_id: e.target.value })} className={own.idField} />
          <TextField label={t("audit.from")} type="date" value={filters.from} onChange={(e) => set({ from: e.target.value })} />
          <TextField label={t("audit.to")} type="date" value={filters.to} onChange={(e) => set({ to: e.target.value })} />
          {filtered && (
            <Button variant="ghost" onClick={() => setFilters(emptyAuditFilters)}>
              {t("audit.clear")}
            </Button>
          )}
        </div>
        {events.isPending ? (
          <Skeleton lines={8} />
        ) : events.isError ? (
          <ErrorNotice error={events.error} retry={() => void events.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState title={filtered ? t("audit.emptyFiltered") : t("audit.empty")} />
        ) : (
          <>
            <ol className={own.events} aria-label={t("audit.events")}>
              {rows.map((e) => {
                const isRecord = (OBJECT_TYPES as readonly string[]).includes(e.object_type);
                const record = isRecord ? (
                  <Link to={`/${e.object_type}/${e.object_id}`}>{t("audit.recordShort", { id: e.object_id.slice(0, 8) })}</Link>
                ) : (
                  <span className={styles.mono}>{e.object_id.length > 12 ? `${e.object_id.slice(0, 8)}…` : e.object_id}</span>
                );
                return (
                  <li key={e.id} className={own.event}>
                    <div className={own.line}>
                      <strong>{who(e.actor_id)}</strong>
                      <span className={`${styles.badge} ${own[`action_${e.action}`] ?? ""}`}>{e.action.replace(/_/g, " ")}</span>
                      <span>
                        {objectName(e.object_type)} {record}
                      </span>
                      <time dateTime={e.at} title={formatDateTime(e.at)} className={own.when}>
                        {formatRelative(e.at)}
                      </time>
                    </div>
                    {e.changes.length > 0 && (
                      <table className={own.changes}>
                        <caption className="visually-hidden">{t("audit.changes")}</caption>
                        <thead className="visually-hidden">
                          <tr>
                            <th scope="col">{t("audit.field")}</th>
                            <th scope="col">{t("audit.before")}</th>
                            <th scope="col">{t("audit.after")}</th>
                          </tr>
                        </thead>
                        <tbody>
                          {e.changes.map((c, i) => (
                            <tr key={`${c.field ?? ""}-${i}`}>
                              <th scope="row">{c.field}</th>
                              {/* A value that only appears (or only goes) shows alone, not "∅ → value". */}
                              <td className={own.before}>{c.before != null && <del>{showValue(c.before)}</del>}</td>
                              <td aria-hidden="true" className={own.arrow}>
                                {c.before != null && c.after != null ? "→" : ""}
                              </td>
                              <td className={own.after}>{c.after != null ? <ins>{showValue(c.after)}</ins> : <span>{t("audit.removed")}</span>}</td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    )}
                  </li>
                );
              })}
            </ol>
            {events.hasNextPage && (
              <div>
                <Button onClick={() => void events.fetchNextPage()} disabled={events.isFetchingNextPage}>
                  {events.isFetchingNextPage ? t("app.loading") : t("audit.more")}
                </Button>
              </div>
            )}
          </>
        )}
      </div>
    </>
  );
}
