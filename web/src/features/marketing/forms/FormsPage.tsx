// Marketing → Forms: the workspace's lead capture forms with what each makes (leads or contacts),
// how many submissions it took and the spam it caught; open one to edit it and copy its embed code,
// see its submissions, or delete it.
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { api, must } from "../../../api/client";
import { t } from "../../../i18n";
import { formatNumber } from "../../../i18n/format";
import { Badge } from "../../settings/shared/Badge";
import { DeleteConfirm } from "../../settings/shared/DeleteConfirm";
import { EditDeleteActions } from "../../settings/shared/EditDeleteActions";
import { Loaded } from "../../settings/shared/Loaded";
import { SettingsPage } from "../../settings/shared/SettingsPage";
import { NameCell, SettingsTable } from "../../settings/shared/SettingsTable";
import type { LeadForm } from "./form";
import { formsKey, useForms } from "./queries";

export default function FormsPage() {
  const forms = useForms();
  const navigate = useNavigate();
  const [deleting, setDeleting] = useState<LeadForm | null>(null);
  const add = { label: t("marketingForms.add"), run: () => navigate("new") };
  return (
    <SettingsPage title={t("marketingForms.title")} intro={t("marketingForms.intro")} action={add}>
      <Loaded query={forms}>
        {(all) => (
          <SettingsTable
            label={t("marketingForms.title")}
            rows={all}
            rowKey={(f) => f.id}
            empty={{ title: t("marketingForms.empty.title"), body: t("marketingForms.empty.body"), action: add }}
            columns={[
              {
                header: t("marketingForms.name"),
                primary: true,
                cell: (f) => <NameCell name={<Link to={f.id}>{f.name}</Link>} sub={t("marketingForms.fieldCount", { n: f.fields.length })} />,
              },
              { header: t("marketingForms.target"), cell: (f) => t(f.target === "lead" ? "marketingForms.target.lead" : "marketingForms.target.contact") },
              {
                header: t("marketingForms.submissions"),
                numeric: true,
                cell: (f) => <Link to={`${f.id}/submissions`}>{formatNumber(f.submissions)}</Link>,
              },
              { header: t("marketingForms.spam"), numeric: true, cell: (f) => formatNumber(f.spam_caught) },
              {
                header: t("marketingForms.state"),
                cell: (f) =>
                  f.enabled ? <Badge tone="ok" mark="✓">{t("marketingForms.on")}</Badge> : <Badge mark="–">{t("marketingForms.off")}</Badge>,
              },
            ]}
            actions={(f) => (
              <EditDeleteActions
                edit={t("marketingForms.editNamed", { name: f.name })}
                remove={t("marketingForms.deleteNamed", { name: f.name })}
                onEdit={() => navigate(f.id)}
                onDelete={() => setDeleting(f)}
              />
            )}
          />
        )}
      </Loaded>
      {deleting && (
        <DeleteConfirm
          title={t("marketingForms.deleteTitle", { name: deleting.name })}
          confirm={t("marketingForms.deleteNamed", { name: deleting.name })}
          done={t("marketingForms.deleted", { name: deleting.name })}
          remove={async () =>
            must(await api.DELETE("/api/v1/forms/{id}", { params: { path: { id: deleting.id }, header: { "If-Match": `"${deleting.version}"` } } }))
          }
          refresh={[formsKey]}
          onClose={() => setDeleting(null)}
        >
          <p>{t("marketingForms.deleteText", { n: deleting.submissions })}</p>
        </DeleteConfirm>
      )}
    </SettingsPage>
  );
}
