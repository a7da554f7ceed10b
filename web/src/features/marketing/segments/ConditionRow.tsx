// One condition of the builder, in a row that reads left to right: what it is about (a contact
// field, a custom field, a company field or a related fact), then the operator and value that fit
// it, then its remove button; the server's refusal of it (or the note that it has no value yet) is
// said under it and names it for screen readers.
import { useId } from "react";
import { Button } from "../../../components/Button";
import { Icon } from "../../../components/Icon";
import { fieldStyles } from "../../../components/Field";
import { t } from "../../../i18n";
import { fieldLabel } from "../../records/list/labels";
import { opWords } from "../../records/list/sentences";
import type { Op } from "../../records/list/fields";
import { blankFact, blankField, isComplete, type CampaignEventCondition, type Condition, type FieldCondition, type Json } from "./filterModel";
import { CONSENT_CHANNELS, CONSENT_STATES, FACT_LABELS, factChoice, factOfChoice, type SegmentField } from "./fields";
import { useBuilder } from "./builderContext";
import { useCampaigns } from "../campaigns/queries";
import { SegmentValueInput } from "./ValueInput";
import styles from "./builder.module.css";

/** The value kept when the operator changes: a list for "in", empty/not for is_null, else one value. */
function valueForOp(value: Json, from: string, to: string): Json {
  if (to === "is_null") return true;
  if (from === "is_null") return to === "in" ? [] : "";
  if (to === "in") return Array.isArray(value) ? value : value === "" ? [] : [value];
  if (from === "in") return Array.isArray(value) && value.length ? value[0]! : "";
  return value;
}

