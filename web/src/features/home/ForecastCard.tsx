// The weighted forecast of this month and this quarter (open deals by expected close date), per
// currency, with best case and commit beside it, for the chosen owners (the report's owner_id: the
// server rounds the weighted amount once over exactly their deals).
import { Link } from "react-router";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Skeleton } from "../../components/Skeleton";
import { formatMoney, formatNumber, t } from "../../i18n";
import { useForecast } from "../reports/data";
import { ownerParam } from "../reports/owners";
import { forecastPeriods } from "../reports/tables";
import { periodLabel } from "../reports/periods";
import { Card } from "./Card";
import { thisMonthDates } from "./dates";
import { openOf, type Period } from "./forecast";
import styles from "./Home.module.css";

export function ForecastCard({ owners }: { owners: string[] | null }) {
  const { month } = thisMonthDates();
  const owner = ownerParam(owners);
  const nobody = owner === "nobody";
  const monthly = useForecast({ from: month, to: month, group: "month", ...(nobody ? {} : owner) }, !nobody);
  const quarterly = useForecast({ from: month, to: month, group: "quarter", ...(nobody ? {} : owner) }, !nobody);
  const error = monthly.error ?? quarterly.error;

  const windows =
    (monthly.data && quarterly.data) || nobody
      ? [
          { key: "month", title: t("home.forecast.month"), period: monthly.data && forecastPeriods(monthly.data)[0] },
          { key: "quarter", title: t("home.forecast.quarter"), period: quarterly.data && forecastPeriods(quarterly.data)[0] },
        ].map((w) => ({ ...w, label: w.period ? periodLabel(w.period.period) : "", figures: openOf(w.period as Period | undefined) }))
      : null;

  let body;
  if (error) body = <ErrorNotice error={error} retry={() => void (monthly.refetch(), quarterly.refetch())} />;
  else if (!windows) body = <Skeleton lines={4} />;
  else
    body = (
      <div className={styles.forecast}>
        {windows.map((w) => (
          <div key={w.key} className={styles.forecastCol}>
            <h3>
              {w.title} <span className={styles.sub}>{w.label}</span>
            </h3>
            {w.figures.count === 0 ? (
              <p className={styles.note}>{t("home.forecast.none")}</p>
            ) : w.figures.open.length === 0 ? null : (
              <dl className={styles.kv}>
                {w.figures.open.map((m) => (
                  <div key={m.currency} className={styles.kvGroup}>
                    <dt>{t("home.forecast.weighted")}</dt>
                    <dd className={styles.big}>{formatMoney(m.weighted_amount, m.currency)}</dd>
                    <dt>{t("home.forecast.bestCase")}</dt>
                    <dd>{formatMoney(m.amount, m.currency)}</dd>
                    <dt>{t("home.forecast.commit")}</dt>
                    <dd>{formatMoney(m.commit_amount, m.currency)}</dd>
                  </div>
                ))}
              </dl>
            )}
            {w.figures.count > 0 && <p className={styles.note}>{t("home.forecast.deals", { n: formatNumber(w.figures.count) })}</p>}
          </div>
        ))}
      </div>
    );

  return (
    <Card
      id="home-forecast"
      title={t("home.forecast.title")}
      action={
        <Link to="/reports" className={styles.more}>
          {t("home.pipeline.reports")}
        </Link>
      }
    >
      {body}
    </Card>
  );
}
