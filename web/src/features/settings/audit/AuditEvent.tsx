// One entry of the audit log: who, what, on which record, when, and each changed field's before
// and after.
import { Link } from "react-router";
import { OBJECT_TYPES } from "../../../api/types";
import type { Schemas } from "../../../api/types";
import { formatDateTime, formatRelative, t } from "../../../i18n";
import { objectLabel } from "../roles/MatrixTable";
import { Badge, type Tone } from "../shared/Badge";
import { showValue } from "./audit";
import styles from "../shared/settings.module.css";
import own from "./audit.module.css";

// The action is spelled out in the badge; its colour only helps scanning.
const actionTone: Record<string, Tone> = { delete: "danger", erase: "danger", create: "ok", restore: "ok", update: "accent" };
const isRecordObject = (o: string) => (OBJECT_TYPES as readonly string[]).includes(o);
export const objectName = (o: string) => (isRecordObject(o) ? objectLabel(o) : o.replace(/_/g, " "));

export function AuditEvent({ event: e, who }: { event: Schemas["AuditEvent"]; who: string }) {
  const record = isRecordObject(e.object_type) ? (
    <Link to={`/${e.object_type}/${e.object_id}`}>{t("audit.recordShort", { id: e.object_id.slice(0, 8) })}</Link>
  ) : (
    <span className={styles.mono}>{e.object_id.length > 12 ? `${e.object_id.slice(0, 8)}…` : e.object_id}</span>
  );
  return (
    <li className={own.event}>
      <div className={own.line}>
        <strong>{who}</strong>
        <Badge tone={actionTone[e.action] ?? "neutral"}>{e.action.replace(/_/g, " ")}</Badge>
        <span>
          {objectName(e.object_type)} {record}
        </span>
        <time dateTime={e.at} title={formatDateTime(e.at)} className={own.when}>
          {formatRelative(e.at)}
        </time>
      </div>
      {e.changes.length > 0 && (
        <table className={own.changes}>
          <caption className="visually-hidden">{t("audit.changes")}</caption>
          <thead className="visually-hidden">
            <tr>
              <th scope="col">{t("audit.field")}</th>
              <th scope="col">{t("audit.before")}</th>
              <th scope="col">{t("audit.after")}</th>
            </tr>
          </thead>
          <tbody>
            {e.changes.map((c, i) => (
              <tr key={`${c.field ?? ""}-${i}`}>
                <th scope="row">{c.field}</th>
                {/* A value that only appears (or only goes) shows alone, not "∅ → value". */}
                <td className={own.before}>{c.before != null && <del>{showValue(c.before)}</del>}</td>
                <td aria-hidden="true" className={own.arrow}>
                  {c.before != null && c.after != null ? "→" : ""}
                </td>
                <td className={own.after}>{c.after != null ? <ins>{showValue(c.after)}</ins> : <span>{t("audit.removed")}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </li>
  );
}
