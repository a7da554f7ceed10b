// A lead's primary actions in its record header: qualify or disqualify (with a reason; the
// reason is required to disqualify), convert (one dialog), and once converted, links to what it
// became instead of the actions.
import { useState } from "react";
import { Link } from "react-router";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { Lead, Schemas } from "../../api/types";
import { api, must } from "../../api/client";
import { keys } from "../../api/keys";
import { isApiError } from "../../api/problem";
import { Button } from "../../components/Button";
import { Dialog } from "../../components/Dialog";
import { Icon } from "../../components/Icon";
import { useToast } from "../../components/Toast";
import { formatDate, t } from "../../i18n";
import { recordPath } from "../records/objects";
import { TextArea } from "./TextArea";
import { ConvertDialog } from "./ConvertDialog";
import styles from "./LeadActions.module.css";
import forms from "./forms.module.css";

type Status = NonNullable<Schemas["Lead"]["status"]>;

export default function LeadActions({ lead }: { lead: Lead }) {
  const [dialog, setDialog] = useState<"qualify" | "disqualify" | "convert" | null>(null);
  const queries = useQueryClient();
  const toast = useToast();

  const setStatus = useMutation({
    mutationFn: async ({ status, reason }: { status: Status; reason: string | null }) =>
      must(
        await api.PATCH("/api/v1/leads/{id}", {
          params: { path: { id: lead.id }, header: { "If-Match": `"${lead.version}"` } },
          body: { status, status_reason: reason },
        }),
      ),
    onSettled: () => void queries.invalidateQueries({ queryKey: keys.records("leads") }),
  });

  const changeStatus = async (status: Status, reason: string | null): Promise<Record<string, string> | null> => {
    try {
      await setStatus.mutateAsync({ status, reason });
      setDialog(null);
      toast({ text: t(status === "qualified" ? "lead.qualified" : status === "unqualified" ? "lead.disqualified" : "lead.reopened") });
      return null;
    } catch (e) {
      if (isApiError(e) && e.status === 422) return e.fieldErrors();
      setDialog(null);
      toast({
        tone: "error",
        text: isApiError(e) && e.status === 412 ? t("lead.stale") : t("lead.failed", { detail: isApiError(e) ? (e.problem.detail ?? e.problem.title) : t("app.error.network") }),
      });
      return null;
    }
  };

  if (lead.converted_at) {
    return (
      <div className={styles.converted}>
        <span className={styles.badge}>
          <Icon name="check" size={14} />
          {t("lead.converted")}
        </span>
        <span className={styles.when}>{t("lead.convertedOn", { date: formatDate(lead.converted_at) })}</span>
        {lead.converted_contact_id && <Link to={recordPath("contacts", lead.converted_contact_id)}>{t("lead.convertedTo.contact")}</Link>}
        {lead.converted_company_id && <Link to={recordPath("companies", lead.converted_company_id)}>{t("lead.convertedTo.company")}</Link>}
        {lead.converted_deal_id && <Link to={recordPath("deals", lead.converted_deal_id)}>{t("lead.convertedTo.deal")}</Link>}
      </div>
    );
  }

  const unqualified = lead.status === "unqualified";
  return (
    <div className={styles.actions}>
      {unqualified ? (
        <>
          <span className={styles.when}>{t("lead.unqualifiedHint")}</span>
          <Button disabled={setStatus.isPending} onClick={() => void changeStatus("new", null)}>
            {t("lead.reopen")}
          </Button>
        </>
      ) : (
        <>
          {lead.status !== "qualified" && <Button onClick={() => setDialog("qualify")}>{t("lead.qualify")}</Button>}
          <Button onClick={() => setDialog("disqualify")}>{t("lead.disqualify")}</Button>
          <Button variant="primary" onClick={() => setDialog("convert")}>
            {t("lead.convert")}
          </Button>
        </>
      )}
      {(dialog === "qualify" || dialog === "disqualify") && (
        <ReasonDialog
          kind={dialog}
          busy={setStatus.isPending}
          onCancel={() => setDialog(null)}
          onSubmit={(reason) => changeStatus(dialog === "qualify" ? "qualified" : "unqualified", reason)}
        />
      )}
      {dialog === "convert" && <ConvertDialog lead={lead} onClose={() => setDialog(null)} />}
    </div>
  );
}

function ReasonDialog({
  kind,
  busy,
  onCancel,
  onSubmit,
}: {
  kind: "qualify" | "disqualify";
  busy: boolean;
  onCancel: () => void;
  onSubmit: (reason: string | null) => Promise<Record<string, string> | null>;
}) {
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | undefined>();
  const required = kind === "disqualify";
  return (
    <Dialog title={t(kind === "qualify" ? "lead.qualify.title" : "lead.disqualify.title")} onClose={onCancel}>
      <form
        className={forms.form}
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          if (required && !reason.trim()) {
            setError(t("common.required"));
            return;
          }
          void onSubmit(reason.trim() || null).then((errors) => setError(errors?.status_reason ?? errors?.status));
        }}
      >
        <TextArea
          label={t(required ? "lead.reason" : "lead.reason.optional")}
          help={t("lead.reason.help")}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          error={error}
          maxLength={1000}
          required={required}
          autoFocus
        />
        <div className={forms.footer}>
          <Button onClick={onCancel}>{t("common.cancel")}</Button>
          <Button type="submit" variant={required ? "danger" : "primary"} disabled={busy}>
            {t(kind === "qualify" ? "lead.qualify" : "lead.disqualify")}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
