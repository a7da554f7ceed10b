// Open deals expected to close this month, soonest first.
import { Link } from "react-router";
import { useCommands } from "../../app/commands";
import { Button } from "../../components/Button";
import { EmptyState } from "../../components/EmptyState";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Owner } from "../../components/Owner";
import { Skeleton } from "../../components/Skeleton";
import type { Pipeline } from "../../api/types";
import { formatDate, formatMoney, formatNumber, t } from "../../i18n";
import { Card } from "./Card";
import { useClosingThisMonth } from "./data";
import styles from "./Home.module.css";

export function ClosingCard({ owners, pipelines, showOwner }: { owners: string[] | null; pipelines: Pipeline[]; showOwner: boolean }) {
  const deals = useClosingThisMonth(owners);
  const { openCreate } = useCommands();
  const stageName = new Map(pipelines.flatMap((p) => p.stages.map((s) => [s.id, s.name] as const)));
  const list = deals.data?.data ?? [];
  const total = deals.data?.total ?? list.length;

  let body;
  if (deals.error) body = <ErrorNotice error={deals.error} retry={() => void deals.refetch()} />;
  else if (!deals.data) body = <Skeleton lines={4} />;
  else if (!list.length)
    body = (
      <EmptyState title={t("home.closing.empty")} action={<Button onClick={() => openCreate("deals")}>{t("home.createDeal")}</Button>}>
        {t("home.closing.empty.help")}
      </EmptyState>
    );
  else
    body = (
      <>
        <ul className={styles.list}>
          {list.map((d) => (
            <li key={d.id} className={styles.item}>
              <div className={styles.itemMain}>
                <Link to={`/deals/${d.id}`} className={styles.itemTitle}>
                  {d.name || t("home.noName")}
                </Link>
                <span className={styles.itemMeta}>
                  {[stageName.get(d.stage_id ?? ""), t("home.closing.on", { date: formatDate(d.expected_close_date) })].filter(Boolean).join(" · ")}
                </span>
              </div>
              <span className={`${styles.amount} num`}>{typeof d.amount === "number" ? formatMoney(d.amount, d.currency) : ""}</span>
              {showOwner && <Owner id={d.owner_id} compact />}
            </li>
          ))}
        </ul>
        {total > list.length && (
          <Link to="/deals" className={styles.more}>
            {t("home.closing.more", { n: formatNumber(total - list.length) })}
          </Link>
        )}
      </>
    );

  return (
    <Card id="home-closing" title={deals.data ? t("home.closing.titleCount", { n: formatNumber(total) }) : t("home.closing.title")}>
      {body}
    </Card>
  );
}
