// One static list (/marketing/lists/:id): its name, description and member count, the members in a
// virtualised grid (the contacts list's: keyset pages loaded as the user scrolls, arrows / Enter /
// Space), and the manager's actions: add contacts by searching them, add a segment's members,
// remove the selected members (with Undo), rename, delete.
import { useMemo, useState } from "react";
import { Link, useNavigate } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import type { ColumnSizingState } from "@tanstack/react-table";
import { api, must } from "../../../api/client";
import { isApiError } from "../../../api/problem";
import { useMe } from "../../../app/session";
import { Button } from "../../../components/Button";
import { EmptyState } from "../../../components/EmptyState";
import { ErrorNotice } from "../../../components/ErrorNotice";
import { Icon } from "../../../components/Icon";
import { PageHeader } from "../../../components/PageHeader";
import { Skeleton } from "../../../components/Skeleton";
import { useToast } from "../../../components/Toast";
import { DataTable, type DataColumn } from "../../../components/table/DataTable";
import { formatDate, formatNumber, t } from "../../../i18n";
import { useFollowLink } from "../../records/list/followLink";
import { recordPath, recordTitle } from "../../records/objects";
import { DeleteConfirm } from "../../settings/shared/DeleteConfirm";
import { errorText } from "../../settings/shared/errors";
import { changeMembers, managesAudiences, marketingKeys, useListMembers, useStaticList, type Contact, type StaticList } from "../api";
import { AddContactsDialog } from "./AddContactsDialog";
import { AddSegmentDialog } from "./AddSegmentDialog";
import { ListFormDialog } from "./ListFormDialog";
import listStyles from "../../records/list/ListPage.module.css";
import styles from "./lists.module.css";

type Dialog = "add" | "segment" | "edit" | "delete" | null;

export default function StaticListPage({ id }: { id: string }) {
  const list = useStaticList(id);
  if (list.isPending)
    return (
      <div className={styles.pad}>
        <Skeleton lines={8} />
      </div>
    );
  if (list.isError) {
    if (isApiError(list.error) && list.error.status === 404)
      return <EmptyState title={t("marketingLists.notFound")} action={<Link to="/marketing/lists">{t("marketingLists.backToList")}</Link>} />;
    return <ErrorNotice error={list.error} retry={() => void list.refetch()} />;
  }
  return <ListView list={list.data} />;
}

