// A test send of the saved campaign: to up to five addresses (the user's own by default), its merge
// fields filled from the contact the preview shows (or left empty), subject marked [Test]. The
// answer says whether the mail server took it. Nothing about the campaign changes.
import { useState } from "react";
import { api, must } from "../../../api/client";
import { useMe } from "../../../app/session";
import { Button } from "../../../components/Button";
import { TextField } from "../../../components/Field";
import { t } from "../../../i18n";
import { FormAlert } from "../../settings/shared/FormAlert";
import { useFormAction } from "../../settings/shared/useFormAction";
import { testAddresses } from "./campaign";
import styles from "./campaigns.module.css";

/** At most this many addresses a test (the server's bound). */
const MAX_TEST_ADDRESSES = 5;

export function TestSend({ campaignId, contactId, contactName, unsaved }: { campaignId: string; contactId: string | null; contactName: string; unsaved: boolean }) {
  const me = useMe();
  const [to, setTo] = useState(me.email ?? "");
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const addresses = testAddresses(to);
  const action = useFormAction(async () => {
    setResult(null);
    const r = must(
      await api.POST("/api/v1/campaigns/{id}/test-send", {
        params: { path: { id: campaignId } },
        body: { to: addresses, ...(contactId ? { contact_id: contactId } : {}) },
      }),
    );
    setResult(
      r.sent
        ? { ok: true, text: t("marketingCampaigns.test.sent", { to: r.to.join(", ") }) }
        : { ok: false, text: t("marketingCampaigns.test.notTaken", { why: r.error ?? "" }) },
    );
  });
  const tooMany = addresses.length > MAX_TEST_ADDRESSES;
  const toError = action.errors.fields.to ?? Object.entries(action.errors.fields).find(([k]) => k.startsWith("to."))?.[1] ?? (tooMany ? t("marketingCampaigns.test.tooMany") : undefined);
  return (
    <form className={styles.test} onSubmit={(e) => void action.run(e)} noValidate aria-labelledby="campaign-test-title">
      <h3 id="campaign-test-title">{t("marketingCampaigns.test.title")}</h3>
      <FormAlert message={action.errors.message} />
      <TextField label={t("marketingCampaigns.test.to")} value={to} onChange={(e) => setTo(e.target.value)} error={toError} help={t("marketingCampaigns.test.toHelp")} autoComplete="email" />
      <p className={styles.explain}>
        {contactId ? t("marketingCampaigns.test.filledAs", { name: contactName }) : t("marketingCampaigns.test.filledEmpty")}
      </p>
      {unsaved && <p className={styles.explain}>{t("marketingCampaigns.test.unsaved")}</p>}
      <div>
        <Button type="submit" disabled={action.busy || addresses.length === 0 || tooMany || unsaved}>
          {action.busy ? t("marketingCampaigns.test.sending") : t("marketingCampaigns.test.send")}
        </Button>
      </div>
      {result && (
        <p className={result.ok ? styles.done : styles.refused} role="status">
          <span aria-hidden="true">{result.ok ? "✓ " : "✕ "}</span>
          {result.text}
        </p>
      )}
    </form>
  );
}
