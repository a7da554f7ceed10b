// A record's own file on its page: a contact's vCard for an address book, a meeting's or task's
// iCalendar file for a calendar, saved by the browser from the server's URL (a plain download: the
// server names the file). The page has just read the record, so the file is there to read.
import { saveUrl } from "../../api/files";
import type { ObjectType } from "../../api/types";
import { Button } from "../../components/Button";
import { Icon } from "../../components/Icon";
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
  const file = recordFile(object, record);
  if (!file) return null;
  return (
    <Button onClick={() => saveUrl(file.path, file.name)}>
      <Icon name={object === "contacts" ? "download" : "calendar"} size={16} />
      {t(file.label)}
    </Button>
  );
}
