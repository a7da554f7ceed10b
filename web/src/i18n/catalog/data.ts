// Data out and email (issue 14): the lists' Export menu, a record's vCard and calendar file, the
// calendar feed, email settings, templates and sending an email from a record.
export const data = {
  "export.menu": "Export",
  "export.menuLabel": "Export these {what}",
  "export.csv": "CSV",
  "export.csv.hint": "Every field of the view's rows, for spreadsheets",
  "export.xlsx": "Excel (.xlsx)",
  "export.xlsx.hint": "Every field of the view's rows as a workbook",
  "export.ndjson": "NDJSON",
  "export.ndjson.hint": "One JSON record a line, for scripts",
  "export.vcf": "vCard (.vcf)",
  "export.vcf.hint": "For address books (Google, Outlook, Apple)",
  "export.ics": "iCalendar (.ics)",
  "export.ics.hint": "The meetings and tasks, for calendars",
  "export.visible": "CSV of the visible columns",
  "export.visible.hint": "These columns in this order, names instead of ids",
  "export.working": "Exporting… {size}",
  "export.done": "Downloaded {name} ({size}).",
  "export.forbidden": "Your role does not allow exporting {what}. An administrator can grant it under Settings → Roles.",
  "export.dismiss": "Dismiss",
  "export.vcard": "Download vCard",
  "export.addToCalendar": "Add to calendar (.ics)",
} as const;
