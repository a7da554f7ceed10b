// Marketing → Segments: every segment by name with its live member count (counted now, as it will
// be sent) and when it last changed; open one in the builder, or start a new one.
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
import { managesAudiences, marketingKeys, useMemberCounts, useSegments, type Segment } from "../api";
import { MemberCount } from "../MemberCount";
import { conditionCount, readFilter, type Json } from "./filterModel";

export default function SegmentsPage() {
  const me = useMe();
  const manager = managesAudiences(me);
  const segments = useSegments();
  const navigate = useNavigate();
  const counts = useMemberCounts("segments", (segments.data ?? []).map((s) => s.id));
  const [deleting, setDeleting] = useState<Segment | null>(null);
  const add = manager ? { label: t("marketingSegments.add"), run: () => navigate("new") } : undefined;
  return (
    <SettingsPage title={t("marketingSegments.title")} intro={t("marketingSegments.intro")} {...(add ? { action: add } : {})}>
      <Loaded query={segments}>
        {(all) => (
          <SettingsTable
            label={t("marketingSegments.title")}
            rows={all}
            rowKey={(s) => s.id}
            empty={{ title: t("marketingSegments.empty.title"), body: t(manager ? "marketingSegments.empty.body" : "marketingSegments.empty.bodyReader"), ...(add ? { action: add } : {}) }}
            columns={[
              {
                header: t("marketingSegments.name"),
                primary: true,
                cell: (s) => <NameCell name={<Link to={s.id}>{s.name}</Link>} sub={t("marketingSegments.conditions", { n: conditionCount(readFilter(s.filter as unknown as Json)) })} />,
              },
              { header: t("marketing.members"), numeric: true, cell: (s) => <MemberCount query={counts.get(s.id)} /> },
              { header: t("marketing.updated"), cell: (s) => formatDateTime(s.updated_at) },
            ]}
            {...(manager
              ? {
                  actions: (s: Segment) => (
                    <EditDeleteActions
                      edit={t("marketingSegments.editNamed", { name: s.name })}
                      remove={t("marketingSegments.deleteNamed", { name: s.name })}
                      onEdit={() => navigate(s.id)}
                      onDelete={() => setDeleting(s)}
                    />
                  ),
                }
              : {})}
          />
        )}
      </Loaded>
      {deleting && (
        <DeleteConfirm
          title={t("marketingSegments.deleteTitle", { name: deleting.name })}
          confirm={t("marketingSegments.deleteNamed", { name: deleting.name })}
          done={t("marketingSegments.deleted", { name: deleting.name })}
          remove={async () => must(await api.DELETE("/api/v1/segments/{id}", { params: { path: { id: deleting.id }, header: { "If-Match": `"${deleting.version}"` } } }))}
          refresh={[marketingKeys.segments]}
          onClose={() => setDeleting(null)}
        >
          <p>{t("marketingSegments.deleteText")}</p>
        </DeleteConfirm>
      )}
    </SettingsPage>
  );
}
