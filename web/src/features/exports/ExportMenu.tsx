// The list's Export menu: the current view (its filters and sort) as the server streams it — CSV,
// Excel, NDJSON, and vCard for contacts or iCalendar for activities — saved by the browser's download
// manager straight to disk (a million rows never sit in the tab), plus the CSV of exactly the
// visible columns with names for ids, built in the browser. Shown only to a role with an export
// grant on the object; a refusal (the grant changed meanwhile: 403, a filter the server refuses:
// 400) is handed to the page (onRefused), which keeps it in the server's words until dismissed.
import { useState } from "react";
import { Button as AriaButton, Menu, MenuItem, MenuTrigger, Popover, Separator } from "react-aria-components";
import { downloadExport } from "../../api/files";
import { isApiError } from "../../api/problem";
import type { ObjectType } from "../../api/types";
import { scopeOf, useMe } from "../../app/session";
import { Button } from "../../components/Button";
import { Icon } from "../../components/Icon";
import { useToast } from "../../components/Toast";
import { formatNumber, t, today, type MessageKey } from "../../i18n";
import type { Filter } from "../records/list/state";
import { exportFileName, exportFormats, exportPath, type ExportFormat } from "./formats";
import buttons from "../../components/Button.module.css";
import styles from "./exports.module.css";

const FORMAT_TEXT: Record<ExportFormat, [label: MessageKey, hint: MessageKey]> = {
  csv: ["export.csv", "export.csv.hint"],
  xlsx: ["export.xlsx", "export.xlsx.hint"],
  ndjson: ["export.ndjson", "export.ndjson.hint"],
  vcf: ["export.vcf", "export.vcf.hint"],
  ics: ["export.ics", "export.ics.hint"],
};

export interface ExportMenuProps {
  object: ObjectType;
  filters: Filter[];
  sort: string | null;
  /** What the records are called in sentences ("contacts"). */
  what: string;
  /** The browser-built CSV of the visible columns; progress hears the rows read. */
  visibleCsv: (progress: (rows: number) => void) => Promise<{ rows: number; capped: boolean }>;
  disabled?: boolean;
  /** A refusal to show on the page (null: clear it). */
  onRefused: (message: string | null) => void;
}

function refusal(e: unknown, what: string): string {
  if (!isApiError(e)) return t("app.error.network");
  if (e.status === 403) return t("export.forbidden", { what });
  return e.problem.detail ?? e.problem.title;
}

export function ExportMenu({ object, filters, sort, what, visibleCsv, disabled, onRefused }: ExportMenuProps) {
  const me = useMe();
  const toast = useToast();
  const [status, setStatus] = useState<string | null>(null);
  if (scopeOf(me, object, "export") === "none") return null;

  const run = async (key: ExportFormat | "visible") => {
    // One export at a time; the button stays enabled meanwhile so the focus stays on it.
    if (status !== null) return;
    onRefused(null);
    try {
      if (key === "visible") {
        setStatus(t("lists.csv.working", { n: 0 }));
        const r = await visibleCsv((n) => setStatus(t("lists.csv.working", { n: formatNumber(n) })));
        const done = t("lists.csv.done", { n: formatNumber(r.rows) });
        toast({ text: r.capped ? `${done} ${t("lists.csv.capped", { n: formatNumber(r.rows) })}` : done });
      } else {
        setStatus(t("export.checking"));
        const name = await downloadExport(exportPath(object, filters, sort, key), exportFileName(object, key, today()));
        toast({ text: t("export.started", { name }) });
      }
    } catch (e) {
      onRefused(refusal(e, what));
    } finally {
      setStatus(null);
    }
  };

  return (
    <MenuTrigger>
        <AriaButton className={`${buttons.button} ${buttons.small}`} isDisabled={disabled} aria-busy={status !== null}>
          <Icon name="download" size={16} />
          {status ?? t("export.menu")}
        </AriaButton>
        <Popover placement="bottom end" className={styles.popover}>
          <Menu className={styles.menu} aria-label={t("export.menuLabel", { what })} onAction={(k) => void run(k as ExportFormat | "visible")}>
            {exportFormats(object).map((f) => (
              <MenuItem key={f} id={f} className={styles.item} textValue={t(FORMAT_TEXT[f][0])}>
                <span className={styles.label}>{t(FORMAT_TEXT[f][0])}</span>
                <span className={styles.hint}>{t(FORMAT_TEXT[f][1])}</span>
              </MenuItem>
            ))}
            <Separator className={styles.separator} />
            <MenuItem id="visible" className={styles.item} textValue={t("export.visible")}>
              <span className={styles.label}>{t("export.visible")}</span>
              <span className={styles.hint}>{t("export.visible.hint")}</span>
            </MenuItem>
          </Menu>
        </Popover>
      </MenuTrigger>
  );
}

/** An export's refusal under the filter bar, until dismissed or the next export. */
export function ExportRefusal({ message, onDismiss }: { message: string; onDismiss: () => void }) {
  return (
    <div className={styles.refused} role="alert">
      <Icon name="warning" size={16} />
      <span>{message}</span>
      <Button size="small" variant="ghost" onClick={onDismiss}>
        {t("export.dismiss")}
      </Button>
    </div>
  );
}
