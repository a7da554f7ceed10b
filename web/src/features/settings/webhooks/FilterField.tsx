// A webhook's optional filter: conditions in the list filter language of the one record object its
// events are about, built with the rule editor's conditions bar (the lists' own filter builder), each
// refused condition (filter.<i>) said at its chip. Events about every or several objects leave nothing
// to filter on: the section says why, and a filter kept from before can be removed. FilterSummary
// says a filter in words for the list and the webhook's page.
import type { ObjectType } from "../../../api/types";
import { Button } from "../../../components/Button";
import { t, type MessageKey } from "../../../i18n";
import type { Filter } from "../../records/list/state";
import { ConditionsField } from "../automations/ConditionsField";
import { conditionSentence } from "../automations/conditionWords";
import { useNames } from "../automations/useNames";
import { filterObject, formOf, type Webhook } from "./webhook";
import styles from "../shared/settings.module.css";
import own from "./webhooks.module.css";

export function FilterField({
  events,
  filter,
  onChange,
  errors,
}: {
  events: string[];
  filter: Filter[];
  onChange: (f: Filter[]) => void;
  errors: Record<string, string>;
}) {
  const target = filterObject(events);
  return (
    <fieldset className={own.events} aria-describedby="webhook-filter-about">
      <legend>{t("webhooks.filter")}</legend>
      {"object" in target ? (
        <Conditions object={target.object} filter={filter} onChange={onChange} errors={errors} />
      ) : (
        <>
          <p id="webhook-filter-about" className={`${styles.muted} ${styles.small}`}>
            {t(`webhooks.filter.off.${target.why}` as MessageKey)}
          </p>
          {filter.length > 0 && (
            <div className={own.filterStale} role="alert">
              <span>{t("webhooks.filter.stale", { n: filter.length })}</span>
              <Button size="small" onClick={() => onChange([])}>
                {t("webhooks.filter.remove")}
              </Button>
            </div>
          )}
        </>
      )}
      {errors.filter && (
        <span className={styles.alert} role="alert">
          {errors.filter}
        </span>
      )}
    </fieldset>
  );
}

function Conditions({ object, filter, onChange, errors }: { object: ObjectType; filter: Filter[]; onChange: (f: Filter[]) => void; errors: Record<string, string> }) {
  const { names, fields, stages, pipelines } = useNames(object);
  return (
    <>
      <p id="webhook-filter-about" className={`${styles.muted} ${styles.small}`}>
        {t("webhooks.filter.intro", { objects: t(`webhooks.filter.of.${object}` as MessageKey) })}
      </p>
      <ConditionsField
        conditions={filter}
        onChange={onChange}
        errors={errors}
        path="filter"
        addLabel={t("webhooks.filter.add")}
        fields={fields}
        stages={stages}
        pipelines={pipelines}
        names={names}
      />
    </>
  );
}

/** "Every event", or the filter's conditions in words: "Amount is at least ¥1,000 and Currency is JPY". */
export function FilterSummary({ webhook }: { webhook: Pick<Webhook, "event_types" | "filter" | "url" | "description"> }) {
  const target = filterObject(webhook.event_types);
  const filter = formOf(webhook).filter;
  if (filter.length === 0) return <span className={styles.muted}>{t("webhooks.filter.none")}</span>;
  if (!("object" in target)) return <span>{t("webhooks.filter.count", { n: filter.length })}</span>;
  return <FilterWords object={target.object} filter={filter} />;
}

function FilterWords({ object, filter }: { object: ObjectType; filter: Filter[] }) {
  const { names, fields } = useNames(object);
  return <span className={own.filterWords}>{filter.map((f) => conditionSentence(f, filter, fields, names)).join(t("webhooks.filter.and"))}</span>;
}
