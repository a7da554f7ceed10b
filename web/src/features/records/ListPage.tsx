// The list page of a record object (/contacts, /deals, … and /tasks, the activities with the
// "tasks" preset): saved views as tabs, a filter bar of sentence chips, a virtualised table over
// keyset pages, bulk actions and the Export menu. Filters, sort and columns live in the URL.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import type { ColumnSizingState } from "@tanstack/react-table";
import type { ObjectType } from "../../api/types";
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
import { DataTable, type DataColumn } from "../../components/table/DataTable";
import { FilterBar } from "../../components/filters/FilterBar";
import { formatDate, formatNumber, t } from "../../i18n";
import { objects, recordPath, recordTitle } from "./objects";
import { companyIdsOfPages, pagingProps, useCompanyNames, useListFields, usePipelineNames, useRecordList, type Row } from "./list/data";
import type { ListField } from "./list/fields";
import { parseListState, serializeListState, nextSort, sortDirection, withFilter, type Filter, type ListState } from "./list/state";
import { chipSentence } from "./list/sentences";
import { fieldLabel, optionLabel } from "./list/labels";
import { renderCell, isNumeric, lookupName, LOOKUP_KINDS, type CellContext } from "./list/cells";
import { FilterDialog } from "./list/FilterDialog";
import { amountCurrency, amountWords } from "./list/money";
import { InlineEdit } from "./list/InlineEdit";
import { ColumnMenu } from "./list/ColumnMenu";
import { ViewTabs } from "./list/ViewTabs";
import { BulkBar } from "./list/BulkBar";
import { downloadCsv } from "./list/download";
import { ExportMenu, ExportRefusal } from "../exports/ExportMenu";
import { isImportObject } from "../imports/imports";
import buttons from "../../components/Button.module.css";
import { useViews } from "./list/views";
import { useFollowLink } from "./list/followLink";
import { NextPageError } from "./list/NextPageError";
import styles from "./list/ListPage.module.css";

/** The field that names a record, shown as the fixed first column, and what sorting it sorts by. */
const TITLE: Record<ObjectType, { field: string; sort: string | null }> = {
  companies: { field: "name", sort: "name" },
  contacts: { field: "name", sort: "first_name" },
  leads: { field: "name", sort: "first_name" },
  deals: { field: "name", sort: "name" },
  products: { field: "name", sort: "name" },
  activities: { field: "subject", sort: null },
  tickets: { field: "subject", sort: "number" },
};

/** Kinds edited in place in the list (plain text); the rest on the record page. */
const EDITABLE = new Set<ListField["kind"]>(["text", "email", "phone", "url"]);
const editable = (f: ListField) => EDITABLE.has(f.kind) && !f.name.startsWith("custom.");

const PRESETS: Record<string, Omit<ListState, "view">> = {
  tasks: {
    filters: [
      { field: "type", op: "eq", value: "task" },
      { field: "done", op: "eq", value: "false" },
    ],
    sort: "due_at",
    columns: null,
  },
};

type Open =
  | { kind: "filter"; index?: number }
  | { kind: "columns" }
  | null;

const DEFAULT_SIZES: Partial<Record<string, number>> = { email: 220, owner_id: 170, company_id: 180, job_title: 170 };
const KIND_SIZES: Partial<Record<ListField["kind"], number>> = { datetime: 210, date: 140, money: 140, number: 120, boolean: 90, user: 170 };