export function ConditionRow({ node, number, onChange, onRemove }: { node: Condition; number: string; onChange: (n: Condition) => void; onRemove: () => void }) {
  const b = useBuilder();
  const id = useId();
  const errors = b.errors.get(node.key) ?? [];
  const incomplete = !isComplete(node);
  const noteId = `${id}-note`;
  const describedBy = errors.length || incomplete ? noteId : undefined;
  const aria = (what: string) => t("marketingSegments.aria.part", { n: number, part: what });
  const common = { "aria-invalid": errors.length ? true : undefined, "aria-describedby": describedBy, disabled: b.readOnly };

  const choose = (choice: string) => {
    const fact = factOfChoice(choice);
    if (fact) {
      if (node.kind !== fact) onChange({ ...blankFact(fact), key: node.key });
      return;
    }
    const field = b.byName.get(choice);
    if (!field) return;
    const op = node.kind === "field" && field.ops.includes(node.op as Op) ? node.op : (field.ops[0] ?? "eq");
    const keep = node.kind === "field" && b.byName.get(node.field)?.kind === field.kind;
    onChange({ ...blankField(choice, op), key: node.key, value: keep ? (node as FieldCondition).value : op === "is_null" ? true : "" });
  };

  const what = node.kind === "field" ? node.field : node.kind === "raw" ? "" : factChoice(node.kind);
  const groups: { label: string; fields: SegmentField[] }[] = [
    { label: t("marketingSegments.group.contact"), fields: b.fields.filter((f) => f.group === "contact") },
    { label: t("marketingSegments.group.custom"), fields: b.fields.filter((f) => f.group === "custom") },
    { label: t("marketingSegments.group.company"), fields: b.fields.filter((f) => f.group === "company") },
  ];

  return (
    <li className={`${styles.row} ${errors.length ? styles.rowInvalid : ""}`}>
      <div className={styles.parts}>
        {node.kind === "raw" ? (
          <code className={styles.raw} aria-label={aria(t("marketingSegments.aria.raw"))}>
            {node.name ? `${node.name}: ` : ""}
            {JSON.stringify(node.value)}
          </code>
        ) : (
          <select
            {...common}
            className={`${fieldStyles.input} ${styles.what}`}
            aria-label={aria(t("marketingSegments.aria.what"))}
            value={what}
            autoFocus={b.focusKey === node.key}
            onChange={(e) => choose(e.target.value)}
          >
            {node.kind === "field" && !b.byName.has(node.field) && <option value={node.field}>{fieldLabel(node.field)}</option>}
            {groups
              .filter((g) => g.fields.length)
              .map((g) => (
                <optgroup key={g.label} label={g.label}>
                  {g.fields.map((f) => (
                    <option key={f.name} value={f.name}>
                      {fieldLabel(f)}
                    </option>
                  ))}
                </optgroup>
              ))}
            <optgroup label={t("marketingSegments.group.facts")}>
              {(Object.keys(FACT_LABELS) as (keyof typeof FACT_LABELS)[]).map((f) => (
                <option key={f} value={factChoice(f)}>
                  {t(FACT_LABELS[f])}
                </option>
              ))}
            </optgroup>
          </select>
        )}
        {node.kind === "field" && <FieldParts node={node} onChange={onChange} common={common} aria={aria} id={id} />}
        {node.kind === "has_open_deal" && (
          <>
            <select {...common} className={fieldStyles.input} aria-label={aria(t("marketingSegments.aria.op"))} value={node.has ? "yes" : "no"} onChange={(e) => onChange({ ...node, has: e.target.value === "yes" })}>
              <option value="yes">{t("marketingSegments.deal.exists")}</option>
              <option value="no">{t("marketingSegments.deal.none")}</option>
            </select>
            {node.has && (
              <>
                <select {...common} className={fieldStyles.input} aria-label={aria(t("marketingSegments.aria.pipeline"))} value={node.pipeline_id} onChange={(e) => onChange({ ...node, pipeline_id: e.target.value, stage_id: "" })}>
                  <option value="">{t("marketingSegments.deal.anyPipeline")}</option>
                  {[...b.pipelines].map(([pid, name]) => (
                    <option key={pid} value={pid}>
                      {name}
                    </option>
                  ))}
                </select>
                <select {...common} className={fieldStyles.input} aria-label={aria(t("marketingSegments.aria.stage"))} value={node.stage_id} onChange={(e) => onChange({ ...node, stage_id: e.target.value })}>
                  <option value="">{t("marketingSegments.deal.anyStage")}</option>
                  {[...b.stages]
                    .filter(([, s]) => !node.pipeline_id || s.pipeline === b.pipelines.get(node.pipeline_id))
                    .filter(([, s]) => s.type === "open")
                    .map(([sid, s]) => (
                      <option key={sid} value={sid}>
                        {node.pipeline_id ? s.name : `${s.pipeline} · ${s.name}`}
                      </option>
                    ))}
                </select>
              </>
            )}
          </>
        )}
        {node.kind === "activity_within_days" && (
          <span className={styles.days}>
            <input
              {...common}
              className={fieldStyles.input}
              type="number"
              min={1}
              max={3650}
              step={1}
              inputMode="numeric"
              aria-label={aria(t("marketingSegments.aria.days"))}
              value={node.days === null || typeof node.days === "object" ? "" : String(node.days)}
              onChange={(e) => onChange({ ...node, days: e.target.value === "" ? "" : Number.isInteger(e.target.valueAsNumber) ? e.target.valueAsNumber : e.target.value })}
            />
            <span aria-hidden="true">{t("marketingSegments.activity.days")}</span>
          </span>
        )}
        {node.kind === "consent" && (
          <>
            <select {...common} className={fieldStyles.input} aria-label={aria(t("marketingSegments.aria.channel"))} value={node.channel} onChange={(e) => onChange({ ...node, channel: e.target.value })}>
              {CONSENT_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`channel.${c}`)}
                </option>
              ))}
            </select>
            <select {...common} className={fieldStyles.input} aria-label={aria(t("marketingSegments.aria.state"))} value={node.state} onChange={(e) => onChange({ ...node, state: e.target.value })}>
              {CONSENT_STATES.map((s) => (
                <option key={s} value={s}>
                  {t(`marketingSegments.consent.${s}`)}
                </option>
              ))}
            </select>
          </>
        )}
        {(node.kind === "opened_campaign" || node.kind === "clicked_campaign") && <CampaignEventParts node={node} onChange={onChange} common={common} aria={aria} />}
        {!b.readOnly && (
          <Button size="small" variant="ghost" className={styles.remove} onClick={onRemove} aria-label={t("marketingSegments.removeCondition", { n: number })}>
            <Icon name="close" />
          </Button>
        )}
      </div>
      {(errors.length > 0 || incomplete) && (
        <p id={noteId} className={errors.length ? styles.error : styles.note} role={errors.length ? "alert" : undefined}>
          {errors.length ? errors.join(" · ") : t("marketingSegments.needsValue")}
        </p>
      )}
    </li>
  );
}

