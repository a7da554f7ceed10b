// The send confirmation: who the campaign reaches if it is sent now, counted by the server with the
// send's own rules (GET …/audience): the contacts of the audience, how many will receive it, and how
// many are left out and why (no email_marketing consent, the address suppressed, no address). Then
// now or at a chosen time; the button names how many it goes to. Nothing is sent before it is pressed.
import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { TextField } from "../../../components/Field";
import { Skeleton } from "../../../components/Skeleton";
import { formatNumber, t } from "../../../i18n";
import { errorText } from "../../settings/shared/errors";
import { FormDialog } from "../../settings/shared/FormDialog";
import { useFormAction } from "../../settings/shared/useFormAction";
import type { Campaign } from "./campaign";
import { campaignKeys, useReach } from "./queries";
import styles from "./campaigns.module.css";

/** A datetime-local value as an ISO instant in the browser's zone ("" when empty or not a time). */
export function instantOf(local: string): string {
  if (!local) return "";
  const d = new Date(local);
  return Number.isNaN(d.getTime()) ? "" : d.toISOString();
}

export function SendDialog({ campaign, onClose, onSent }: { campaign: Campaign; onClose: () => void; onSent: (c: Campaign) => void }) {
  const reach = useReach(campaign.id);
  const queries = useQueryClient();
  const [later, setLater] = useState(false);
  const [at, setAt] = useState("");
  const action = useFormAction(async () => {
    const body = later && instantOf(at) ? { scheduled_at: instantOf(at) } : {};
    const sent = must(await api.POST("/api/v1/campaigns/{id}/send", { params: { path: { id: campaign.id }, header: { "If-Match": `"${campaign.version}"` } }, body }));
    queries.setQueryData(campaignKeys.one(campaign.id), sent);
    await queries.invalidateQueries({ queryKey: campaignKeys.all, exact: true });
    onSent(sent);
  });
  const r = reach.data;
  const receivers = r?.will_receive ?? 0;
  const ready = !!r && receivers > 0 && (!later || instantOf(at) !== "");
  const submit = r
    ? t(later ? "marketingCampaigns.send.scheduleTo" : "marketingCampaigns.send.sendTo", { n: formatNumber(receivers) })
    : t("marketingCampaigns.send.send");
  return (
    <FormDialog title={t("marketingCampaigns.send.title", { name: campaign.name })} submit={submit} action={action} onClose={onClose} ready={ready && !action.busy}>
      {reach.isPending && <Skeleton lines={4} />}
      {reach.isError && (
        <p className={styles.refused} role="alert">
          {t("marketingCampaigns.send.cannotCount", { why: errorText(reach.error) })}
        </p>
      )}
      {r && (
        <div className={styles.reach} data-testid="send-reach">
          <p className={styles.reachMain}>
            <strong className="num">{formatNumber(r.will_receive)}</strong> {t("marketingCampaigns.send.willReceive")}
          </p>
          <p>{t("marketingCampaigns.send.ofAudience", { n: formatNumber(r.contacts) })}</p>
          <ul className={styles.excluded} aria-label={t("marketingCampaigns.send.excludedLabel")}>
            <li>
              <span className="num">{formatNumber(r.excluded.no_consent)}</span> {t("marketingCampaigns.send.noConsent")}
            </li>
            <li>
              <span className="num">{formatNumber(r.excluded.suppressed)}</span> {t("marketingCampaigns.send.suppressed")}
            </li>
            <li>
              <span className="num">{formatNumber(r.excluded.no_email)}</span> {t("marketingCampaigns.send.noEmail")}
            </li>
          </ul>
          <p className={styles.explain}>{t("marketingCampaigns.send.rules")}</p>
          {receivers === 0 && (
            <p className={styles.refused} role="alert">
              {t("marketingCampaigns.send.nobody")}
            </p>
          )}
        </div>
      )}
      <fieldset className={styles.when}>
        <legend>{t("marketingCampaigns.send.when")}</legend>
        <label>
          <input type="radio" name="send-when" checked={!later} onChange={() => setLater(false)} /> {t("marketingCampaigns.send.now")}
        </label>
        <label>
          <input type="radio" name="send-when" checked={later} onChange={() => setLater(true)} /> {t("marketingCampaigns.send.later")}
        </label>
        {later && (
          <TextField
            label={t("marketingCampaigns.send.at")}
            type="datetime-local"
            value={at}
            onChange={(e) => setAt(e.target.value)}
            error={action.errors.fields.scheduled_at}
            help={t("marketingCampaigns.send.atHelp")}
          />
        )}
      </fieldset>
      <p className={styles.explain}>{t("marketingCampaigns.send.rate", { n: formatNumber(campaign.rate_per_minute) })}</p>
    </FormDialog>
  );
}
