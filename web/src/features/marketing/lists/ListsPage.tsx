// Marketing → Lists: the static lists (contacts added by hand) by name, with their member counts and
// when they last changed; create one, open one to manage its members, or delete it (its contacts stay).
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { api, must } from "../../../api/client";
import { useMe } from "../../../app/session";
import { formatDateTime, t } from "../../../i18n";
import { DeleteConfirm } from "../../settings/shared/DeleteConfirm";
import { EditDeleteActions } from "../../settings/shared/EditDeleteActions";
import { Loaded } from "../../settings/shared/Loaded";
import { SettingsPage } from "../../settings/shared/SettingsPage";
import { NameCell, SettingsTable } from "../../settings/shared/SettingsTable";
import { managesAudiences, marketingKeys, useLists, useMemberCounts, type StaticList } from "../api";
import { MemberCount } from "../MemberCount";
import { ListFormDialog } from "./ListFormDialog";

export default function ListsPage() {
  const me = useMe();
  const manager = managesAudiences(me);
  const lists = useLists();
  const navigate = useNavigate();
  const counts = useMemberCounts("lists", (lists.data ?? []).map((l) => l.id));
  const [creating, setCreating] = useState(false);
  const [deleting, setDeleting] = useState<StaticList | null>(null);
  const add = manager ? { label: t("marketingLists.add"), run: () => setCreating(true) } : undefined;
  return (
    <SettingsPage title={t("marketingLists.title")} intro={t("marketingLists.intro")} {...(add ? { action: add } : {})}>
      <Loaded query={lists}>
        {(all) => (
          <SettingsTable
            label={t("marketingLists.title")}
            rows={all}
            rowKey={(l) => l.id}
            empty={{ title: t("marketingLists.empty.title"), body: t(manager ? "marketingLists.empty.body" : "marketingLists.empty.bodyReader"), ...(add ? { action: add } : {}) }}
            columns={[
              { header: t("marketingLists.name"), primary: true, cell: (l) => <NameCell name={<Link to={l.id}>{l.name}</Link>} sub={l.description ?? undefined} /> },
              { header: t("marketing.members"), numeric: true, cell: (l) => <MemberCount query={counts.get(l.id)} /> },
              { header: t("marketing.updated"), cell: (l) => formatDateTime(l.updated_at) },
            ]}
            {...(manager
              ? {
                  actions: (l: StaticList) => (
                    <EditDeleteActions
                      edit={t("marketingLists.openNamed", { name: l.name })}
                      remove={t("marketingLists.deleteNamed", { name: l.name })}
                      onEdit={() => navigate(l.id)}
                      onDelete={() => setDeleting(l)}
                    />
                  ),
                }
              : {})}
          />
        )}
      </Loaded>
      {creating && <ListFormDialog list={null} onClose={() => setCreating(false)} onDone={(l) => navigate(l.id)} />}
      {deleting && (
        <DeleteConfirm
          title={t("marketingLists.deleteTitle", { name: deleting.name })}
          confirm={t("marketingLists.deleteNamed", { name: deleting.name })}
          done={t("marketingLists.deleted", { name: deleting.name })}
          remove={async () => must(await api.DELETE("/api/v1/lists/{id}", { params: { path: { id: deleting.id }, header: { "If-Match": `"${deleting.version}"` } } }))}
          refresh={[marketingKeys.lists]}
          onClose={() => setDeleting(null)}
        >
          <p>{t("marketingLists.deleteText")}</p>
        </DeleteConfirm>
      )}
    </SettingsPage>
  );
}
