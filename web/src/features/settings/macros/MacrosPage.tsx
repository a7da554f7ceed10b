// Settings → Macros (admins): the macros the admin sees (the shared ones and their own), by name,
// with what each posts, how many fields it changes and who sees it; open one to edit it, or delete it.
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { Button } from "../../../components/Button";
import { useToast } from "../../../components/Toast";
import { t } from "../../../i18n";
import { useMacros } from "../../support/api";
import { ConfirmDialog } from "../shared/ConfirmDialog";
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
  const queries = useQueryClient();
  const toast = useToast();
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
              <>
                <Button size="small" onClick={() => navigate(m.id)} aria-label={t("macros.editNamed", { name: m.name })}>
                  {t("common.edit")}
                </Button>
                <Button size="small" variant="danger" onClick={() => setDeleting(m)} aria-label={t("macros.deleteNamed", { name: m.name })}>
                  {t("common.delete")}
                </Button>
              </>
            )}
          />
        )}
      </Loaded>
      {deleting && (
        <ConfirmDialog
          title={t("macros.deleteTitle", { name: deleting.name })}
          confirm={t("macros.deleteNamed", { name: deleting.name })}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            must(await api.DELETE("/api/v1/macros/{id}", { params: { path: { id: deleting.id }, header: { "If-Match": `"${deleting.version}"` } } }));
            await queries.invalidateQueries({ queryKey: macrosKey });
            toast({ text: t("macros.deleted", { name: deleting.name }) });
          }}
        >
          <p>{t("macros.deleteText")}</p>
        </ConfirmDialog>
      )}
    </SettingsPage>
  );
}
