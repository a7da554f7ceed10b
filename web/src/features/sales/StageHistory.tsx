// A deal's way through the stages, newest first: from → to, who moved it, when, and how long it
// stayed (the current stage counts up to now).
import { useQuery } from "@tanstack/react-query";
import { api, must } from "../../api/client";
import { keys } from "../../api/keys";
import { Owner } from "../../components/Owner";
import { Skeleton } from "../../components/Skeleton";
import { ErrorNotice } from "../../components/ErrorNotice";
import { formatDateTime, t } from "../../i18n";
import { stageStays } from "./stageHistoryModel";
import styles from "./DealPanels.module.css";

export function StageHistory({ dealId }: { dealId: string }) {
  const history = useQuery({
    queryKey: keys.related("deals", dealId, "stage-history"),
    queryFn: async () => must(await api.GET("/api/v1/deals/{id}/stage-history", { params: { path: { id: dealId } } })).data,
  });
  const unknown = t("stageHistory.unknownStage");
  return (
    <section className={styles.panel} aria-labelledby={`history-${dealId}`}>
      <h2 id={`history-${dealId}`} className={styles.panelTitle}>
        {t("stageHistory.title")}
      </h2>
      {history.isPending ? (
        <Skeleton lines={3} />
      ) : history.isError ? (
        <ErrorNotice error={history.error} retry={() => void history.refetch()} />
      ) : history.data.length === 0 ? (
        <p className={styles.muted}>{t("stageHistory.empty")}</p>
      ) : (
        <ol className={styles.history}>
          {stageStays(history.data, new Date()).map((s) => (
            <li key={s.id} className={styles.historyItem}>
              <span className={styles.historyMove}>
                {s.from === null
                  ? t("stageHistory.created", { stage: s.to ?? unknown })
                  : t("stageHistory.move", { from: s.from || unknown, to: s.to ?? unknown })}
              </span>
              <span className={styles.historyMeta}>
                <time dateTime={s.at}>{formatDateTime(s.at)}</time>
                {s.by && (
                  <>
                    <span aria-hidden="true">·</span>
                    <span className="visually-hidden">{t("stageHistory.by")}</span>
                    <Owner id={s.by} />
                  </>
                )}
              </span>
              <span className={styles.historyStay}>
                {s.current
                  ? t("stageHistory.current", { stage: s.to ?? unknown, duration: s.duration })
                  : t("stageHistory.inStage", { stage: s.to ?? unknown, duration: s.duration })}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
