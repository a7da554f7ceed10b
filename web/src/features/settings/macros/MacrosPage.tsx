// Settings → Macros (admins): the macros the admin sees (the shared ones and their own), by name,
// with what each posts, how many fields it changes and who sees it; open one to edit it, or delete it.
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { api, must } from "../../../api/client";
import { t } from "../../../i18n";
import { useMacros } from "../../support/api";
import { DeleteConfirm } from "../shared/DeleteConfirm";
import { EditDeleteActions } from "../shared/EditDeleteActions";
import { Loaded } from "../shared/Loaded";
import { SettingsPage } from "../shared/SettingsPage";
import { NameCell, SettingsTable } from "../shared/SettingsTable";
import { changeCount, type Macro } from "./macro";
import { macrosKey } from "./queries";
import styles from "../shared/settings.module.css";

/** The body's first line, shortened: enough to tell two macros apart. */
const firstLine = (body: string) => {
  const line = body.split("\n").find((l) => l.trim()) ?? "";
  return line.length > 90 ? `${line.slice(0, 89)}…` : line;
};

export default function MacrosPage() {
  const macros = useMacros(true);
  const navigate = useNavigate();
  const [deleting, setDeleting] = useState<Macro | null>(null);
  const add = { label: t("macros.add"), run: () => navigate("new") };
  return (
    <SettingsPage title={t("macros.title")} intro={t("macros.intro")} action={add}>
      <Loaded query={macros}>
        {(all) => (
          <SettingsTable
            label={t("macros.title")}
            rows={all}
            rowKey={(m) => m.id}
            empty={{ title: t("macros.empty.title"), body: t("macros.empty.body"), action: add }}
            columns={[
              { header: t("macros.name"), primary: true, cell: (m) => <NameCell name={<Link to={m.id}>{m.name}</Link>} sub={firstLine(m.body) || undefined} /> },
              { header: t("macros.kind"), cell: (m) => (m.body.trim() ? t(m.kind === "note" ? "macros.kind.note" : "macros.kind.reply") : t("macros.kind.none")) },
              {
                header: t("macros.changes"),
                cell: (m) => (changeCount(m.changes) ? t("macros.changeCount", { n: changeCount(m.changes) }) : <span className={styles.muted}>{t("macros.noChanges")}</span>),
              },
              { header: t("macros.sharing"), cell: (m) => (m.shared ? t("macros.shared") : t("macros.personal")) },
            ]}
            actions={(m) => (
              <EditDeleteActions
                edit={t("macros.editNamed", { name: m.name })}
                remove={t("macros.deleteNamed", { name: m.name })}
                onEdit={() => navigate(m.id)}
                onDelete={() => setDeleting(m)}
              />
            )}
          />
        )}
      </Loaded>
      {deleting && (
        <DeleteConfirm
          title={t("macros.deleteTitle", { name: deleting.name })}
          confirm={t("macros.deleteNamed", { name: deleting.name })}
          done={t("macros.deleted", { name: deleting.name })}
          remove={async () => must(await api.DELETE("/api/v1/macros/{id}", { params: { path: { id: deleting.id }, header: { "If-Match": `"${deleting.version}"` } } }))}
          refresh={[macrosKey]}
          onClose={() => setDeleting(null)}
        >
          <p>{t("macros.deleteText")}</p>
        </DeleteConfirm>
      )}
    </SettingsPage>
  );
}