export default function ListPage({ object, preset }: { object: ObjectType; preset?: "tasks" }) {
  const info = objects[object];
  const me = useMe();
  const meId = me.user_id ?? "";
  const navigate = useNavigate();
  const queries = useQueryClient();
  const { openCreate } = useCommands();
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseListState(params), [params]);
  const presetState = preset ? PRESETS[preset] : undefined;
  const title = preset === "tasks" ? t("lists.tasks") : info.plural;
  const what = (preset === "tasks" ? t("lists.tasks") : info.plural).toLowerCase();

  // /tasks with nothing in the URL opens on its preset (open tasks by due date); the "All" tab too.
  useEffect(() => {
    if (presetState && params.toString() === "") setParams(serializeListState({ ...presetState, view: null }), { replace: true });
  }, [presetState, params, setParams]);

  const { fields, loading: fieldsLoading } = useListFields(object);
  const byName = useMemo(() => new Map(fields.map((f) => [f.name, f])), [fields]);
  const titleInfo = TITLE[object];
  const defaultColumns = useMemo(() => info.defaultColumns.filter((c) => c !== titleInfo.field), [info, titleInfo]);
  const columns = useMemo(() => {
    const chosen = state.columns ?? defaultColumns;
    return fields.length ? chosen.filter((c) => byName.has(c) && c !== titleInfo.field) : chosen;
  }, [state.columns, defaultColumns, fields.length, byName, titleInfo]);
  const columnFields = useMemo(
    () => columns.map((c) => byName.get(c) ?? ({ name: c, kind: "text", ops: [], sortable: false } satisfies ListField)),
    [columns, byName],
  );

  const list = useRecordList(object, state.filters, state.sort);
  const pages = list.data?.pages;
  const rows = useMemo(() => (pages ?? []).flatMap((p) => p.data), [pages]);
  const total = pages?.[0]?.total;

  const companyFilterIds = state.filters.filter((f) => byName.get(f.field)?.kind === "company").flatMap((f) => f.value.split(","));
  const showsCompanies = columnFields.some((f) => f.kind === "company");
  const companies = useCompanyNames(showsCompanies ? [...companyIdsOfPages(pages), companyFilterIds] : [companyFilterIds]);
  const needsStages = object === "deals" || columnFields.some((f) => f.kind === "stage" || f.kind === "pipeline") || state.filters.some((f) => f.field === "stage_id");
  const { stages, pipelines } = usePipelineNames(needsStages);
  const usersQuery = useUsers();
  const users = useMemo(() => new Map((usersQuery.data ?? []).map((u) => [u.id, u])), [usersQuery.data]);
  const ctx = useMemo<CellContext>(() => ({ companies, stages, pipelines, users }), [companies, stages, pipelines, users]);
  // The cells read the names behind ids through this ref and name what they show as their version
  // (DataColumn.version): a page of company names arriving renders the cells whose name it brings,
  // not every row in view, and the columns stay the same objects while the list scrolls and loads.
  const ctxRef = useRef(ctx);
  ctxRef.current = ctx;
  const changed = useLiveChanged(object);
  const views = useViews(object);

  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const anchor = useRef<number | null>(null);
  const [sizing, setSizing] = useState<ColumnSizingState>({});
  const [open, setOpen] = useState<Open>(null);
  const [exportRefused, setExportRefused] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ id: string; field: string } | null>(null);

  const update = useCallback(
    (next: Partial<ListState>) => setParams(serializeListState({ ...state, columns: state.columns, ...next })),
    [state, setParams],
  );

  function describe(field: ListField | undefined, value: string): string {
    switch (field?.kind) {
      case "user": {
        if (value === meId) return t("lists.filter.me");
        const u = users.get(value);
        return u ? u.name || u.email : value;
      }
      case "stage":
        return stages.get(value)?.name ?? "…";
      case "pipeline":
        return pipelines.get(value) ?? "…";
      case "company":
        return companies.get(value) ?? "…";
      case "enum":
        return optionLabel(value);
      case "boolean":
        return value === "true" ? t("common.yes") : t("common.no");
      case "date":
      case "datetime":
        return /^\d{4}-\d{2}-\d{2}$/.test(value) ? formatDate(value) : value;
      case "money":
        return amountWords(value, amountCurrency(field, state.filters));
      default:
        return value;
    }
  }

  const sentence = (f: Filter) => {
    const field = byName.get(f.field);
    return chipSentence(field ? fieldLabel(field) : fieldLabel(f.field), field?.kind ?? "text", f, (v) => describe(field, v));
  };

  function onSelect(row: Row, index: number, shift: boolean) {
    setSelected((prev) => {
      const next = new Set(prev);
      if (shift && anchor.current !== null) {
        const [a, b] = [Math.min(anchor.current, index), Math.max(anchor.current, index)];
        for (let i = a; i <= b; i++) {
          const r = rows[i];
          if (r) next.add(r.id);
        }
      } else if (next.has(row.id)) next.delete(row.id);
      else next.add(row.id);
      return next;
    });
    anchor.current = index;
  }

  const followLink = useFollowLink();

  const tableColumns = useMemo<DataColumn<Row>[]>(() => {
    const titleColumn: DataColumn<Row> = {
      id: "__title",
      header: fieldLabel(titleInfo.field),
      size: 240,
      primary: true,
      ...(titleInfo.sort ? { sort: sortDirection(state.sort, titleInfo.sort) } : {}),
      cell: (r) => (
        <a href={recordPath(object, r.id)} tabIndex={-1} className={styles.titleLink} onClick={followLink}>
          {recordTitle(object, r)}
        </a>
      ),
    };
    return [
      titleColumn,
      ...columnFields.map((f) => ({
        id: f.name,
        header: fieldLabel(f),
        size: DEFAULT_SIZES[f.name] ?? KIND_SIZES[f.kind] ?? 160,
        numeric: isNumeric(f),
        ...(f.sortable ? { sort: sortDirection(state.sort, f.name) } : {}),
        ...(LOOKUP_KINDS.has(f.kind) ? { version: (r: Row) => lookupName(f, r, ctxRef.current) ?? "" } : {}),
        // Text kinds are edited in place: their cells keep room for the edit button, which is in the
        // DOM only in the row under the pointer or holding the focus (`hot`), so the rows that scroll
        // by hold their value alone and the text does not move when the button appears.
        ...(editable(f) ? { cellClass: styles.editRoom } : {}),
        cell: (r: Row, hot: boolean) => {
          const ctx = ctxRef.current;
          const open = editing?.id === r.id && editing.field === f.name;
          if (!editable(f) || (!hot && !open)) return renderCell(f, r, ctx);
          const label = t("lists.edit.label", { field: fieldLabel(f), name: recordTitle(object, r) });
          if (open) return <InlineEdit object={object} row={r} field={f.name} label={label} onDone={() => setEditing(null)} />;
          return (
            <>
              {renderCell(f, r, ctx)}
              <button type="button" tabIndex={-1} className={styles.editButton} aria-label={label} onClick={() => setEditing({ id: r.id, field: f.name })}>
                <Icon name="note" size={14} />
              </button>
            </>
          );
        },
      })),
    ];
  }, [object, titleInfo, columnFields, state.sort, editing, followLink]);
  const firstEditable = columnFields.find(editable);

  const filtered = state.filters.length > 0;
  const selectedRows = rows.filter((r) => selected.has(r.id));

  const visibleCsv = (progress: (rows: number) => void) =>
    downloadCsv({ object, filters: state.filters, sort: state.sort, titleLabel: fieldLabel(titleInfo.field), fields: columnFields, ctx, progress });

  const editingFilter = open?.kind === "filter" && open.index !== undefined ? state.filters[open.index] : undefined;

  return (
    <div className={styles.page}>
      <PageHeader
        title={
          <>
            {title}
            {total !== undefined && (
              <span className={styles.count} role="status">
                {t("lists.count", { n: formatNumber(total), what: total === 1 ? info.singular.toLowerCase() : what })}
              </span>
            )}
          </>
        }
      />
      <ViewTabs
        object={object}
        views={views.data}
        state={state}
        allState={presetState ? { ...presetState, view: null } : { filters: [], sort: null, columns: null, view: null }}
        columns={columns}
        onNavigate={(s) => {
          setSelected(new Set());
          setParams(serializeListState(s));
        }}
      />
      <FilterBar
        chips={state.filters.map((f, i) => ({ id: String(i), sentence: sentence(f) }))}
        onAdd={() => setOpen({ kind: "filter" })}
        onEdit={(id) => setOpen({ kind: "filter", index: Number(id) })}
        onRemove={(id) => update({ filters: state.filters.filter((_, i) => i !== Number(id)) })}
        onClear={() => update({ filters: [] })}
      >
        <Button size="small" onClick={() => setOpen({ kind: "columns" })} disabled={fieldsLoading}>
          <Icon name="list" size={16} />
          {t("lists.columns")}
        </Button>
        {isImportObject(object) && scopeOf(me, object, "create") !== "none" && (
          <Link to={`/settings/imports/new?object=${object}`} className={`${buttons.button} ${buttons.small}`}>
            <Icon name="upload" size={16} />
            {t("imports.listAction")}
          </Link>
        )}
        <ExportMenu
          object={object}
          filters={state.filters}
          sort={state.sort}
          what={what}
          visibleCsv={visibleCsv}
          disabled={rows.length === 0}
          onRefused={setExportRefused}
        />
      </FilterBar>
      {exportRefused && <ExportRefusal message={exportRefused} onDismiss={() => setExportRefused(null)} />}
      {selected.size > 0 && (
        <BulkBar
          object={object}
          what={what}
          rows={selectedRows}
          count={selected.size}
          users={usersQuery.data ?? []}
          onClear={() => setSelected(new Set())}
          onDone={() => {
            setSelected(new Set());
            void queries.invalidateQueries({ queryKey: keys.records(object) });
          }}
        />
      )}
      {list.isError && rows.length === 0 ? (
        <ErrorNotice error={list.error} retry={() => void list.refetch()} />
      ) : !list.isPending && rows.length === 0 ? (
        filtered ? (
          <EmptyState
            title={t("lists.emptyFiltered.title", { what })}
            action={<Button onClick={() => update({ filters: [] })}>{t("lists.emptyFiltered.clear")}</Button>}
          >
            {t("lists.emptyFiltered.body")}
          </EmptyState>
        ) : (
          <EmptyState
            title={t("lists.empty.title", { what })}
            action={
              <Button variant="primary" onClick={() => openCreate(object)}>
                <Icon name="plus" />
                {t("lists.empty.create", { what: info.singular.toLowerCase() })}
              </Button>
            }
          >
            {t("lists.empty.body")}
          </EmptyState>
        )
      ) : (
        <DataTable<Row>
          label={t("lists.table", { what: title })}
          rows={rows}
          columns={tableColumns}
          total={total}
          {...pagingProps(list)}
          onSort={(id) => {
            const field = id === "__title" ? titleInfo.sort : id;
            if (field) update({ sort: nextSort(state.sort, field) });
          }}
          onOpen={(r) => navigate(recordPath(object, r.id))}
          onEdit={firstEditable ? (r) => setEditing({ id: r.id, field: firstEditable.name }) : undefined}
          rowName={(r) => recordTitle(object, r)}
          rowClass={(r) => (changed.has(r.id) ? "live-changed" : "")}
          selected={selected}
          onSelect={onSelect}
          onSelectAll={(all) => setSelected(all ? new Set(rows.map((r) => r.id)) : new Set())}
          sizing={sizing}
          onSizing={setSizing}
        />
      )}
      <NextPageError list={list} />
      {open?.kind === "filter" && (
        <FilterDialog
          fields={fields}
          initial={editingFilter}
          meId={meId}
          users={usersQuery.data ?? []}
          stages={stages}
          pipelines={pipelines}
          siblings={editingFilter ? state.filters.filter((x) => x !== editingFilter) : state.filters}
          onClose={() => setOpen(null)}
          onApply={(f, currency) => {
            const rest = editingFilter ? state.filters.filter((x) => x !== editingFilter) : state.filters;
            const filters = withFilter(rest, f);
            update({ filters: currency ? withFilter(filters, currency) : filters });
            setOpen(null);
          }}
        />
      )}
      {open?.kind === "columns" && (
        <ColumnMenu
          fields={fields.filter((f) => f.name !== titleInfo.field)}
          columns={columns}
          onChange={(c) => update({ columns: c })}
          onReset={() => update({ columns: null })}
          onClose={() => setOpen(null)}
        />
      )}
    </div>
  );
}
