// Settings → Email templates (admins): the workspace's templates, newest change first; open one to
// edit it, or delete it (emails already sent from it keep their text).
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { api } from "../../../api/client";
import { Button } from "../../../components/Button";
import { useToast } from "../../../components/Toast";
import { formatRelative, t } from "../../../i18n";
import { templatesKey, useTemplates, type EmailTemplate } from "../../email/queries";
import { ConfirmDialog } from "../shared/ConfirmDialog";
import { Loaded } from "../shared/Loaded";
import { useRefresh } from "../shared/queries";
import { SettingsPage } from "../shared/SettingsPage";
import { NameCell, SettingsTable } from "../shared/SettingsTable";

export default function TemplatesPage() {
  const templates = useTemplates();
  const navigate = useNavigate();
  const refresh = useRefresh();
  const toast = useToast();
  const [deleting, setDeleting] = useState<EmailTemplate | null>(null);
  const add = { label: t("email.templates.add"), run: () => navigate("new") };
  return (
    <SettingsPage title={t("email.templates.title")} intro={t("email.templates.intro")} action={add}>
      <Loaded query={templates}>
        {(all) => (
          <SettingsTable
            label={t("email.templates.title")}
            rows={[...all].sort((a, b) => b.updated_at.localeCompare(a.updated_at))}
            rowKey={(x) => x.id}
            empty={{ title: t("email.templates.empty.title"), body: t("email.templates.empty.body"), action: add }}
            columns={[
              { header: t("email.templates.name"), primary: true, cell: (x) => <NameCell name={x.name} sub={x.subject} /> },
              { header: t("email.templates.changed"), cell: (x) => formatRelative(x.updated_at) },
            ]}
            actions={(x) => (
              <>
                <Link to={x.id} aria-label={t("email.templates.editNamed", { name: x.name })}>
                  {t("common.edit")}
                </Link>
                <Button size="small" variant="danger" onClick={() => setDeleting(x)} aria-label={t("email.templates.deleteNamed", { name: x.name })}>
                  {t("common.delete")}
                </Button>
              </>
            )}
          />
        )}
      </Loaded>
      {deleting && (
        <ConfirmDialog
          title={t("email.templates.deleteTitle", { name: deleting.name })}
          confirm={t("email.templates.deleteNamed", { name: deleting.name })}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await api.DELETE("/api/v1/email-templates/{id}", { params: { path: { id: deleting.id }, header: { "If-Match": `"${deleting.version}"` } } });
            await refresh(templatesKey);
            toast({ text: t("email.templates.deleted", { name: deleting.name }) });
          }}
        >
          <p>{t("email.templates.deleteText")}</p>
        </ConfirmDialog>
      )}
    </SettingsPage>
  );
}
