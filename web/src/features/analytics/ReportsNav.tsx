// The kinds of reports, one segmented control on every reports page: the fixed sales and support
// reports (each shown to those who read its records), the custom reports and the dashboards.
import { Link } from "react-router";
import { scopeOf, useMe } from "../../app/session";
import { t, type MessageKey } from "../../i18n";
import reportStyles from "../reports/Reports.module.css";

export type ReportsKind = "sales" | "support" | "custom" | "dashboards";

const LINKS: { kind: ReportsKind; to: string; label: MessageKey; needs?: string }[] = [
  { kind: "sales", to: "/reports?kind=sales", label: "reports.kind.sales", needs: "deals" },
  { kind: "support", to: "/reports?kind=support", label: "reports.kind.support", needs: "tickets" },
  { kind: "custom", to: "/reports/custom", label: "reports.kind.custom" },
  { kind: "dashboards", to: "/reports/dashboards", label: "reports.kind.dashboards" },
];

export function ReportsNav({ current }: { current: ReportsKind }) {
  const me = useMe();
  return (
    <nav aria-label={t("reports.kinds")} className={reportStyles.kinds}>
      {LINKS.filter((l) => !l.needs || scopeOf(me, l.needs, "read") !== "none").map((l) => (
        <Link key={l.kind} to={l.to} aria-current={l.kind === current ? "page" : undefined} className={reportStyles.kind}>
          {t(l.label)}
        </Link>
      ))}
    </nav>
  );
}
