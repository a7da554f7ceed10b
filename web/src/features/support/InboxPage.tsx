// The support inbox (/tickets): queues as tabs (My tickets, Unassigned, All open, Breaching soon,
// By team), the person's own filters on top as sentence chips, and a virtualised grid of keyset pages
// like every list. Keyboard: j/k or arrows move, Enter opens, "c" creates a ticket (the shell).
// The queue, team and filters live in the URL, so a reload or a shared link shows the same inbox.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { useQuery } from "@tanstack/react-query";
import type { ColumnSizingState } from "@tanstack/react-table";
import { keys } from "../../api/keys";
import { scopeOf, useMe } from "../../app/session";
import { useUsers } from "../../app/users";
import { useLiveChanged } from "../../app/live";
import { useCommands } from "../../app/commands";
import { PageHeader } from "../../components/PageHeader";
import { Button } from "../../components/Button";
import { Icon } from "../../components/Icon";
import { EmptyState } from "../../components/EmptyState";
import { ErrorNotice } from "../../components/ErrorNotice";
import { OwnerBadge } from "../../components/Owner";
import { DataTable, type DataColumn } from "../../components/table/DataTable";
import { FilterBar } from "../../components/filters/FilterBar";
import { formatNumber, formatRelative, t, type MessageKey } from "../../i18n";
import { recordPath } from "../records/objects";
import { fetchPage, pagingProps, useListFields, usePipelineNames, useRecordList, useRecordNames, type Row } from "../records/list/data";
import { parseListState, serializeListState, nextSort, sortDirection, withFilter, type Filter } from "../records/list/state";
import { chipSentence } from "../records/list/sentences";
import { fieldLabel, optionLabel } from "../records/list/labels";
import { FilterDialog } from "../records/list/FilterDialog";
import { useFollowLink } from "../records/list/followLink";
import { NextPageError } from "../records/list/NextPageError";
import { useTeams } from "../settings/shared/queries";
import { useSupportFeatures } from "./api";
import { combinedFilters, parseQueue, queueQuery, QUEUES, type Queue } from "./views";
import { SlaCell } from "./SlaBadge";
import { AwayToggle } from "./AwayToggle";
import { StatusBadge, PriorityBadge } from "./badges";
import listStyles from "../records/list/ListPage.module.css";
import styles from "./support.module.css";

const COUNTED: Queue[] = ["mine", "unassigned", "open"];

