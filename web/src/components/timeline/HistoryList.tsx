// The field history as readable changes: who, when, and "City: Berlin → Paris". With onRestore,
// every entry but the newest offers to bring the record back to how it was after it.
import { t, formatDateTime, formatRelative } from "../../i18n";
import { Button } from "../Button";
import { Skeleton } from "../Skeleton";
import { formatHistoryEntry, mergeOf, type HistoryEntryLike, type HistoryFormat } from "./history";
import styles from "./timeline.module.css";

export function HistoryList({
  entries,
  fmt,
  loading,
  hasMore,
  onMore,
  onRestore,
  restoring,
  onUndoMerge,
}: {
  entries: HistoryEntryLike[];
  fmt: HistoryFormat;
  loading: boolean;
  hasMore: boolean;
  onMore: () => void;
  /** Restore the record to how it was right after the entry with this id. */
  onRestore?: (entryId: number) => void;
  /** The entry whose restore is under way. */
  restoring?: number | null;
  /** Undo the merge a "merge" entry tells of (its id); not offered once an "unmerge" entry names it. */
  onUndoMerge?: (mergeId: string) => void;
}) {
  const undone = new Set(entries.filter((x) => x.action === "unmerge").map((x) => mergeOf(x)?.id));
  if (loading) return <Skeleton lines={3} />;
  if (!entries.length) return <p className={styles.hint}>{t("history.empty")}</p>;
  return (
    <>
      <ol className={styles.history}>
        {entries.map((raw, index) => {
          const e = formatHistoryEntry(raw, fmt);
          const head =
            e.action === "create"
              ? t("history.created", { actor: e.actor })
              : e.action === "delete"
                ? t("history.deleted", { actor: e.actor })
                : e.action === "restore"
                  ? t("history.restored", { actor: e.actor })
                  : e.action === "import"
                    ? t("history.imported", { actor: e.actor, file: e.file || "?" })
                    : e.action === "revert"
                      ? t("history.reverted", { actor: e.actor })
                      : e.action === "merge"
                        ? (mergeOf(raw)?.count ?? 1) > 1
                          ? t("history.mergedMany", { actor: e.actor, n: mergeOf(raw)?.count ?? 1 })
                          : t("history.merged", { actor: e.actor })
                        : e.action === "unmerge"
                          ? t("history.unmerged", { actor: e.actor })
                          : e.action === "merged"
                            ? t("history.mergedAway", { actor: e.actor })
                            : t("history.changed", { actor: e.actor });
          const merge = e.action === "merge" ? mergeOf(raw) : null;
          const restorable = onRestore && index > 0 && typeof raw.id === "number" && e.action !== "delete";
          if (e.action === "update" && !e.lines.length) return null;
          return (
            <li key={e.key} className={styles.change}>
              <p className={styles.changeHead}>
                <span>{head}</span>
                <time dateTime={e.at} title={formatDateTime(e.at)} className={styles.when}>
                  {formatRelative(e.at)}
                </time>
              </p>
              {e.lines.length > 0 && e.action !== "create" && (
                <ul className={styles.lines}>
                  {e.lines.map((l) => (
                    <li key={l.field}>
                      <span className={styles.fieldName}>{l.label}</span>{" "}
                      {l.kind === "cleared" ? (
                        <span>{t("history.cleared", { before: l.before })}</span>
                      ) : l.kind === "set" ? (
                        <>
                          <span className={styles.muted}>{t("history.set")}</span> <ins className={styles.after}>{l.after}</ins>
                        </>
                      ) : (
                        <>
                          <del className={styles.before}>{l.before}</del> <span aria-hidden="true">→</span>
                          <span className="visually-hidden">to</span> <ins className={styles.after}>{l.after}</ins>
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              )}
              {merge && onUndoMerge && !undone.has(merge.id) && (
                <Button
                  size="small"
                  variant="ghost"
                  className={styles.restoreVersion}
                  aria-label={t("history.undoMergeLabel", { when: formatDateTime(e.at) })}
                  onClick={() => onUndoMerge(merge.id)}
                >
                  {t("history.undoMerge")}
                </Button>
              )}
              {restorable && (
                <Button
                  size="small"
                  variant="ghost"
                  className={styles.restoreVersion}
                  aria-label={t("history.restoreVersionLabel", { when: formatDateTime(e.at) })}
                  disabled={restoring != null}
                  aria-busy={restoring === raw.id}
                  onClick={() => onRestore(raw.id as number)}
                >
                  {t("history.restoreVersion")}
                </Button>
              )}
            </li>
          );
        })}
      </ol>
      {hasMore && (
        <Button size="small" onClick={onMore}>
          {t("history.more")}
        </Button>
      )}
    </>
  );
}
