// A record's own file on its page: a contact's vCard for an address book, a meeting's or task's
// iCalendar file for a calendar. A refusal (404: a meeting without a start) says why in a toast.
import { useState } from "react";
import { downloadFile } from "../../api/files";
import { isApiError } from "../../api/problem";
import type { ObjectType } from "../../api/types";
import { Button } from "../../components/Button";
import { Icon } from "../../components/Icon";
import { useToast } from "../../components/Toast";
import { t } from "../../i18n";

type Rec = Record<string, unknown> & { id: string };

/** The file a record has, or null: contacts always, meetings with a start, tasks. */
export function recordFile(object: ObjectType, r: Rec): { path: string; name: string; label: "export.vcard" | "export.addToCalendar" } | null {
  if (object === "contacts") return { path: `/api/v1/contacts/${r.id}/vcard`, name: `contact-${r.id}.vcf`, label: "export.vcard" };
  if (object === "activities" && (r.type === "task" || (r.type === "meeting" && r.starts_at)))
    return { path: `/api/v1/activities/${r.id}/ics`, name: `activity-${r.id}.ics`, label: "export.addToCalendar" };
  return null;
}

export function RecordFileButton({ object, record }: { object: ObjectType; record: Rec }) {
  const toast = useToast();
  const [busy, setBusy] = useState(false);
  const file = recordFile(object, record);
  if (!file) return null;
  const run = async () => {
    setBusy(true);
    try {
      await downloadFile(file.path, file.name);
    } catch (e) {
      toast({ tone: "error", text: t("app.error.generic", { detail: isApiError(e) ? (e.problem.detail ?? e.problem.title) : t("app.error.network") }) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button onClick={() => void run()} disabled={busy}>
      <Icon name={object === "contacts" ? "download" : "calendar"} size={16} />
      {t(file.label)}
    </Button>
  );
}
