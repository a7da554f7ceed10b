// Automations: the workspace's rules. Each row says what the rule is about and when it starts in
// words, its state (a rule the server paused is announced above the table with its reason and
// "Enable"), its last run and version; a rule can be paused, enabled, opened, or deleted.
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { isApiError } from "../../../api/problem";
import { Button } from "../../../components/Button";
import { useToast } from "../../../components/Toast";
import { formatDateTime, formatRelative, t, type MessageKey } from "../../../i18n";
import { StateBadge } from "../shared/Badge";
import { ConfirmDialog } from "../shared/ConfirmDialog";
import { errorText } from "../shared/errors";
import { Loaded } from "../shared/Loaded";
import { SettingsPage } from "../shared/SettingsPage";
import { NameCell, SettingsTable } from "../shared/SettingsTable";
import { PausedNotice } from "./PausedNotice";
import { automationKey, automationsKey, useAutomations, useLastRuns } from "./queries";
import { ruleStatus, runState, type Rule, type Run } from "./rule";
import { useNames } from "./useNames";
import { triggerSentence } from "./words";
import styles from "../shared/settings.module.css";
import own from "./automations.module.css";

export default function AutomationsPage() {
  const list = useAutomations();
  const navigate = useNavigate();
  const add = { label: t("automations.add"), run: () => navigate("new") };
  return (
    <SettingsPage title={t("automations.title")} intro={t("automations.intro")} action={add}>
      <Loaded query={list}>{(rules) => <RuleTable rules={rules} add={add} />}</Loaded>
    </SettingsPage>
  );
}

/** Enables or pauses a rule with If-Match of the version shown; a 412 re-reads the list. */
export function useToggle() {
  const queries = useQueryClient();
  const toast = useToast();
  return async (r: Rule, enable: boolean) => {
    try {
      must(
        await api.POST(enable ? "/api/v1/automations/{id}/enable" : "/api/v1/automations/{id}/disable", {
          params: { path: { id: r.id }, header: { "If-Match": `"${r.version}"` } },
        }),
      );
      toast({ text: t(enable ? "automations.enabledNow" : "automations.disabledNow", { name: r.name }) });
    } catch (e) {
      toast({ tone: "error", text: isApiError(e) && e.status === 412 ? t("automations.stale") : errorText(e) });
    } finally {
      await queries.invalidateQueries({ queryKey: automationsKey });
    }
  };
}

function TriggerCell({ rule }: { rule: Rule }) {
  const { names } = useNames(rule.object_type);
  return <span>{triggerSentence(rule.object_type, rule.trigger, names)}</span>;
}

/** The newest run's outcome and time, and the way to the whole log. */
function LastRun({ rule, run }: { rule: Rule; run: Run | null | undefined }) {
  const log = (
    <Link to={`${rule.id}/runs`} className={styles.small} aria-label={t("automations.runsNamed", { name: rule.name })}>
      {t("automations.runs")}
    </Link>
  );
  if (run === undefined) return <span className={styles.muted}>…</span>;
  if (run === null)
    return (
      <span className={own.lastRun}>
        <span className={styles.muted}>{t("automations.neverRan")}</span>
        {log}
      </span>
    );
  return (
    <span className={own.lastRun}>
      <StateBadge state={runState(run.status)} />
      <time dateTime={run.started_at} title={formatDateTime(run.started_at)}>
        {formatRelative(run.started_at)}
      </time>
      {log}
    </span>
  );
}

function RuleTable({ rules, add }: { rules: Rule[]; add: { label: string; run: () => void } }) {
  const toggle = useToggle();
  const [deleting, setDeleting] = useState<Rule | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const last = useLastRuns(rules.map((r) => r.id));
  const lastOf = new Map(rules.map((r, i) => [r.id, last[i]?.data]));
  const run = async (r: Rule, enable: boolean) => {
    setBusy(r.id);
    await toggle(r, enable);
    setBusy(null);
  };
  return (
    <>
      {rules
        .filter((r) => !r.enabled && r.paused_reason)
        .map((r) => (
          <PausedNotice key={r.id} rule={r}>
            <div className={styles.actions}>
              <Button variant="primary" size="small" disabled={busy === r.id} onClick={() => void run(r, true)} aria-label={t("automations.enableNamed", { name: r.name })}>
                {t("automations.enable")}
              </Button>
              <Link to={r.id}>{t("automations.editNamed", { name: r.name })}</Link>
            </div>
          </PausedNotice>
        ))}
      <SettingsTable
        label={t("automations.title")}
        rows={rules}
        rowKey={(r) => r.id}
        empty={{ title: t("automations.empty.title"), body: t("automations.empty.body"), action: add }}
        columns={[
          {
            header: t("automations.name"),
            primary: true,
            cell: (r) => <NameCell name={<Link to={r.id}>{r.name}</Link>} sub={r.description || undefined} />,
          },
          { header: t("automations.object"), cell: (r) => t(`automations.object.${r.object_type}` as MessageKey) },
          { header: t("automations.trigger"), cell: (r) => <TriggerCell rule={r} /> },
          { header: t("automations.state"), cell: (r) => <StateBadge state={ruleStatus(r)} /> },
          { header: t("automations.lastRun"), cell: (r) => <LastRun rule={r} run={lastOf.get(r.id)} /> },
          { header: t("automations.version"), numeric: true, cell: (r) => t("automations.versionN", { n: r.version }) },
        ]}
        actions={(r) => (
          <>
            <Button
              size="small"
              disabled={busy === r.id}
              onClick={() => void run(r, !r.enabled)}
              aria-label={t(r.enabled ? "automations.disableNamed" : "automations.enableNamed", { name: r.name })}
            >
              {r.enabled ? t("automations.disable") : t("automations.enable")}
            </Button>
            <Button size="small" variant="danger" onClick={() => setDeleting(r)} aria-label={t("automations.deleteNamed", { name: r.name })}>
              {t("common.delete")}
            </Button>
          </>
        )}
      />
      {deleting && <DeleteRuleDialog rule={deleting} onClose={() => setDeleting(null)} />}
    </>
  );
}

/** Deleting names the rule and says its log goes with it. */
export function DeleteRuleDialog({ rule, onClose, onDeleted }: { rule: Rule; onClose: () => void; onDeleted?: () => void }) {
  const queries = useQueryClient();
  const toast = useToast();
  return (
    <ConfirmDialog
      title={t("automations.deleteTitle")}
      confirm={t("automations.deleteConfirm")}
      onClose={onClose}
      onConfirm={async () => {
        must(await api.DELETE("/api/v1/automations/{id}", { params: { path: { id: rule.id }, header: { "If-Match": `"${rule.version}"` } } }));
        onDeleted?.();
        queries.removeQueries({ queryKey: automationKey(rule.id) });
        await queries.invalidateQueries({ queryKey: automationsKey });
        toast({ text: t("automations.deleted", { name: rule.name }) });
      }}
    >
      <p>{t("automations.deleteText", { name: rule.name })}</p>
    </ConfirmDialog>
  );
}
