// Adding a segment's members to a list: pick the segment (its count shown), and its members as they
// are now are added, 500 at a time, with the progress said. The list keeps them when the segment
// changes later (it is a static list). Segments above SEGMENT_ADD_LIMIT are refused here, before
// anything is added: the browser would send too many requests.
import { useId, useState } from "react";
import { Button } from "../../../components/Button";
import { Dialog } from "../../../components/Dialog";
import { fieldStyles } from "../../../components/Field";
import { formatNumber, t } from "../../../i18n";
import { FormAlert } from "../../settings/shared/FormAlert";
import { errorText } from "../../settings/shared/errors";
import { addSegmentMembers, SEGMENT_ADD_LIMIT, useMemberCounts, useSegments, type StaticList } from "../api";
import styles from "./lists.module.css";

export function AddSegmentDialog({ list, onAdded, onClose }: { list: StaticList; onAdded: (r: { changed: number; unchanged: number }) => void; onClose: () => void }) {
  const id = useId();
  const segments = useSegments();
  const [segmentId, setSegmentId] = useState("");
  const count = useMemberCounts("segments", segmentId ? [segmentId] : []).get(segmentId);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const n = count?.data;
  const tooMany = n !== undefined && n > SEGMENT_ADD_LIMIT;

  async function add() {
    if (!segmentId || n === undefined || tooMany || progress !== null) return;
    setError(null);
    setProgress(0);
    try {
      onAdded(await addSegmentMembers(segmentId, list.id, setProgress));
      onClose();
    } catch (e) {
      setError(errorText(e));
      setProgress(null);
    }
  }

  return (
    <Dialog
      title={t("marketingLists.segmentTitle", { name: list.name })}
      onClose={onClose}
      footer={
        <>
          <Button onClick={onClose}>{t("common.cancel")}</Button>
          <Button variant="primary" disabled={!segmentId || n === undefined || n === 0 || tooMany || progress !== null} onClick={() => void add()}>
            {n ? t("marketingLists.addN", { n: formatNumber(n) }) : t("marketingLists.addNone")}
          </Button>
        </>
      }
    >
      <div className={styles.pickForm}>
        <p className={styles.muted}>{t("marketingLists.segmentIntro")}</p>
        <FormAlert message={error} />
        <label className={fieldStyles.label} htmlFor={`${id}-segment`}>
          {t("marketingLists.segment")}
        </label>
        <select id={`${id}-segment`} className={fieldStyles.input} value={segmentId} onChange={(e) => setSegmentId(e.target.value)} autoFocus disabled={progress !== null}>
          <option value="">{segments.isPending ? t("app.loading") : t("lists.filter.pick")}</option>
          {(segments.data ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
        {segments.data?.length === 0 && <p className={styles.muted}>{t("marketingLists.noSegments")}</p>}
        <p className={styles.muted} role="status">
          {progress !== null
            ? t("marketingLists.segmentProgress", { done: formatNumber(progress), n: formatNumber(n ?? 0) })
            : !segmentId
              ? ""
              : count?.isError
                ? errorText(count.error)
                : n === undefined
                  ? t("marketing.counting")
                  : tooMany
                    ? t("marketingLists.segmentTooMany", { n: formatNumber(n), max: formatNumber(SEGMENT_ADD_LIMIT) })
                    : t("marketingLists.segmentCount", { n: formatNumber(n) })}
        </p>
      </div>
    </Dialog>
  );
}
