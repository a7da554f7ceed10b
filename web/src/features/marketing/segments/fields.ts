// What a segment's conditions can name: the contacts' fields and custom fields, and their company's
// fields and custom fields as company.<field> — each with the operators the server's lists take for
// it (read from the OpenAPI document, as the list pages read them) — then the related facts.
import { useMemo } from "react";
import { useListFields } from "../../records/list/data";
import type { ListField } from "../../records/list/fields";
import { fieldLabel } from "../../records/list/labels";
import { t, type MessageKey } from "../../../i18n";
import { RELATED_FACTS, type RelatedFact } from "./filterModel";

export interface SegmentField extends ListField {
  group: "contact" | "custom" | "company";
}

/** Kinds a segment does not offer: ids, and the company link (its fields are offered instead). */
const LEFT_OUT = new Set<ListField["kind"]>(["id", "company"]);

const offered = (f: ListField) => f.ops.length > 0 && !LEFT_OUT.has(f.kind);

export function useSegmentFields(): { fields: SegmentField[]; byName: Map<string, SegmentField>; loading: boolean } {
  const contacts = useListFields("contacts");
  const companies = useListFields("companies");
  return useMemo(() => {
    const fields: SegmentField[] = [
      ...contacts.fields.filter(offered).map((f) => ({ ...f, group: f.name.startsWith("custom.") ? ("custom" as const) : ("contact" as const) })),
      ...companies.fields
        .filter(offered)
        .map((f) => ({ ...f, name: `company.${f.name}`, label: t("marketingSegments.companyField", { field: fieldLabel(f) }), group: "company" as const })),
    ];
    return { fields, byName: new Map(fields.map((f) => [f.name, f])), loading: contacts.loading || companies.loading };
  }, [contacts.fields, companies.fields, contacts.loading, companies.loading]);
}

/** The value of the "what" picker for a related fact (a field name never starts with "@"). */
export const factChoice = (fact: RelatedFact) => `@${fact}`;

export function factOfChoice(choice: string): RelatedFact | null {
  const fact = choice.slice(1);
  return choice.startsWith("@") && (RELATED_FACTS as readonly string[]).includes(fact) ? (fact as RelatedFact) : null;
}

export const FACT_LABELS: Record<RelatedFact, MessageKey> = {
  has_open_deal: "marketingSegments.fact.has_open_deal",
  activity_within_days: "marketingSegments.fact.activity_within_days",
  consent: "marketingSegments.fact.consent",
  opened_campaign: "marketingSegments.fact.opened_campaign",
  clicked_campaign: "marketingSegments.fact.clicked_campaign",
};

/** privacy's consent channels and the states a segment can ask for (README: "none" when none is recorded). */
export const CONSENT_CHANNELS = ["email_marketing", "phone", "sms"] as const;
export const CONSENT_STATES = ["granted", "withdrawn", "none"] as const;
