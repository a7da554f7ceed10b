// How a list cell shows a value of each kind: money in the record's currency, dates in the
// browser's locale, booleans as words with an icon, e-mails and phones as mailto:/tel: links,
// owners with their avatar, company and stage ids as names. All text is rendered as text (React
// escapes it); links only for http(s), mailto: and tel:.
import type { ReactNode } from "react";
import { Icon } from "../../../components/Icon";
import { OwnerBadge } from "../../../components/Owner";
import { formatDate, formatDateTime, formatMoney, formatNumber, currencyDigits, t } from "../../../i18n";
import { valueOf, type ListField } from "./fields";
import { optionLabel } from "./labels";
import type { Row, StageInfo } from "./data";
import type { User } from "../../../app/users";
import styles from "./ListPage.module.css";

export interface CellContext {
  companies: Map<string, string>;
  stages: Map<string, StageInfo>;
  pipelines: Map<string, string>;
  users: Map<string, User>;
}

function safeUrl(v: string): string | null {
  try {
    const u = new URL(v);
    return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
  } catch {
    return null;
  }
}

function moneyCurrency(field: ListField, row: Row): string | null {
  if (field.currency) return field.currency;
  return typeof row.currency === "string" ? row.currency : null;
}

/** Kinds shown by a name looked up by id in the CellContext. */
export const LOOKUP_KINDS: ReadonlySet<ListField["kind"]> = new Set(["company", "stage", "pipeline", "user"]);

/**
 * The name a cell of an id kind (company, stage, pipeline, user) shows for `row`, looked up in
 * `ctx`; null while it is not known, undefined for the other kinds. The list gives it to its grid as
 * the cell's version, so a lookup arriving renders only the cells it names.
 */
export function lookupName(field: ListField, row: Row, ctx: CellContext): string | null | undefined {
  const v = valueOf(row, field.name);
  if (v === null || v === undefined || v === "") return undefined;
  switch (field.kind) {
    case "company":
      return ctx.companies.get(String(v)) ?? null;
    case "stage":
      return ctx.stages.get(String(v))?.name ?? null;
    case "pipeline":
      return ctx.pipelines.get(String(v)) ?? null;
    case "user": {
      const u = ctx.users.get(String(v));
      return u ? u.name || u.email : null;
    }
    default:
      return undefined;
  }
}

/** The cell's content; links stop the row's click so they work on their own. */
export function renderCell(field: ListField, row: Row, ctx: CellContext): ReactNode {
  const v = valueOf(row, field.name);
  if (v === null || v === undefined || v === "") return <span className={styles.none}>{t("common.none")}</span>;
  const stop = (e: { stopPropagation: () => void }) => e.stopPropagation();
  switch (field.kind) {
    case "money":
      return typeof v === "number" ? formatMoney(v, moneyCurrency(field, row)) : String(v);
    case "number":
      return typeof v === "number" ? formatNumber(v) : String(v);
    case "date":
      return formatDate(String(v));
    case "datetime":
      // An open task past its due time says so in words and with an icon, not colour alone.
      if (field.name === "due_at" && row.done !== true && new Date(String(v)).getTime() < Date.now()) {
        return (
          <span className={styles.overdue}>
            <Icon name="warning" size={14} />
            {formatDateTime(String(v))}
            <span className="visually-hidden">{t("lists.overdue")}</span>
          </span>
        );
      }
      return formatDateTime(String(v));
    case "boolean":
      return v ? (
        <span className={styles.yes}>
          <Icon name="check" size={14} />
          {t("common.yes")}
        </span>
      ) : (
        t("common.no")
      );
    case "email":
      return (
        <a href={`mailto:${String(v)}`} onClick={stop} tabIndex={-1}>
          {String(v)}
        </a>
      );
    case "phone":
      return (
        <a href={`tel:${String(v).replace(/[^\d+]/g, "")}`} onClick={stop} tabIndex={-1}>
          {String(v)}
        </a>
      );
    case "url": {
      const href = safeUrl(String(v));
      return href ? (
        <a href={href} target="_blank" rel="noopener noreferrer" onClick={stop} tabIndex={-1}>
          {String(v)}
        </a>
      ) : (
        String(v)
      );
    }
    case "user":
      return <OwnerBadge user={ctx.users.get(String(v))} />;
    case "company":
    case "stage":
    case "pipeline":
      return lookupName(field, row, ctx) ?? "…";
    case "enum":
      return Array.isArray(v) ? v.map((x) => optionLabel(String(x))).join(", ") : optionLabel(String(v));
    case "list":
      return Array.isArray(v) ? v.map((x) => (typeof x === "object" ? JSON.stringify(x) : String(x))).join(", ") : String(v);
    default:
      return typeof v === "object" ? JSON.stringify(v) : String(v);
  }
}

/** The value a CSV cell holds: names for ids, a decimal amount for money, raw ISO dates. */
export function csvValue(field: ListField, row: Row, ctx: CellContext): unknown {
  const v = valueOf(row, field.name);
  if (v === null || v === undefined) return "";
  switch (field.kind) {
    case "money": {
      const cur = moneyCurrency(field, row);
      return typeof v === "number" && cur ? v / 10 ** currencyDigits(cur) : v;
    }
    case "user": {
      const u = ctx.users.get(String(v));
      return u ? u.name || u.email : v;
    }
    case "company":
      return ctx.companies.get(String(v)) ?? v;
    case "stage":
      return ctx.stages.get(String(v))?.name ?? v;
    case "pipeline":
      return ctx.pipelines.get(String(v)) ?? v;
    default:
      return v;
  }
}

export function isNumeric(field: ListField): boolean {
  return field.kind === "money" || field.kind === "number";
}
