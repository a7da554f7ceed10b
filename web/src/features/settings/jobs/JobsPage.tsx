// Background jobs: the work Rapport does after a change (webhook deliveries now; automations and
// imports later), newest first, filtered by state, type and the day they were made; a job's detail
// (payload, attempts) opens over the list at ?job=<id>, so a link can point at it. Retry brings
// back a dead or cancelled job; cancel (confirmed) stops one that has not ended.
import { useId, useState } from "react";
import { useSearchParams } from "react-router";
import { keepPreviousData, useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { Button } from "../../../components/Button";
import { EmptyState } from "../../../components/EmptyState";
import { TextField } from "../../../components/Field";
import { useToast } from "../../../components/Toast";
import { t } from "../../../i18n";
import { ConfirmDialog } from "../shared/ConfirmDialog";
import { shortId } from "../shared/actions";
import { errorText } from "../shared/errors";
import { LoadMore } from "../shared/LoadMore";
import { PeriodFields } from "../shared/PeriodFields";
import { Loaded } from "../shared/Loaded";
import { SelectField } from "../shared/SelectField";
import { SettingsPage } from "../shared/SettingsPage";
import { NameCell, SettingsTable } from "../shared/SettingsTable";
import { JobDialog } from "./JobDialog";
import { When } from "./When";
import { StateBadge } from "../shared/Badge";
import { canCancel, canRetry, emptyJobFilters, stateBadge, JOB_STATES, jobsKey, jobsQuery, shortError, typeSuggestions, type Job, type JobFilters, type JobState } from "./jobs";
import styles from "../shared/settings.module.css";
import own from "./jobs.module.css";

export default function JobsPage() {
  const [filters, setFilters] = useState<JobFilters>(emptyJobFilters);
  const [params, setParams] = useSearchParams();
  const [cancelling, setCancelling] = useState<Job | null>(null);
  const queries = useQueryClient();
  const toast = useToast();
  const typesId = useId();
  const query = jobsQuery(filters);
  const jobs = useInfiniteQuery({
    queryKey: [...jobsKey, "list", query],
    initialPageParam: undefined as string | undefined,
    queryFn: async ({ pageParam }) =>
      must(await api.GET("/api/v1/jobs", { params: { query: { ...query, limit: 50, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    getNextPageParam: (last) => last.next_cursor ?? undefined,
    // A changed filter keeps the rows on screen until the new ones come, instead of a skeleton.
    placeholderData: keepPreviousData,
  });
  const set = (patch: Partial<JobFilters>) => setFilters((f) => ({ ...f, ...patch }));
  const filtered = Object.keys(query).length > 0;
  const openId = params.get("job");
  const open = (id: string | null) => setParams(id ? { job: id } : {}, { replace: !id });
  const seenTypes = (jobs.data?.pages ?? []).flatMap((p) => p.data.map((j) => j.type));

  const retry = async (job: Job) => {
    try {
      must(await api.POST("/api/v1/jobs/{id}/retry", { params: { path: { id: job.id } } }));
      toast({ text: t("jobs.retried", { type: job.type }) });
    } catch (e) {
      toast({ tone: "error", text: t("jobs.refused", { reason: errorText(e) }) });
    }
    await queries.invalidateQueries({ queryKey: jobsKey });
  };

  return (
    <SettingsPage title={t("jobs.title")} intro={t("jobs.intro")}>
      <div className={styles.filters} role="search" aria-label={t("jobs.filters")}>
        <SelectField label={t("jobs.state")} value={filters.state} onChange={(v) => set({ state: v as "" | JobState })}>
          <option value="">{t("jobs.anyState")}</option>
          {JOB_STATES.map((s) => (
            <option key={s} value={s}>
              {t(`jobs.state.${s}`)}
            </option>
          ))}
        </SelectField>
        <TextField label={t("jobs.type")} value={filters.type} onChange={(e) => set({ type: e.target.value })} list={typesId} className={own.typeField} />
        <datalist id={typesId}>
          {typeSuggestions(seenTypes).map((x) => (
            <option key={x} value={x} />
          ))}
        </datalist>
        <PeriodFields from={filters.from} to={filters.to} labels={{ from: t("jobs.from"), to: t("jobs.to") }} onChange={set} />
        {filtered && (
          <Button variant="ghost" onClick={() => setFilters(emptyJobFilters)}>
            {t("jobs.clear")}
          </Button>
        )}
      </div>
      <Loaded query={jobs} lines={8}>
        {(data) => {
          const rows = data.pages.flatMap((p) => p.data);
          if (rows.length === 0)
            return filtered ? (
              <EmptyState title={t("jobs.emptyFiltered.title")}>{t("jobs.emptyFiltered.body")}</EmptyState>
            ) : (
              <EmptyState title={t("jobs.empty.title")}>{t("jobs.empty.body")}</EmptyState>
            );
          return (
            <>
              <SettingsTable
                label={t("jobs.title")}
                rows={rows}
                rowKey={(j) => j.id}
                columns={[
                  { header: t("jobs.type"), primary: true, cell: (j) => <NameCell name={<span className={styles.mono}>{j.type}</span>} sub={shortId(j.id)} mono /> },
                  { header: t("jobs.state"), cell: (j) => <StateBadge state={stateBadge(j.state)} /> },
                  { header: t("jobs.attempts"), numeric: true, cell: (j) => j.attempts },
                  { header: t("jobs.timing"), cell: (j) => <When job={j} /> },
                  {
                    header: t("jobs.lastError"),
                    className: own.errorCell,
                    cell: (j) => (j.last_error ? <span className={own.errorText}>{shortError(j.last_error)}</span> : <span className={styles.muted}>{t("common.none")}</span>),
                  },
                ]}
                actions={(j) => (
                  <>
                    <Button size="small" onClick={() => open(j.id)} aria-label={t("jobs.detailsOf", { type: j.type, id: shortId(j.id) })}>
                      {t("jobs.details")}
                    </Button>
                    {canRetry(j.state) && (
                      <Button size="small" onClick={() => void retry(j)} aria-label={t("jobs.retryOf", { type: j.type, id: shortId(j.id) })}>
                        {t("jobs.retry")}
                      </Button>
                    )}
                    {canCancel(j.state) && (
                      <Button size="small" variant="danger" onClick={() => setCancelling(j)} aria-label={t("jobs.cancelOf", { type: j.type, id: shortId(j.id) })}>
                        {t("jobs.cancel")}
                      </Button>
                    )}
                  </>
                )}
              />
              <LoadMore query={jobs} label={t("jobs.more")} />
            </>
          );
        }}
      </Loaded>
      {openId && (
        <JobDialog
          id={openId}
          onClose={() => open(null)}
          onRetry={(j) => void retry(j)}
          onCancel={(j) => {
            open(null);
            setCancelling(j);
          }}
        />
      )}
      {cancelling && (
        <ConfirmDialog
          title={t("jobs.cancelTitle", { type: cancelling.type })}
          confirm={t("jobs.cancelConfirm")}
          onClose={() => setCancelling(null)}
          onConfirm={async () => {
            must(await api.POST("/api/v1/jobs/{id}/cancel", { params: { path: { id: cancelling.id } } }));
            await queries.invalidateQueries({ queryKey: jobsKey });
            toast({ text: t("jobs.cancelled", { type: cancelling.type }) });
          }}
        >
          <p>{t(cancelling.state === "running" ? "jobs.cancelRunningText" : "jobs.cancelText")}</p>
        </ConfirmDialog>
      )}
    </SettingsPage>
  );
}
