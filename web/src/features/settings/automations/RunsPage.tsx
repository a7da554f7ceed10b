// A rule's run log (/settings/automations/:id/runs), newest first in keyset pages of 25: each
// run's outcome (or why it was skipped), what started it, its record (a link), the rule's version
// it used, when, and each action's outcome with what it did or its error. Re-read every 10 s.
import { Link, useParams } from "react-router";
import { OBJECT_TYPES } from "../../../api/types";
import { formatDateTime, formatRelative, t, withReadableTimes } from "../../../i18n";
import { recordPath } from "../../records/objects";
import { StateBadge, Badge } from "../shared/Badge";
import { LoadMore } from "../shared/LoadMore";
import { Loaded } from "../shared/Loaded";
import { SettingsPage } from "../shared/SettingsPage";
import { SettingsTable } from "../shared/SettingsTable";
import { shortId } from "../shared/actions";
import { actionName } from "./ActionForm";
import { useAutomation, useRecordTitles, useRuns } from "./queries";
import { runState, type Rule, type Run } from "./rule";
import { useNames } from "./useNames";
import { detailLines, eventWords, type Names } from "./words";
import styles from "../shared/settings.module.css";
import own from "./automations.module.css";

export default function RunsPage() {
  const { id = "" } = useParams();
  const rule = useAutomation(id);
  return <Loaded query={rule}>{(r) => <RunLog rule={r} />}</Loaded>;
}

const STEP_TONE = { succeeded: "ok", failed: "danger", not_run: "neutral" } as const;
const STEP_MARK = { succeeded: "✓", failed: "✕", not_run: "–" } as const;

function Steps({ run, names }: { run: Run; names: Names }) {
  if (run.steps.length === 0) return run.reason ? <span className={own.reasonText}>{withReadableTimes(run.reason)}</span> : <span className={styles.muted}>{t("common.none")}</span>;
  return (
    <>
      {run.reason && <div className={own.reasonText}>{withReadableTimes(run.reason)}</div>}
      <ol className={own.steps}>
        {run.steps.map((s) => (
          <li key={s.index}>
            <Badge tone={STEP_TONE[s.status]} mark={STEP_MARK[s.status]}>
              {t(`automations.run.step.${s.status}`)}
            </Badge>{" "}
            <strong>{actionName(s.type as Rule["actions"][number]["type"])}</strong>
            {s.status === "succeeded" && (
              <ul className={own.sublines}>
                {detailLines(s.detail, names).map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
              </ul>
            )}
            {s.error && <div className={own.reasonText}>{s.error}</div>}
            {s.errors?.map((e, i) => (
              <div key={i} className={own.reasonText}>
                {e.field}: {e.message}
              </div>
            ))}
          </li>
        ))}
      </ol>
    </>
  );
}

/** "Stage changed", "Schedule", "Date" (the event's type on hover), with the chain depth when another rule's change started it. */
function Started({ run }: { run: Run }) {
  return (
    <>
      <div title={run.trigger_type}>{eventWords(run.trigger_type)}</div>
      {run.depth > 0 && <div className={`${styles.muted} ${styles.small}`}>{t("automations.run.depth", { n: run.depth })}</div>}
    </>
  );
}

/** The record by its name (its short id when it is gone), linked to its page. */
function RecordLink({ run, rule, title }: { run: Run; rule: Rule; title: string | undefined }) {
  if (!run.record_id) return <span className={styles.muted}>{t("automations.run.noRecord")}</span>;
  const object = (OBJECT_TYPES as readonly string[]).includes(run.object_type) ? run.object_type : rule.object_type;
  return (
    <Link to={recordPath(object, run.record_id)} className={title ? undefined : styles.mono}>
      {title ?? shortId(run.record_id)}
    </Link>
  );
}

function RunLog({ rule }: { rule: Rule }) {
  const runs = useRuns(rule.id);
  const { names } = useNames(rule.object_type);
  const titles = useRecordTitles(rule.object_type, runs.data?.pages.flatMap((p) => p.data.map((r) => r.record_id)) ?? []).data;
  const back = (
    <>
      <Link to="/settings/automations" className={styles.small}>
        {t("automations.back")}
      </Link>
      <Link to={`/settings/automations/${rule.id}`} className={styles.small}>
        {t("automations.editRule")}
      </Link>
    </>
  );
  return (
    <SettingsPage title={t("automations.run.title", { name: rule.name })} intro={t("automations.run.intro")} headerExtra={back}>
      <Loaded query={runs} lines={6}>
        {(data) => (
          <>
            <SettingsTable
              label={t("automations.runs")}
              rows={data.pages.flatMap((p) => p.data)}
              rowKey={(r) => r.id}
              empty={{ title: t("automations.run.empty.title"), body: t("automations.run.empty.body") }}
              columns={[
                { header: t("automations.run.status"), primary: true, cell: (r) => <StateBadge state={runState(r.status)} /> },
                { header: t("automations.run.started"), cell: (r) => <Started run={r} /> },
                { header: t("automations.run.record"), cell: (r) => <RecordLink run={r} rule={rule} title={titles?.get(r.record_id)} /> },
                { header: t("automations.run.version"), numeric: true, cell: (r) => t("automations.versionN", { n: r.rule_version }) },
                {
                  header: t("automations.run.when"),
                  cell: (r) => (
                    <time dateTime={r.started_at} title={formatDateTime(r.started_at)}>
                      {formatRelative(r.started_at)}
                    </time>
                  ),
                },
                { header: t("automations.run.steps"), className: own.stepsCell, cell: (r) => <Steps run={r} names={names} /> },
              ]}
            />
            <LoadMore query={runs} label={t("automations.run.more")} />
          </>
        )}
      </Loaded>
    </SettingsPage>
  );
}