function ListView({ list }: { list: StaticList }) {
  const me = useMe();
  const manager = managesAudiences(me);
  const navigate = useNavigate();
  const queries = useQueryClient();
  const toast = useToast();
  const members = useListMembers(list.id);
  const pages = members.data?.pages;
  const rows = useMemo(() => (pages ?? []).flatMap((p) => p.data), [pages]);
  const total = pages?.[0]?.total;
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [sizing, setSizing] = useState<ColumnSizingState>({});
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const followLink = useFollowLink();

  const refresh = () =>
    Promise.all([
      queries.invalidateQueries({ queryKey: marketingKeys.listMembers(list.id) }),
      queries.invalidateQueries({ queryKey: marketingKeys.listCount(list.id) }),
    ]);

  const columns = useMemo<DataColumn<Contact>[]>(
    () => [
      {
        id: "name",
        header: t("marketingLists.col.name"),
        size: 240,
        primary: true,
        cell: (c) => (
          <a href={recordPath("contacts", c.id)} tabIndex={-1} onClick={followLink}>
            {recordTitle("contacts", c)}
          </a>
        ),
      },
      { id: "email", header: t("marketingLists.col.email"), size: 260, cell: (c) => c.email ?? "" },
      { id: "phone", header: t("marketingLists.col.phone"), size: 160, cell: (c) => c.phone ?? "" },
      { id: "job_title", header: t("marketingLists.col.jobTitle"), size: 180, cell: (c) => c.job_title ?? "" },
      { id: "created_at", header: t("marketingLists.col.created"), size: 140, cell: (c) => formatDate(c.created_at) },
    ],
    [followLink],
  );

  async function remove(ids: string[]) {
    setBusy(true);
    try {
      const n = (await changeMembers(list.id, ids, "remove")).changed;
      setSelected(new Set());
      toast({
        text: t("marketingLists.removed", { n: formatNumber(n) }),
        action: {
          label: t("marketingLists.undo"),
          run: () => void changeMembers(list.id, ids, "add").then(refresh, (e: unknown) => toast({ text: errorText(e), tone: "error" })),
        },
      });
    } catch (e) {
      toast({ text: errorText(e), tone: "error" });
    } finally {
      setBusy(false);
      await refresh();
    }
  }

  const added = ({ changed: n, unchanged: already }: { changed: number; unchanged: number }) => {
    toast({ text: already ? t("marketingLists.addedSome", { n: formatNumber(n), already: formatNumber(already) }) : t("marketingLists.added", { n: formatNumber(n) }) });
    void refresh();
  };

  return (
    <div className={styles.page}>
      <PageHeader
        title={
          <>
            {list.name}
            {total !== undefined && (
              <span className={listStyles.count} role="status">
                {t(total === 1 ? "marketingLists.memberCountOne" : "marketingLists.memberCount", { n: formatNumber(total) })}
              </span>
            )}
          </>
        }
      >
        <Link to="/marketing/lists" className={styles.back}>
          {t("marketingLists.backToList")}
        </Link>
        {manager && (
          <>
            <Button onClick={() => setDialog("edit")}>{t("common.edit")}</Button>
            <Button variant="danger" onClick={() => setDialog("delete")}>
              {t("common.delete")}
            </Button>
            <Button onClick={() => setDialog("segment")}>{t("marketingLists.addSegment")}</Button>
            <Button variant="primary" onClick={() => setDialog("add")}>
              <Icon name="plus" />
              {t("marketingLists.addContacts")}
            </Button>
          </>
        )}
      </PageHeader>
      {list.description && <p className={styles.description}>{list.description}</p>}
      {manager && selected.size > 0 && (
        <div className={listStyles.bulk} role="region" aria-label={t("marketingLists.selection")}>
          <span className={listStyles.bulkCount}>{t("marketingLists.selected", { n: formatNumber(selected.size) })}</span>
          <Button size="small" variant="danger" disabled={busy} onClick={() => void remove([...selected])}>
            <Icon name="trash" size={16} />
            {t("marketingLists.remove")}
          </Button>
          <Button size="small" variant="ghost" onClick={() => setSelected(new Set())}>
            {t("marketingLists.clearSelection")}
          </Button>
        </div>
      )}
      {members.isError && rows.length === 0 ? (
        <ErrorNotice error={members.error} retry={() => void members.refetch()} />
      ) : !members.isPending && rows.length === 0 ? (
        <EmptyState
          title={t("marketingLists.noMembers.title")}
          action={
            manager ? (
              <Button variant="primary" onClick={() => setDialog("add")}>
                <Icon name="plus" />
                {t("marketingLists.addContacts")}
              </Button>
            ) : undefined
          }
        >
          {t(manager ? "marketingLists.noMembers.body" : "marketingLists.noMembers.bodyReader")}
        </EmptyState>
      ) : (
        <DataTable<Contact>
          label={t("marketingLists.membersOf", { name: list.name })}
          rows={rows}
          columns={columns}
          total={total}
          hasMore={Boolean(members.hasNextPage)}
          loading={members.isPending || members.isFetchingNextPage}
          onNearEnd={() => {
            if (!members.isFetchingNextPage && !members.isFetchNextPageError) void members.fetchNextPage();
          }}
          onSort={() => undefined}
          onOpen={(c) => navigate(recordPath("contacts", c.id))}
          rowName={(c) => recordTitle("contacts", c)}
          selected={selected}
          onSelect={(c) =>
            setSelected((prev) => {
              const next = new Set(prev);
              if (next.has(c.id)) next.delete(c.id);
              else next.add(c.id);
              return next;
            })
          }
          onSelectAll={(all) => setSelected(all ? new Set(rows.map((r) => r.id)) : new Set())}
          sizing={sizing}
          onSizing={setSizing}
        />
      )}
      {dialog === "add" && <AddContactsDialog listName={list.name} onAdd={(ids) => changeMembers(list.id, ids, "add")} onAdded={added} onClose={() => setDialog(null)} />}
      {dialog === "segment" && <AddSegmentDialog list={list} onAdded={added} onClose={() => setDialog(null)} />}
      {dialog === "edit" && <ListFormDialog list={list} onClose={() => setDialog(null)} onDone={() => setDialog(null)} />}
      {dialog === "delete" && (
        <DeleteConfirm
          title={t("marketingLists.deleteTitle", { name: list.name })}
          confirm={t("marketingLists.deleteNamed", { name: list.name })}
          done={t("marketingLists.deleted", { name: list.name })}
          remove={async () => {
            must(await api.DELETE("/api/v1/lists/{id}", { params: { path: { id: list.id }, header: { "If-Match": `"${list.version}"` } } }));
            navigate("/marketing/lists");
          }}
          refresh={[marketingKeys.lists]}
          onClose={() => setDialog(null)}
        >
          <p>{t("marketingLists.deleteText")}</p>
        </DeleteConfirm>
      )}
    </div>
  );
}