function FieldParts({
  node,
  onChange,
  common,
  aria,
  id,
}: {
  node: FieldCondition;
  onChange: (n: Condition) => void;
  common: { "aria-invalid": boolean | undefined; "aria-describedby": string | undefined; disabled: boolean };
  aria: (what: string) => string;
  id: string;
}) {
  const b = useBuilder();
  const field = b.byName.get(node.field);
  const ops = field?.ops.length ? field.ops : [node.op as Op];
  return (
    <>
      <select
        {...common}
        className={fieldStyles.input}
        aria-label={aria(t("marketingSegments.aria.op"))}
        value={node.op}
        onChange={(e) => onChange({ ...node, op: e.target.value, value: valueForOp(node.value, node.op, e.target.value) })}
      >
        {ops.map((o) => (
          <option key={o} value={o}>
            {opWords(o, field?.kind ?? "text")}
          </option>
        ))}
      </select>
      {field ? (
        <SegmentValueInput
          key={`${node.field}:${node.op}`}
          id={`${id}-value`}
          label={aria(t("marketingSegments.aria.value"))}
          field={field}
          op={node.op}
          value={node.value}
          onChange={(value) => onChange({ ...node, value })}
          invalid={Boolean(common["aria-invalid"])}
          describedBy={common["aria-describedby"]}
          meId={b.meId}
          users={b.users}
          stages={b.stages}
          pipelines={b.pipelines}
          disabled={b.readOnly}
        />
      ) : (
        <code className={styles.raw}>{JSON.stringify(node.value)}</code>
      )}
    </>
  );
}

/** Opened (clicked) a campaign: yes or never; which campaign (any, or one sent); within how many days (any time when empty). */
function CampaignEventParts({
  node,
  onChange,
  common,
  aria,
}: {
  node: CampaignEventCondition;
  onChange: (n: Condition) => void;
  common: { "aria-invalid": boolean | undefined; "aria-describedby": string | undefined; disabled: boolean };
  aria: (what: string) => string;
}) {
  const campaigns = useCampaigns();
  // Only campaigns that went out can have been opened.
  const sent = (campaigns.data ?? []).filter((c) => c.status !== "draft");
  return (
    <>
      <select {...common} className={fieldStyles.input} aria-label={aria(t("marketingSegments.aria.op"))} value={node.did ? "yes" : "no"} onChange={(e) => onChange({ ...node, did: e.target.value === "yes" })}>
        <option value="yes">{t(node.kind === "opened_campaign" ? "marketingSegments.campaign.opened" : "marketingSegments.campaign.clicked")}</option>
        <option value="no">{t(node.kind === "opened_campaign" ? "marketingSegments.campaign.neverOpened" : "marketingSegments.campaign.neverClicked")}</option>
      </select>
      {node.did && (
        <>
          <select {...common} className={fieldStyles.input} aria-label={aria(t("marketingSegments.aria.campaign"))} value={node.campaign_id} onChange={(e) => onChange({ ...node, campaign_id: e.target.value })}>
            <option value="">{t("marketingSegments.campaign.any")}</option>
            {node.campaign_id && !sent.some((c) => c.id === node.campaign_id) && <option value={node.campaign_id}>{t("marketingSegments.campaign.unknown")}</option>}
            {sent.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
          <span className={styles.days}>
            <span aria-hidden="true">{t("marketingSegments.campaign.within")}</span>
            <input
              {...common}
              className={fieldStyles.input}
              type="number"
              min={1}
              max={3650}
              step={1}
              inputMode="numeric"
              placeholder={t("marketingSegments.campaign.anyTime")}
              aria-label={aria(t("marketingSegments.aria.withinDays"))}
              value={node.days === null || typeof node.days === "object" ? "" : String(node.days)}
              onChange={(e) => onChange({ ...node, days: e.target.value === "" ? "" : Number.isInteger(e.target.valueAsNumber) ? e.target.valueAsNumber : e.target.value })}
            />
            <span aria-hidden="true">{t("marketingSegments.activity.days")}</span>
          </span>
        </>
      )}
    </>
  );
}
