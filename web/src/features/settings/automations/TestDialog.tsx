// "Test on a record": pick a record of the rule's object (the search as the palette does it), POST
// /automations/{id}/test, and say what the rule would do — whether each condition holds, and each
// action's plan in words (a field's before and after, the task it would create, the request). A dry
// run: the server writes and calls nothing.
import { useId, useState } from "react";
import { api, must } from "../../../api/client";
import { Button } from "../../../components/Button";
import { Dialog } from "../../../components/Dialog";
import { fieldStyles } from "../../../components/Field";
import { t } from "../../../i18n";
import { useSearch } from "../../search/useSearch";
import { FormAlert } from "../shared/FormAlert";
import { useFormAction } from "../shared/useFormAction";
import { actionName } from "./ActionForm";
import type { Rule, TestResult } from "./rule";
import { filterOf } from "./rule";
import { detailLines } from "./words";
import { useNames } from "./useNames";
import { chipSentence } from "../../records/list/sentences";
import { Badge } from "../shared/Badge";
import styles from "../shared/settings.module.css";
import own from "./automations.module.css";

export function TestDialog({ rule, onClose }: { rule: Rule; onClose: () => void }) {
  const [q, setQ] = useState("");
  const [picked, setPicked] = useState<{ id: string; title: string } | null>(null);
  const [result, setResult] = useState<TestResult | null>(null);
  const search = useSearch(q, rule.object_type);
  const id = useId();
  const action = useFormAction(async () => {
    if (!picked) return;
    setResult(must(await api.POST("/api/v1/automations/{id}/test", { params: { path: { id: rule.id } }, body: { record_id: picked.id } })));
  });
  const hits = search.hits.filter((h) => h.object_type === rule.object_type);
  return (
    <Dialog
      title={t("automations.test.title", { name: rule.name })}
      onClose={onClose}
      wide
      footer={
        <>
          <Button onClick={onClose}>{t("common.close")}</Button>
          <Button variant="primary" disabled={!picked || action.busy} onClick={() => void action.run()}>
            {t("automations.test.run")}
          </Button>
        </>
      }
    >
      <div className={own.stack}>
        <p className={`${styles.muted} ${styles.small}`}>{t("automations.test.intro")}</p>
        <div className={fieldStyles.field}>
          <label className={fieldStyles.label} htmlFor={id}>
            {t("automations.test.search")}
          </label>
          <input
            id={id}
            className={fieldStyles.input}
            type="search"
            value={q}
            autoFocus
            autoComplete="off"
            placeholder={t("automations.test.searchPlaceholder")}
            onChange={(e) => setQ(e.target.value)}
            aria-invalid={action.errors.fields.record_id ? true : undefined}
          />
          {action.errors.fields.record_id && (
            <span className={fieldStyles.error} role="alert">
              {action.errors.fields.record_id}
            </span>
          )}
        </div>
        {q.trim() && (
          <div role="radiogroup" aria-label={t("automations.test.search")} className={own.picker}>
            {hits.length === 0 && !search.loading && <p className={styles.muted}>{t("automations.test.noResults")}</p>}
            {hits.map((h) => (
              <label key={h.id} className={own.pickerItem}>
                <input
                  type="radio"
                  name={`${id}-record`}
                  checked={picked?.id === h.id}
                  onChange={() => {
                    setPicked({ id: h.id, title: h.title });
                    setResult(null);
                  }}
                />
                <span>{h.title}</span>
                {h.subtitle && <span className={`${styles.muted} ${styles.small}`}>{h.subtitle}</span>}
              </label>
            ))}
          </div>
        )}
        <FormAlert message={action.errors.message} />
        {result && picked && <TestOutcome rule={rule} result={result} title={picked.title} />}
      </div>
    </Dialog>
  );
}

function TestOutcome({ rule, result, title }: { rule: Rule; result: TestResult; title: string }) {
  const { names, fields } = useNames(rule.object_type);
  const sentence = (field: string, op: string, index: number) => {
    const cond = rule.conditions[index] ?? { field, op: op as never };
    const f = fields.find((x) => x.name === field);
    const filter = filterOf(cond);
    return chipSentence(names.field(field), f?.kind ?? "text", filter, (v) => (v ? names.value(field, v) : ""));
  };
  return (
    <section className={own.outcome} aria-labelledby="test-outcome" aria-live="polite">
      <h3 id="test-outcome" className={own.actionTitle}>
        {title}
      </h3>
      <p className={result.conditions_met ? own.ok : own.no}>
        {result.conditions.length === 0
          ? t("automations.test.noConditions")
          : result.conditions_met
            ? t("automations.test.conditionsMet")
            : t("automations.test.conditionsNotMet")}
      </p>
      {result.conditions.length > 0 && (
        <ul className={own.lines}>
          {result.conditions.map((c) => (
            <li key={c.index}>
              <Badge tone={c.met === null ? "neutral" : c.met ? "ok" : "danger"} mark={c.met === null ? "?" : c.met ? "✓" : "✕"}>
                {t(c.met === null ? "automations.test.unknown" : c.met ? "automations.test.met" : "automations.test.notMet")}
              </Badge>{" "}
              {sentence(c.field, c.op, c.index)}
              {(c.note || c.error) && <div className={`${styles.muted} ${styles.small}`}>{c.error ?? c.note}</div>}
            </li>
          ))}
        </ul>
      )}
      <p>{t("automations.test.wouldDo")}</p>
      <ol className={own.lines}>
        {result.actions.map((a) => (
          <li key={a.index}>
            <strong>{actionName(a.type as Rule["actions"][number]["type"])}</strong>
            {a.error ? (
              <div className={own.no}>{t("automations.test.wouldFail", { error: a.error })}</div>
            ) : (
              <ul className={own.sublines}>
                {detailLines(a.would, names).map((line, i) => (
                  <li key={i}>{line}</li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
      <p className={`${styles.muted} ${styles.small}`}>{t("automations.test.nothingWritten")}</p>
    </section>
  );
}