export default function InboxPage() {
  const me = useMe();
  const meId = me.user_id ?? "";
  const navigate = useNavigate();
  const { openCreate } = useCommands();
  const [params, setParams] = useSearchParams();
  const features = useSupportFeatures();
  const teams = useTeams();
  const usersQuery = useUsers();
  const users = useMemo(() => new Map((usersQuery.data ?? []).map((u) => [u.id, u])), [usersQuery.data]);
  const teamNames = useMemo(() => new Map((teams.data ?? []).map((x) => [x.id, x.name])), [teams.data]);
  const myTeams = useMemo(() => (teams.data ?? []).filter((x) => x.member_ids.includes(meId)), [teams.data, meId]);

  const queue = parseQueue(params.get("queue"));
  const teamId = params.get("team") ?? myTeams[0]?.id ?? teams.data?.[0]?.id ?? null;
  const own = useMemo(() => parseListState(params), [params]);
  const ctx = { meId, teamId, slaSort: features.slaSort, slaFilter: features.slaFilter };
  const base = queueQuery(queue, ctx);
  const filters = combinedFilters(base.filters, own.filters);
  const sort = own.sort ?? base.sort;

  const { fields } = useListFields("tickets");
  const byName = useMemo(() => new Map(fields.map((f) => [f.name, f])), [fields]);
  const { stages, pipelines } = usePipelineNames(false);
  const list = useRecordList("tickets", filters, sort);
  const pages = list.data?.pages;
  const rows = useMemo(() => (pages ?? []).flatMap((p) => p.data), [pages]);
  const total = pages?.[0]?.total;
  const requesterIds = useMemo(
    () => (pages ?? []).map((p) => [...new Set(p.data.map((r) => r.requester_id).filter((v): v is string => typeof v === "string"))].sort()),
    [pages],
  );
  const requesters = useRecordNames("contacts", requesterIds);
  const changed = useLiveChanged("tickets");

  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [sizing, setSizing] = useState<ColumnSizingState>({});
  const [filterOpen, setFilterOpen] = useState<{ index?: number } | null>(null);
  const lookups = useRef({ requesters, users, teamNames });
  lookups.current = { requesters, users, teamNames };

  const go = useCallback(
    (next: { queue?: Queue; team?: string | null; filters?: Filter[]; sort?: string | null }) => {
      const p = serializeListState({ filters: next.filters ?? own.filters, sort: next.sort !== undefined ? next.sort : own.sort, columns: null, view: null });
      const q = next.queue ?? queue;
      if (q !== "open") p.set("queue", q);
      const team = next.team !== undefined ? next.team : params.get("team");
      if (q === "team" && team) p.set("team", team);
      setParams(p);
      setSelected(new Set());
    },
    [own, queue, params, setParams],
  );

  // j / k from anywhere on the page (not while typing) start moving through the rows, as in the grid.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== "j" && e.key !== "k") return;
      if (e.metaKey || e.ctrlKey || e.altKey) return;
      const el = e.target as HTMLElement | null;
      if (el && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName) || el.closest("[role=grid]"))) return;
      if (document.querySelector('[role="dialog"], [role="alertdialog"]')) return;
      const row = document.querySelector<HTMLElement>('[role=grid] [role=row][tabindex="0"]');
      if (row) {
        e.preventDefault();
        row.focus();
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);

  const followLink = useFollowLink();

  const columns = useMemo<DataColumn<Row>[]>(() => {
    const dir = (f: string) => sortDirection(sort, f);
    const cols: DataColumn<Row>[] = [
      {
        id: "number",
        header: t("support.col.ticket"),
        // Narrower when the SLA column joins, so the columns still fit a 1440 px screen; wider
        // screens give the subject the room left.
        size: features.sla ? 250 : 320,
        primary: true,
        grow: true,
        sort: dir("number"),
        cell: (r) => (
          <a href={recordPath("tickets", r.id)} tabIndex={-1} className={`${listStyles.titleLink} ${styles.ticketLink}`} onClick={followLink}>
            <span className={styles.number}>#{String(r.number ?? "")}</span> {String(r.subject ?? "")}
          </a>
        ),
      },
      { id: "status", header: t("support.field.status"), size: 110, sort: dir("status"), cell: (r) => <StatusBadge status={String(r.status ?? "new")} /> },
      { id: "priority", header: t("support.field.priority"), size: 100, sort: dir("priority"), cell: (r) => <PriorityBadge priority={String(r.priority ?? "normal")} /> },
      {
        id: "requester_id",
        header: t("support.col.requester"),
        size: 160,
        version: (r) => lookups.current.requesters.get(String(r.requester_id ?? "")) ?? "",
        cell: (r) => (r.requester_id ? (lookups.current.requesters.get(String(r.requester_id)) ?? "…") : <span className={listStyles.none}>{t("common.none")}</span>),
      },
      {
        id: "assignee_id",
        header: t("support.field.assignee_id"),
        size: 160,
        version: (r) => (r.assignee_id && lookups.current.users.has(String(r.assignee_id)) ? "1" : ""),
        cell: (r) => (r.assignee_id ? <OwnerBadge user={lookups.current.users.get(String(r.assignee_id))} /> : <span className={listStyles.none}>{t("support.unassigned")}</span>),
      },
      {
        id: "team_id",
        header: t("support.field.team_id"),
        size: 100,
        version: (r) => lookups.current.teamNames.get(String(r.team_id ?? "")) ?? "",
        cell: (r) => (r.team_id ? (lookups.current.teamNames.get(String(r.team_id)) ?? "…") : <span className={listStyles.none}>{t("common.none")}</span>),
      },
      { id: "updated_at", header: t("support.col.updated"), size: 140, sort: dir("updated_at"), cell: (r) => formatRelative(String(r.updated_at ?? "")) },
    ];
    if (features.sla) cols.push({ id: "sla_due_at", header: t("support.col.sla"), size: 150, ...(features.slaSort ? { sort: dir("sla_due_at") } : {}), cell: (r) => <SlaCell ticket={r} /> });
    return cols;
  }, [sort, features.sla, features.slaSort, followLink]);

  const describe = (f: Filter): string => {
    const field = byName.get(f.field);
    const value = (v: string) => {
      if (field?.kind === "user") return v === meId ? t("lists.filter.me") : (users.get(v)?.name ?? users.get(v)?.email ?? v);
      if (f.field === "team_id") return teamNames.get(v) ?? v;
      if (field?.kind === "enum") return optionLabel(v);
      return v;
    };
    return chipSentence(field ? fieldLabel(field) : fieldLabel(f.field), field?.kind ?? "text", f, value);
  };

  const canCreate = scopeOf(me, "tickets", "create") !== "none";
  const queueLabel = (q: Queue) => t(`support.queue.${q}` as MessageKey);
  const editing = filterOpen?.index !== undefined ? own.filters[filterOpen.index] : undefined;

  return (
    <div className={listStyles.page}>
      <PageHeader
        title={
          <>
            {t("support.title")}
            {total !== undefined && (
              <span className={listStyles.count} role="status">
                {t("support.count", { n: formatNumber(total), queue: queueLabel(queue) })}
              </span>
            )}
          </>
        }
      >
        {me.user_id && <AwayToggle />}
        {canCreate && (
          <Button onClick={() => openCreate("tickets")} aria-keyshortcuts="c">
            <Icon name="plus" />
            {t("support.new")}
          </Button>
        )}
      </PageHeader>
      <div className={listStyles.tabsRow}>
        <nav className={listStyles.tabs} aria-label={t("support.queues")}>
          {QUEUES.map((q) => (
            <a
              key={q}
              href={`/tickets${q === "open" ? "" : `?queue=${q}`}`}
              className={listStyles.tab}
              aria-current={q === queue ? "page" : undefined}
              onClick={(e) => {
                e.preventDefault();
                go({ queue: q, filters: [], sort: null });
              }}
            >
              {queueLabel(q)}
              {COUNTED.includes(q) && <QueueCount queue={q} ctx={ctx} />}
            </a>
          ))}
        </nav>
        {queue === "team" && (
          <div className={styles.teamPicker}>
            <label htmlFor="inbox-team">{t("support.field.team_id")}</label>
            <select id="inbox-team" value={teamId ?? ""} onChange={(e) => go({ team: e.target.value })}>
              {(teams.data ?? []).length === 0 && <option value="">{t("support.noTeams")}</option>}
              {(teams.data ?? []).map((x) => (
                <option key={x.id} value={x.id}>
                  {x.name}
                </option>
              ))}
            </select>
          </div>
        )}
      </div>
      {queue === "breaching" && !features.slaSort && <p className={styles.notice}>{t("support.breaching.noSla")}</p>}
      <FilterBar
        chips={own.filters.map((f, i) => ({ id: String(i), sentence: describe(f) }))}
        onAdd={() => setFilterOpen({})}
        onEdit={(id) => setFilterOpen({ index: Number(id) })}
        onRemove={(id) => go({ filters: own.filters.filter((_, i) => i !== Number(id)) })}
        onClear={() => go({ filters: [] })}
      />
      {list.isError && rows.length === 0 ? (
        <ErrorNotice error={list.error} retry={() => void list.refetch()} />
      ) : !list.isPending && rows.length === 0 ? (
        <EmptyState
          title={t(`support.empty.${queue}` as MessageKey)}
          action={
            own.filters.length ? (
              <Button onClick={() => go({ filters: [] })}>{t("lists.emptyFiltered.clear")}</Button>
            ) : canCreate && queue === "open" ? (
              <Button variant="primary" onClick={() => openCreate("tickets")}>
                <Icon name="plus" />
                {t("support.new")}
              </Button>
            ) : undefined
          }
        >
          {t("support.empty.body")}
        </EmptyState>
      ) : (
        <DataTable<Row>
          label={t("support.table", { queue: queueLabel(queue) })}
          rows={rows}
          columns={columns}
          total={total}
          {...pagingProps(list)}
          onSort={(id) => {
            if (id !== "requester_id" && id !== "assignee_id" && id !== "team_id") go({ sort: nextSort(own.sort ?? base.sort, id) });
          }}
          onOpen={(r) => navigate(recordPath("tickets", r.id))}
          rowName={(r) => `#${String(r.number ?? "")} ${String(r.subject ?? "")}`}
          rowClass={(r) => (changed.has(r.id) ? "live-changed" : "")}
          selected={selected}
          onSelect={(r) =>
            setSelected((prev) => {
              const next = new Set(prev);
              if (next.has(r.id)) next.delete(r.id);
              else next.add(r.id);
              return next;
            })
          }
          onSelectAll={(all) => setSelected(all ? new Set(rows.map((r) => r.id)) : new Set())}
          sizing={sizing}
          onSizing={setSizing}
        />
      )}
      <NextPageError list={list} />
      {filterOpen && (
        <FilterDialog
          fields={fields}
          initial={editing}
          meId={meId}
          users={usersQuery.data ?? []}
          stages={stages}
          pipelines={pipelines}
          onClose={() => setFilterOpen(null)}
          onApply={(f) => {
            const rest = editing ? own.filters.filter((x) => x !== editing) : own.filters;
            go({ filters: withFilter(rest, f) });
            setFilterOpen(null);
          }}
        />
      )}
    </div>
  );
}

/** A queue's number of tickets beside its tab (one counted request of one row). */
function QueueCount({ queue, ctx }: { queue: Queue; ctx: Parameters<typeof queueQuery>[1] }) {
  const q = queueQuery(queue, ctx);
  const count = useQuery({
    queryKey: keys.list("tickets", { count: queue, filters: q.filters }),
    queryFn: () => fetchPage("tickets", q.filters, q.sort, null, 1),
    staleTime: 30_000,
  });
  const n = count.data?.total;
  if (n === undefined) return null;
  return (
    <span className={styles.tabCount}>
      <span className="visually-hidden">(</span>
      {formatNumber(n)}
      <span className="visually-hidden">)</span>
    </span>
  );
}
