// A deal opened from the board (?deal=id): its key facts, a link to its page, and its line items
// and stage history — enough to work a deal without leaving the board.
import { useQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, must } from "../../api/client";
import { keys } from "../../api/keys";
import { Dialog } from "../../components/Dialog";
import { Owner } from "../../components/Owner";
import { Skeleton } from "../../components/Skeleton";
import { ErrorNotice } from "../../components/ErrorNotice";
import { formatDate, formatMoney, t } from "../../i18n";
import { recordPath } from "../records/objects";
import type { BoardColumn } from "./boardModel";
import { useCompanyNames } from "./useCompanyNames";
import DealPanels from "./DealPanels";
import styles from "./DealPanels.module.css";

export function DealDrawer({ id, stages, onClose }: { id: string; stages: BoardColumn[]; onClose: () => void }) {
  const deal = useQuery({
    queryKey: keys.record("deals", id),
    queryFn: async () => must(await api.GET("/api/v1/deals/{id}", { params: { path: { id } } })),
  });
  const companies = useCompanyNames(deal.data?.company_id ? [deal.data.company_id] : []);
  const d = deal.data;
  const stage = stages.find((s) => s.id === d?.stage_id);
  return (
    <Dialog title={d?.name ?? t("app.loading")} onClose={onClose} wide>
      {deal.isPending ? (
        <Skeleton lines={6} />
      ) : deal.isError || !d ? (
        <ErrorNotice error={deal.error} retry={() => void deal.refetch()} />
      ) : (
        <>
          <dl className={styles.facts}>
            <div>
              <dt>{t("board.drawer.stage")}</dt>
              <dd>{stage?.name ?? "—"}</dd>
            </div>
            <div>
              <dt>{t("board.drawer.amount")}</dt>
              <dd className="num">{d.amount !== null && d.amount !== undefined ? formatMoney(d.amount, d.currency) : "—"}</dd>
            </div>
            <div>
              <dt>{t("board.drawer.close")}</dt>
              <dd>{formatDate(d.expected_close_date) || "—"}</dd>
            </div>
            <div>
              <dt>{t("board.drawer.company")}</dt>
              <dd>{d.company_id ? <Link to={recordPath("companies", d.company_id)}>{companies.get(d.company_id) ?? "…"}</Link> : "—"}</dd>
            </div>
            <div>
              <dt>{t("board.drawer.owner")}</dt>
              <dd>
                <Owner id={d.owner_id} />
              </dd>
            </div>
          </dl>
          <p>
            <Link to={recordPath("deals", d.id)}>{t("board.drawer.open")}</Link>
          </p>
          <DealPanels deal={d} />
        </>
      )}
    </Dialog>
  );
}
