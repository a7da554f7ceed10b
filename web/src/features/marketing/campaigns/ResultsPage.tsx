// A campaign's results (/marketing/campaigns/:id/results): its status with pause or resume, the
// counts and rates of the report (delivered, opened, clicked, unsubscribed, complained, bounced over
// what was delivered; failed; skipped with why), the deals it influenced under the attribution
// model and window chosen, and every recipient with the state of their message, filterable by
// state. While it sends, the numbers are read again every few seconds; once it is sent, the
// "… is on its way" toast of the send is taken away.
import { useEffect, useState } from "react";
import { Link, useParams } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { useMe } from "../../../app/session";
import { Button } from "../../../components/Button";
import { TextField } from "../../../components/Field";
import { useDismissToast, useToast } from "../../../components/Toast";
import { formatDateTime, formatMoney, formatNumber, formatPercent, t, type MessageKey } from "../../../i18n";
import { StateBadge } from "../../settings/shared/Badge";
import { errorText } from "../../settings/shared/errors";
import { Loaded } from "../../settings/shared/Loaded";
import { LoadMore } from "../../settings/shared/LoadMore";
import { SelectField } from "../../settings/shared/SelectField";
import { SettingsPage } from "../../settings/shared/SettingsPage";
import { SettingsTable } from "../../settings/shared/SettingsTable";
import { managesAudiences } from "../api";
import { RECIPIENT_BADGES, RECIPIENT_STATES, STATUS_BADGES, type Campaign, type CampaignRecipient, type CampaignReport, type RecipientState } from "./campaign";
import { campaignKeys, startedToastTag, useCampaign, useRecipients, useReport, type AttributionModel } from "./queries";
import settings from "../../settings/shared/settings.module.css";
import styles from "./campaigns.module.css";

const live = (c: Campaign | undefined) => c?.status === "sending" || c?.status === "scheduled";

export default function ResultsPage() {
  const { id = "" } = useParams();
  const first = useCampaign(id);
  const campaign = useCampaign(id, live(first.data));
  const back = (
    <Link to="/marketing/campaigns" className={settings.small}>
      {t("marketingCampaigns.back")}
    </Link>
  );
  return (
    <SettingsPage title={campaign.data ? t("marketingCampaigns.resultsOf", { name: campaign.data.name }) : t("marketingCampaigns.results")} headerExtra={back}>
      <Loaded query={campaign} lines={8}>
        {(c) => <Results campaign={c} />}
      </Loaded>
    </SettingsPage>
  );
}

function Results({ campaign: c }: { campaign: Campaign }) {
  const me = useMe();
  const manager = managesAudiences(me);
  const [model, setModel] = useState<AttributionModel>("last_touch");
  const [windowDays, setWindowDays] = useState(30);
  const report = useReport(c.id, live(c), model, windowDays);
  const queries = useQueryClient();
  const dismiss = useDismissToast();
  useEffect(() => {
    if (c.status === "sent") dismiss(startedToastTag(c.id));
  }, [c.status, c.id, dismiss]);
  // The polling stops with the status (sent, paused): the numbers and rows are read once more then.
  useEffect(() => {
    void queries.invalidateQueries({ queryKey: campaignKeys.report(c.id) });
    void queries.invalidateQueries({ queryKey: [...campaignKeys.one(c.id), "recipients"] });
    void queries.invalidateQueries({ queryKey: campaignKeys.all, exact: true });
  }, [c.status, c.id, queries]);
  return (
    <>
      <StatusBar campaign={c} manager={manager} />
      {manager ? (
        <Loaded query={report} lines={3}>
          {(r) => (
            <>
              <Numbers report={r} />
              <Attribution report={r} model={model} onModel={setModel} windowDays={windowDays} onWindow={setWindowDays} />
              <Recipients campaign={c} />
            </>
          )}
        </Loaded>
      ) : (
        <p className={styles.explain}>{t("marketingCampaigns.resultsManagersOnly")}</p>
      )}
    </>
  );
}

