// The rows an import (or a dry run) refused: line, column, value and the reason, as the server
// says them; the first 100, with the whole list as the errors CSV (the failed rows as read, with a
// reason column, to fix in a spreadsheet and import again).
import { useQuery } from "@tanstack/react-query";
import { api, must } from "../../api/client";
import { saveUrl } from "../../api/files";
import { Button } from "../../components/Button";
import { Icon } from "../../components/Icon";
import { formatNumber, t } from "../../i18n";
import { Loaded } from "../settings/shared/Loaded";
import { ScrollArea } from "../settings/shared/ScrollArea";
import type { Import } from "./imports";
import shared from "../settings/shared/settings.module.css";
import styles from "./imports.module.css";

const SHOWN = 100;

export function errorsFileName(i: Pick<Import, "file_name">): string {
  const base = i.file_name.replace(/\.[^.]*$/, "") || "import";
  return `${base}-errors.csv`;
}

export function FailedRowsTable({ i }: { i: Import }) {
  const rows = useQuery({
    queryKey: ["imports", "one", i.id, "failed-rows", i.counts.failed],
    queryFn: async () => must(await api.GET("/api/v1/imports/{id}/failed-rows", { params: { path: { id: i.id }, query: { limit: SHOWN } } })),
    enabled: i.counts.failed > 0,
  });
  if (i.counts.failed === 0) return null;
  return (
    <section className={styles.failed} aria-labelledby={`failed-${i.id}`}>
      <div className={shared.cardHead}>
        <h2 id={`failed-${i.id}`} className={styles.sectionTitle}>
          {t("imports.errors.title", { n: formatNumber(i.counts.failed) })}
        </h2>
        <Button size="small" onClick={() => saveUrl(`/api/v1/imports/${i.id}/errors`, errorsFileName(i))}>
          <Icon name="download" size={16} />
          {t("imports.errors.download")}
        </Button>
      </div>
      <Loaded query={rows} lines={4}>
        {(data) => (
          <>
            <ScrollArea label={t("imports.errors.table")}>
              <table className={`${shared.table} ${shared.stack}`} aria-label={t("imports.errors.table")}>
                <thead>
                  <tr>
                    <th scope="col" className="num">
                      {t("imports.errors.line")}
                    </th>
                    <th scope="col">{t("imports.errors.column")}</th>
                    <th scope="col">{t("imports.errors.value")}</th>
                    <th scope="col">{t("imports.errors.message")}</th>
                  </tr>
                </thead>
                <tbody>
                  {data.data.map((r, n) => (
                    <tr key={`${r.line}-${n}`}>
                      <td className="num">{formatNumber(r.line)}</td>
                      <td data-label={t("imports.errors.column")}>{r.column || <span className={shared.muted}>{t("imports.errors.wholeRow")}</span>}</td>
                      <td data-label={t("imports.errors.value")} className={styles.value}>
                        {r.value || <span className={shared.muted}>{t("imports.review.empty")}</span>}
                      </td>
                      <td data-label={t("imports.errors.message")}>{r.message}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollArea>
            {data.total > data.data.length && (
              <p className={shared.muted}>{t("imports.errors.more", { shown: formatNumber(data.data.length), total: formatNumber(data.total) })}</p>
            )}
          </>
        )}
      </Loaded>
    </section>
  );
}
