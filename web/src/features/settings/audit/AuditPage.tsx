// The audit log: who did what to which record when, with the before and after of each change;
// filters by object, action, person, record and period; pages of 50, newest first.
import { useState } from "react";
import { useInfiniteQuery } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { keys } from "../../../api/keys";
import { OBJECT_TYPES } from "../../../api/types";
import { useUsers } from "../../../app/users";
import { Button } from "../../../components/Button";
import { EmptyState } from "../../../components/EmptyState";
import { TextField } from "../../../components/Field";
import { t } from "../../../i18n";
import { personName } from "../shared/actions";
import { LoadMore } from "../shared/LoadMore";
import { PeriodFields } from "../shared/PeriodFields";
import { Loaded } from "../shared/Loaded";
import { SelectField } from "../shared/SelectField";
import { SettingsPage } from "../shared/SettingsPage";
import { AuditEvent, objectName } from "./AuditEvent";
import { auditQuery, emptyAuditFilters, type AuditFilters } from "./audit";
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
    return u ? personName(u) : t("audit.apiKeyOrGone", { id: id.slice(0, 8) });
  };
  const filtered = Object.keys(query).length > 0;

  return (
    <SettingsPage title={t("audit.title")} intro={t("audit.intro")}>
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
              {personName(u)}
            </option>
          ))}
        </SelectField>
        <TextField label={t("audit.recordId")} value={filters.object_id} onChange={(e) => set({ object_id: e.target.value })} className={own.idField} />
        <PeriodFields from={filters.from} to={filters.to} labels={{ from: t("audit.from"), to: t("audit.to") }} onChange={set} />
        {filtered && (
          <Button variant="ghost" onClick={() => setFilters(emptyAuditFilters)}>
            {t("audit.clear")}
          </Button>
        )}
      </div>
      <Loaded query={events} lines={8}>
        {(data) => {
          const rows = data.pages.flatMap((p) => p.data);
          if (rows.length === 0) return <EmptyState title={filtered ? t("audit.emptyFiltered") : t("audit.empty")} />;
          return (
            <>
              <ol className={own.events} aria-label={t("audit.events")}>
                {rows.map((e) => (
                  <AuditEvent key={e.id} event={e} who={who(e.actor_id)} />
                ))}
              </ol>
              <LoadMore query={events} label={t("audit.more")} />
            </>
          );
        }}
      </Loaded>
    </SettingsPage>
  );
}