function StatusBar({ campaign: c, manager }: { campaign: Campaign; manager: boolean }) {
  const queries = useQueryClient();
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const change = async (how: "pause" | "resume") => {
    setBusy(true);
    try {
      const path = how === "pause" ? "/api/v1/campaigns/{id}/pause" : "/api/v1/campaigns/{id}/resume";
      const next = must(await api.POST(path, { params: { path: { id: c.id }, header: { "If-Match": `"${c.version}"` } } }));
      queries.setQueryData(campaignKeys.one(c.id), next);
      await queries.invalidateQueries({ queryKey: campaignKeys.all, exact: true });
      toast({ text: t(how === "pause" ? "marketingCampaigns.paused" : "marketingCampaigns.resumed", { name: c.name }) });
    } catch (e) {
      toast({ text: errorText(e), tone: "error" });
      await queries.invalidateQueries({ queryKey: campaignKeys.one(c.id) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className={`${settings.card} ${styles.statusBar}`} aria-label={t("marketingCampaigns.status")}>
      <div className={styles.statusLine}>
        <StateBadge state={STATUS_BADGES[c.status]} />
        <span>{c.subject}</span>
      </div>
      <p className={styles.explain}>
        {c.status === "scheduled" && c.scheduled_at && t("marketingCampaigns.statusText.scheduled", { at: formatDateTime(c.scheduled_at) })}
        {c.status === "sending" && t("marketingCampaigns.statusText.sending", { n: formatNumber(c.rate_per_minute) })}
        {c.status === "paused" && (c.error ? t("marketingCampaigns.statusText.pausedBecause", { why: c.error }) : t("marketingCampaigns.statusText.paused"))}
        {c.status === "sent" && c.finished_at && t("marketingCampaigns.statusText.sent", { at: formatDateTime(c.finished_at) })}
      </p>
      {manager && (c.status === "sending" || c.status === "scheduled") && (
        <Button onClick={() => void change("pause")} disabled={busy}>
          {t("marketingCampaigns.pause")}
        </Button>
      )}
      {manager && c.status === "paused" && (
        <Button variant="primary" onClick={() => void change("resume")} disabled={busy}>
          {t("marketingCampaigns.resume")}
        </Button>
      )}
    </section>
  );
}

/** One figure of the report: its number, and its rate over what it is a rate of. */
function Tile({ label, n, rate, rateOf, testId }: { label: string; n: number; rate?: number | null | undefined; rateOf?: string; testId: string }) {
  return (
    <div className={styles.tile} data-testid={testId}>
      <dt>{label}</dt>
      <dd>
        <span className={styles.tileNumber}>{formatNumber(n)}</span>
        {rate !== undefined && (
          <span className={styles.tileRate}>
            {rate === null ? t("marketingCampaigns.rate.none") : t("marketingCampaigns.rate.of", { rate: formatPercent(rate), of: rateOf ?? "" })}
          </span>
        )}
      </dd>
    </div>
  );
}

// Opened, clicked, unsubscribed and bounced are the report's results: each recipient once per kind,
// whatever the furthest state its row shows (one who opened, then unsubscribed, counts in both).
function Numbers({ report: r }: { report: CampaignReport }) {
  const n = r.counts;
  const delivered = t("marketingCampaigns.ofDelivered");
  const skippedReasons = (Object.entries(r.skipped_by_reason) as [string, number][]).filter(([, v]) => v > 0);
  return (
    <section className={settings.card} aria-labelledby="campaign-numbers">
      <h2 id="campaign-numbers">{t("marketingCampaigns.numbers")}</h2>
      <dl className={styles.tiles}>
        <Tile testId="tile-recipients" label={t("marketingCampaigns.tile.recipients")} n={r.recipients} />
        <Tile testId="tile-delivered" label={t("marketingCampaigns.tile.delivered")} n={r.delivered} rate={r.rates.delivery} rateOf={t("marketingCampaigns.ofAttempted")} />
        <Tile testId="tile-opened" label={t("marketingCampaigns.tile.opened")} n={r.results.opened} rate={r.rates.open} rateOf={delivered} />
        <Tile testId="tile-clicked" label={t("marketingCampaigns.tile.clicked")} n={r.results.clicked} rate={r.rates.click} rateOf={delivered} />
        <Tile testId="tile-unsubscribed" label={t("marketingCampaigns.tile.unsubscribed")} n={r.results.unsubscribed} rate={r.rates.unsubscribe} rateOf={delivered} />
        <Tile testId="tile-complained" label={t("marketingCampaigns.tile.complained")} n={r.results.complained} rate={r.rates.complaint} rateOf={delivered} />
        <Tile testId="tile-bounced" label={t("marketingCampaigns.tile.bounced")} n={r.results.bounced} rate={r.rates.bounce} rateOf={t("marketingCampaigns.ofAttempted")} />
        <Tile testId="tile-failed" label={t("marketingCampaigns.tile.failed")} n={n.failed} />
        <Tile testId="tile-waiting" label={t("marketingCampaigns.tile.waiting")} n={n.queued + n.sending} />
        <Tile testId="tile-skipped" label={t("marketingCampaigns.tile.skipped")} n={n.skipped} />
      </dl>
      {skippedReasons.length > 0 && (
        <p className={styles.explain}>
          {t("marketingCampaigns.skippedBecause")}{" "}
          {skippedReasons.map(([k, v]) => t("marketingCampaigns.reasonCount", { n: formatNumber(v), reason: t(`marketingCampaigns.reason.${k}` as MessageKey) })).join(" · ")}
        </p>
      )}
      <p className={styles.explain}>{t("marketingCampaigns.opensNote")}</p>
    </section>
  );
}

/** Amounts per currency ("€1,000.00 · $500.00"), or a dash when there are none. */
function amountsText(amounts: { currency: string; amount: number }[] | null | undefined): string {
  if (!amounts || amounts.length === 0) return "—";
  return amounts.map((a) => formatMoney(a.amount, a.currency)).join(" · ");
}

// The deals the campaign influenced (the report's attribution): the model and the window are the
// marketer's to choose; the counts show to every reader of the report, the amounts only to a role
// that reads every deal's amount.
function Attribution({
  report: r,
  model,
  onModel,
  windowDays,
  onWindow,
}: {
  report: CampaignReport;
  model: AttributionModel;
  onModel: (m: AttributionModel) => void;
  windowDays: number;
  onWindow: (d: number) => void;
}) {
  const a = r.attribution;
  // What is typed, kept while it is not a whole number of days from 1 to 365 (the report keeps the last good one).
  const [typed, setTyped] = useState(String(windowDays));
  const valid = /^\d+$/.test(typed) && Number(typed) >= 1 && Number(typed) <= 365;
  return (
    <section className={settings.card} aria-labelledby="campaign-attribution">
      <h2 id="campaign-attribution">{t("marketingCampaigns.attribution")}</h2>
      <div className={styles.attributionControls}>
        <SelectField label={t("marketingCampaigns.attribution.model")} value={model} onChange={(v) => onModel(v as AttributionModel)} help={t(`marketingCampaigns.attribution.model.${model}.help`)}>
          <option value="last_touch">{t("marketingCampaigns.attribution.model.last_touch")}</option>
          <option value="first_touch">{t("marketingCampaigns.attribution.model.first_touch")}</option>
        </SelectField>
        <TextField
          label={t("marketingCampaigns.attribution.window")}
          type="number"
          min={1}
          max={365}
          step={1}
          inputMode="numeric"
          value={typed}
          onChange={(e) => {
            setTyped(e.target.value);
            const n = e.target.valueAsNumber;
            if (Number.isInteger(n) && n >= 1 && n <= 365) onWindow(n);
          }}
          error={valid ? undefined : t("marketingCampaigns.attribution.windowBad")}
          help={t("marketingCampaigns.attribution.windowHelp")}
        />
      </div>
      <dl className={styles.tiles}>
        <Tile testId="tile-deals" label={t("marketingCampaigns.attribution.deals")} n={a.deals} />
        <Tile testId="tile-open-deals" label={t("marketingCampaigns.attribution.open")} n={a.open_deals} />
        <Tile testId="tile-won-deals" label={t("marketingCampaigns.attribution.won")} n={a.won_deals} />
        <Tile testId="tile-lost-deals" label={t("marketingCampaigns.attribution.lost")} n={a.lost_deals} />
      </dl>
      {a.amounts_shown ? (
        <dl className={styles.amounts} data-testid="attribution-amounts">
          <dt>{t("marketingCampaigns.attribution.openAmount")}</dt>
          <dd>{amountsText(a.open_amount)}</dd>
          <dt>{t("marketingCampaigns.attribution.wonAmount")}</dt>
          <dd>{amountsText(a.won_amount)}</dd>
        </dl>
      ) : (
        <p className={styles.explain}>{t("marketingCampaigns.attribution.noAmounts")}</p>
      )}
      <p className={styles.explain}>{t("marketingCampaigns.attribution.note", { days: formatNumber(a.window_days) })}</p>
    </section>
  );
}

function Recipients({ campaign: c }: { campaign: Campaign }) {
  const [state, setState] = useState<RecipientState | "">("");
  const pages = useRecipients(c.id, state, live(c));
  const rows = (pages.data?.pages ?? []).flatMap((p) => p.data);
  return (
    <section className={settings.card} aria-labelledby="campaign-recipients">
      <div className={styles.recipientsHead}>
        <h2 id="campaign-recipients">{t("marketingCampaigns.recipients")}</h2>
        <SelectField label={t("marketingCampaigns.filterState")} value={state} onChange={(v) => setState(v as RecipientState | "")}>
          <option value="">{t("marketingCampaigns.allStates")}</option>
          {RECIPIENT_STATES.map((s) => (
            <option key={s} value={s}>
              {t(RECIPIENT_BADGES[s].label)}
            </option>
          ))}
        </SelectField>
      </div>
      <Loaded query={pages}>
        {() => (
          <>
            <SettingsTable
              label={t("marketingCampaigns.recipients")}
              rows={rows}
              rowKey={(r) => r.contact_id}
              empty={{ title: t(state ? "marketingCampaigns.noneInState" : "marketingCampaigns.noRecipients"), body: state ? undefined : t("marketingCampaigns.noRecipientsBody") }}
              columns={[
                { header: t("marketingCampaigns.recipient"), primary: true, cell: (r) => <Link to={`/contacts/${r.contact_id}`}>{r.email ?? t(r.skip_reason === "erased" ? "marketingCampaigns.erased" : "marketingCampaigns.noAddress")}</Link> },
                { header: t("marketingCampaigns.state"), cell: (r) => <StateBadge state={RECIPIENT_BADGES[r.state]} /> },
                { header: t("marketingCampaigns.detail"), cell: (r) => <RecipientDetail r={r} /> },
                { header: t("marketingCampaigns.sentAt"), cell: (r) => (r.sent_at ? formatDateTime(r.sent_at) : <span className={settings.muted}>—</span>) },
                { header: t("marketingCampaigns.attempts"), numeric: true, cell: (r) => r.attempts },
                { header: t("marketingCampaigns.smtpReply"), numeric: true, cell: (r) => r.smtp_reply_code ?? <span className={settings.muted}>—</span> },
              ]}
            />
            <LoadMore query={pages} label={t("marketingCampaigns.more")} />
          </>
        )}
      </Loaded>
    </section>
  );
}

/** Why a recipient was skipped or failed (the SMTP server's answer), and when a retry is due. */
function RecipientDetail({ r }: { r: CampaignRecipient }) {
  if (r.skip_reason) return <>{t(`marketingCampaigns.reason.${r.skip_reason}` as MessageKey)}</>;
  if (!r.error && !r.retry_at) return <span className={settings.muted}>—</span>;
  return (
    <>
      {r.retry_at && <div>{t("marketingCampaigns.nextTry", { when: formatDateTime(r.retry_at) })}</div>}
      {r.error && <span className={settings.muted}>{r.error}</span>}
    </>
  );
}
