// Beside the builder: how many contacts the filter holds now (announced politely as it changes),
// whether a newer count is on its way, and the first members, each a link to its contact. When the
// conditions are refused the count says to fix the marked ones; it never shows a stale number as
// current.
import { useSyncExternalStore } from "react";
import { Link } from "react-router";
import { isApiError } from "../../../api/problem";
import { Skeleton } from "../../../components/Skeleton";
import { formatNumber, t } from "../../../i18n";
import { recordPath, recordTitle } from "../../records/objects";
import type { usePreview } from "./usePreview";
import styles from "./builder.module.css";

const NARROW = "(max-width: 900px)";
/** Members listed: on a narrow screen the panel sits above the builder, so it lists fewer. */
function useListed(): number {
  const narrow = useSyncExternalStore(
    (on) => {
      const m = window.matchMedia(NARROW);
      m.addEventListener("change", on);
      return () => m.removeEventListener("change", on);
    },
    () => window.matchMedia(NARROW).matches,
  );
  return narrow ? 3 : Infinity;
}

export function PreviewPanel({ preview, canPreview }: { preview: ReturnType<typeof usePreview>; canPreview: boolean }) {
  const data = preview.data;
  const listed = useListed();
  const refused = !preview.pending && preview.isError;
  const total = data?.total ?? data?.data.length ?? 0;
  const shown = (data?.data ?? []).slice(0, listed);
  return (
    <aside className={styles.side} aria-label={t("marketingSegments.preview.label")}>
      <div className={styles.countBox} aria-busy={preview.pending || undefined}>
        <p className={styles.countLine} role="status" aria-live="polite">
          {!canPreview ? (
            t("marketingSegments.preview.unsaved")
          ) : refused ? (
            isApiError(preview.error) && preview.error.status === 422 ? (
              t("marketingSegments.preview.fix")
            ) : isApiError(preview.error) ? (
              preview.error.problem.detail ?? preview.error.problem.title
            ) : (
              t("app.error.network")
            )
          ) : data ? (
            <>
              <strong className={styles.count} data-testid="segment-count">
                {formatNumber(total)}
              </strong>{" "}
              {t(total === 1 ? "marketingSegments.preview.one" : "marketingSegments.preview.many")}
            </>
          ) : (
            t("marketingSegments.preview.counting")
          )}
        </p>
        <p className={styles.countNote}>{preview.pending && data ? t("marketingSegments.preview.updating") : t("marketingSegments.preview.live")}</p>
      </div>
      {canPreview && !refused && (
        <div className={styles.members}>
          <h2 className={styles.sideHeading}>{t("marketingSegments.preview.first")}</h2>
          {!data ? (
            <Skeleton lines={4} />
          ) : shown.length === 0 ? (
            <p className={styles.note}>{t("marketingSegments.preview.none")}</p>
          ) : (
            <ul className={styles.memberList}>
              {shown.map((c) => (
                <li key={c.id}>
                  <Link to={recordPath("contacts", c.id)}>{recordTitle("contacts", c)}</Link>
                  {c.email && <span className={styles.memberDetail}>{c.email}</span>}
                </li>
              ))}
            </ul>
          )}
          {data && total > shown.length && <p className={styles.note}>{t("marketingSegments.preview.more", { n: formatNumber(total - shown.length) })}</p>}
        </div>
      )}
    </aside>
  );
}
