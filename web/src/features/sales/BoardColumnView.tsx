// One stage of the board: its name, count and totals per currency (weighted by the stage's
// probability), and its cards. The next page of the column is read when its end scrolls into view
// (or when the "show more" button at its end is pressed).
import { useEffect, useRef, useState } from "react";
import { useDroppable } from "@dnd-kit/core";
import { SortableContext, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { Icon } from "../../components/Icon";
import { formatMoney, formatNumber, formatPercent, t } from "../../i18n";
import { columnTotals, type BoardColumn } from "./boardModel";
import { DealCard } from "./DealCard";
import styles from "./Board.module.css";

interface Props {
  column: BoardColumn;
  companies: Map<string, string>;
  changed: Set<string>;
  onOpen: (id: string) => void;
  onLoadMore: (stageId: string) => Promise<void>;
}

export const columnDropId = (stageId: string) => `column:${stageId}`;

export function BoardColumnView({ column, companies, changed, onOpen, onLoadMore }: Props) {
  const { setNodeRef, isOver } = useDroppable({ id: columnDropId(column.id), data: { columnId: column.id } });
  const totals = columnTotals(column.amounts, column.probability);
  const headingId = `stage-${column.id}`;
  const hidden = column.count - column.cards.length;
  return (
    // The whole column takes a drop, its header included.
    <section ref={setNodeRef} className={`${styles.column} ${isOver ? styles.over : ""}`} aria-labelledby={headingId} data-stage={column.name}>
      <header className={styles.columnHeader}>
        <h2 id={headingId} className={styles.columnTitle}>
          {column.kind !== "open" && (
            <span className={`${styles.kind} ${column.kind === "won" ? styles.won : styles.lost}`}>
              <Icon name={column.kind === "won" ? "check" : "close"} size={12} />
              {t(column.kind === "won" ? "board.kind.won" : "board.kind.lost")}
              <span className="visually-hidden">: </span>
            </span>
          )}
          <span className={styles.stageName}>{column.name}</span>
          <span className={styles.count} aria-label={t("board.count", { count: column.count })}>
            {formatNumber(column.count)}
          </span>
        </h2>
        {column.amounts === null ? (
          <p className={`${styles.totals} ${styles.muted}`}>{t("board.amountsHidden")}</p>
        ) : totals.length === 0 ? (
          <p className={`${styles.totals} ${styles.muted}`}>{t("board.noAmounts")}</p>
        ) : (
          <dl className={styles.totals}>
            {totals.map((x) => (
              <div key={x.currency} className={styles.totalRow}>
                <dt className="visually-hidden">
                  {t("board.total")} {x.currency}
                </dt>
                <dd className="num">{formatMoney(x.amount, x.currency)}</dd>
                {column.kind === "open" && (
                  <dd className={`${styles.weighted} num`}>{t("board.weighted", { amount: formatMoney(x.weighted, x.currency) })}</dd>
                )}
              </div>
            ))}
          </dl>
        )}
        {column.kind === "open" && <p className={styles.probability}>{t("board.probability", { percent: formatPercent(column.probability / 100) })}</p>}
      </header>
      <div className={styles.cards}>
        <SortableContext id={column.id} items={column.cards.map((c) => c.id)} strategy={verticalListSortingStrategy}>
          {column.cards.map((card) => (
            <DealCard
              key={card.id}
              card={card}
              columnId={column.id}
              company={card.company_id ? companies.get(card.company_id) : undefined}
              changed={changed.has(card.id)}
              onOpen={onOpen}
            />
          ))}
        </SortableContext>
        {column.cards.length === 0 && <p className={styles.empty}>{t("board.empty")}</p>}
        {column.nextCursor && <MoreSentinel hidden={hidden} onLoad={() => onLoadMore(column.id)} />}
      </div>
    </section>
  );
}

/** Loads the next page when it scrolls into view; a button for the keyboard and as a fallback. */
function MoreSentinel({ hidden, onLoad }: { hidden: number; onLoad: () => Promise<void> }) {
  const ref = useRef<HTMLButtonElement>(null);
  const [busy, setBusy] = useState(false);
  const load = useRef(onLoad);
  load.current = onLoad;
  const busyRef = useRef(false);
  const observer = useRef<IntersectionObserver | null>(null);
  const run = async () => {
    if (busyRef.current) return;
    busyRef.current = true;
    setBusy(true);
    try {
      await load.current();
    } finally {
      busyRef.current = false;
      setBusy(false);
      // Observed afresh: when the end is still in view after a page, the next one loads too.
      const el = ref.current;
      if (el && observer.current) {
        observer.current.unobserve(el);
        observer.current.observe(el);
      }
    }
  };
  const runRef = useRef(run);
  runRef.current = run;
  useEffect(() => {
    const el = ref.current;
    if (!el) return undefined;
    const io = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && void runRef.current(), { rootMargin: "300px" });
    observer.current = io;
    io.observe(el);
    return () => io.disconnect();
  }, []);
  return (
    <button ref={ref} type="button" className={styles.more} onClick={() => void run()} disabled={busy}>
      {busy ? t("board.loadingMore") : t("board.more", { count: formatNumber(Math.max(hidden, 0)) })}
    </button>
  );
}
