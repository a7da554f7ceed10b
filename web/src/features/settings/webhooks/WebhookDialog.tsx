// Create a webhook (URL, description, events, an optional filter; the secret is shown next) or change one. A change
// sends only the fields the admin changed, with If-Match of the version the dialog opened on; when
// someone changed the webhook meanwhile (412) the dialog shows their version beside the admin's and
// lets them save theirs over it or take the other one. A refused URL (422) shows on the URL field, a
// refused filter condition (filter.<i>) at its condition.
import { Fragment } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { TextField } from "../../../components/Field";
import { useToast } from "../../../components/Toast";
import { t } from "../../../i18n";
import { ConflictNotice } from "../shared/ConflictNotice";
import { FormDialog } from "../shared/FormDialog";
import { useVersionedEditor } from "../shared/useVersionedEditor";
import { EventPicker } from "./EventPicker";
import { FilterField, FilterSummary } from "./FilterField";
import { webhookKey, webhooksKey } from "./queries";
import { ALL_EVENTS, changedFields, eventsText, filterBody, formOf, theirChanges, type EventType, type Webhook, type WebhookForm, type WebhookWithSecret } from "./webhook";
import styles from "../shared/settings.module.css";

const blank: WebhookForm = { url: "", description: "", event_types: [ALL_EVENTS], filter: [] };

export function WebhookDialog({
  webhook,
  onCreated,
  onClose,
}: {
  /** The webhook to change; null to create one. */
  webhook: Webhook | null;
  onCreated?: (w: WebhookWithSecret) => void;
  onClose: () => void;
}) {
  const queries = useQueryClient();
  const toast = useToast();
  const { form, set, current, conflict, action, keepMine, takeTheirs } = useVersionedEditor<Webhook, WebhookForm>({
    initial: webhook,
    formOf,
    blank: () => blank,
    changed: (a, b) => Object.keys(changedFields(a, b)).length > 0,
    create: async (f) => {
      const created = must(
        await api.POST("/api/v1/webhooks", {
          body: {
            url: f.url.trim(),
            description: f.description.trim(),
            event_types: f.event_types as EventType[],
            ...(f.filter.length ? { filter: filterBody(f.filter) } : {}),
          },
        }),
      );
      await queries.invalidateQueries({ queryKey: webhooksKey });
      onCreated?.(created);
    },
    update: async (on, from, f, ifMatch) => {
      const patch = changedFields(from, f);
      return must(
        await api.PATCH("/api/v1/webhooks/{id}", {
          params: { path: { id: on.id }, header: { "If-Match": ifMatch } },
          body: { ...patch, event_types: patch.event_types as EventType[] | undefined, filter: patch.filter && filterBody(patch.filter) },
        }),
      );
    },
    read: async (id) => must(await api.GET("/api/v1/webhooks/{id}", { params: { path: { id } } })),
    saved: async (saved) => {
      if (saved) {
        await queries.invalidateQueries({ queryKey: webhooksKey });
        toast({ text: t("webhooks.saved") });
      }
      onClose();
    },
    took: (fresh) => void queries.invalidateQueries({ queryKey: webhookKey(fresh.id) }),
  });
  const errors = action.errors.fields;
  const ready = !!form.url.trim() && form.event_types.length > 0;

  return (
    <FormDialog
      title={webhook ? t("webhooks.editTitle") : t("webhooks.add")}
      submit={webhook ? t("common.save") : t("webhooks.create")}
      action={action}
      ready={ready && !conflict}
      onClose={onClose}
      wide
    >
      {conflict && current && <Conflict base={current} fresh={conflict} onMine={keepMine} onTheirs={takeTheirs} />}
      <TextField
        label={t("webhooks.url")}
        type="url"
        inputMode="url"
        autoComplete="off"
        required
        value={form.url}
        onChange={(e) => set({ url: e.target.value })}
        error={errors.url}
        help={t("webhooks.urlHelp")}
        autoFocus
      />
      <TextField
        label={t("webhooks.description")}
        value={form.description}
        onChange={(e) => set({ description: e.target.value })}
        error={errors.description}
        help={t("webhooks.descriptionHelp")}
      />
      <EventPicker value={form.event_types} onChange={(v) => set({ event_types: v })} error={errors.event_types} />
      <FilterField events={form.event_types} filter={form.filter} onChange={(filter) => set({ filter })} errors={errors} />
    </FormDialog>
  );
}

/** Someone saved the webhook while the dialog was open: what they changed, and the two ways on. */
function Conflict({ base, fresh, onMine, onTheirs }: { base: Webhook; fresh: Webhook; onMine: () => void; onTheirs: () => void }) {
  const changed = theirChanges(formOf(base), formOf(fresh));
  const show = (field: keyof WebhookForm) =>
    field === "event_types" ? eventsText(fresh.event_types, 6) : field === "filter" ? <FilterSummary webhook={fresh} /> : fresh[field] || t("common.none");
  return (
    <ConflictNotice title={t("webhooks.conflict.title")} mine={t("webhooks.conflict.mine")} theirs={t("webhooks.conflict.theirs")} onMine={onMine} onTheirs={onTheirs}>
      {changed.length > 0 ? (
        <dl className={styles.facts}>
          {changed.map((f) => (
            <Fragment key={f}>
              <dt>{t(`webhooks.field.${f}`)}</dt>
              <dd className={f === "description" ? undefined : styles.mono}>{show(f)}</dd>
            </Fragment>
          ))}
        </dl>
      ) : (
        <p>{t("webhooks.conflict.other")}</p>
      )}
    </ConflictNotice>
  );
}
