// Public web forms: the list (name, queue, priority, tickets opened and spam caught, on or off),
// making and changing one (WebFormDialog), its HTML to paste into a site (EmbedDialog, shown at once
// after making one), trying it as a customer would (TryFormDialog) and deleting it (its URL stops
// answering; its tickets stay).
import { useMemo, useState } from "react";
import { api } from "../../../api/client";
import { Button } from "../../../components/Button";
import { Icon } from "../../../components/Icon";
import { useToast } from "../../../components/Toast";
import { formatNumber, t } from "../../../i18n";
import { priorityLabel } from "../../support/badges";
import { Badge } from "../shared/Badge";
import { ConfirmDialog } from "../shared/ConfirmDialog";
import { Loaded } from "../shared/Loaded";
import { useRefresh, useTeams } from "../shared/queries";
import { NameCell, SettingsTable } from "../shared/SettingsTable";
import { EmbedDialog } from "./EmbedDialog";
import { TryFormDialog } from "./TryFormDialog";
import { WebFormDialog } from "./WebFormDialog";
import { useWebForms, webFormsKey, type WebForm } from "./queries";
import styles from "../shared/settings.module.css";

type Open = { kind: "edit"; form: WebForm | null } | { kind: "embed" | "try" | "delete"; form: WebForm };

export function WebFormsSection() {
  const forms = useWebForms();
  const teams = useTeams();
  const refresh = useRefresh();
  const toast = useToast();
  const [open, setOpen] = useState<Open | null>(null);
  const teamName = useMemo(() => new Map((teams.data ?? []).map((x) => [x.id, x.name])), [teams.data]);
  const add = { label: t("webForms.add"), run: () => setOpen({ kind: "edit", form: null }) };
  const close = () => setOpen(null);

  return (
    <section className={styles.card} aria-labelledby="web-forms-title">
      <div className={styles.cardHead}>
        <h2 id="web-forms-title">{t("webForms.title")}</h2>
        <Button onClick={add.run}>
          <Icon name="plus" size={16} />
          {add.label}
        </Button>
      </div>
      <p className={styles.muted}>{t("webForms.intro")}</p>
      <Loaded query={forms}>
        {(list) => (
          <SettingsTable
            label={t("webForms.title")}
            rows={list}
            rowKey={(f) => f.id}
            empty={{ title: t("webForms.empty.title"), body: t("webForms.empty.body"), action: add }}
            columns={[
              {
                header: t("webForms.name"),
                primary: true,
                cell: (f) => (
                  <NameCell
                    name={
                      <>
                        {f.name}{" "}
                        {!f.enabled && (
                          <Badge tone="warn" mark="○">
                            {t("webForms.off")}
                          </Badge>
                        )}
                      </>
                    }
                    sub={f.redirect_url ? t("webForms.redirectsTo", { url: f.redirect_url }) : undefined}
                  />
                ),
              },
              { header: t("webForms.queue"), cell: (f) => (f.team_id ? (teamName.get(f.team_id) ?? t("webForms.goneTeam")) : <span className={styles.muted}>{t("webForms.noTeam")}</span>) },
              { header: t("webForms.priority"), cell: (f) => priorityLabel(f.priority) },
              {
                header: t("webForms.received"),
                numeric: true,
                cell: (f) => (
                  <>
                    {formatNumber(f.submissions)}
                    {f.spam_caught > 0 && <div className={`${styles.muted} ${styles.small}`}>{t("webForms.spam", { n: formatNumber(f.spam_caught) })}</div>}
                  </>
                ),
              },
            ]}
            actions={(f) => (
              <>
                <Button size="small" onClick={() => setOpen({ kind: "embed", form: f })} aria-label={t("webForms.embedNamed", { name: f.name })}>
                  {t("webForms.embed")}
                </Button>
                <Button size="small" onClick={() => setOpen({ kind: "try", form: f })} disabled={!f.enabled} aria-label={t("webForms.tryNamed", { name: f.name })}>
                  {t("webForms.try")}
                </Button>
                <Button size="small" onClick={() => setOpen({ kind: "edit", form: f })} aria-label={t("webForms.editNamed", { name: f.name })}>
                  {t("common.edit")}
                </Button>
                <Button size="small" variant="danger" onClick={() => setOpen({ kind: "delete", form: f })} aria-label={t("webForms.deleteNamed", { name: f.name })}>
                  {t("common.delete")}
                </Button>
              </>
            )}
          />
        )}
      </Loaded>
      {open?.kind === "edit" && <WebFormDialog form={open.form} onClose={close} onCreated={(f) => setOpen({ kind: "embed", form: f })} />}
      {open?.kind === "embed" && <EmbedDialog form={open.form} onClose={close} />}
      {open?.kind === "try" && <TryFormDialog form={open.form} onClose={close} />}
      {open?.kind === "delete" && (
        <ConfirmDialog
          title={t("webForms.deleteTitle", { name: open.form.name })}
          confirm={t("webForms.deleteNamed", { name: open.form.name })}
          onClose={close}
          onConfirm={async () => {
            await api.DELETE("/api/v1/web-forms/{id}", { params: { path: { id: open.form.id } } });
            await refresh(webFormsKey);
            toast({ text: t("webForms.deleted", { name: open.form.name }) });
          }}
        >
          <p>{t("webForms.deleteText", { name: open.form.name })}</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
