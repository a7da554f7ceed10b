// One stage of the board: its name, count and totals per currency (weighted by the stage's
// probability), and its cards. The next page of the column is read when its end scrolls into view
// (or when the "show more" button at its end is pressed). The card list is virtualised: only the
// cards in view (plus overscan, the dragged card and the focused card) are in the DOM, so a column
// of 500 deals drags as lightly as one of 20. The SortableContext still holds every loaded card id
// in order, so dnd-kit's indexes — and the drop's after_id/before_id — are those of the full list.
import { useCallback, useEffect, useRef, useState, type FocusEvent } from "react";
import { defaultRangeExtractor, useVirtualizer, type Range } from "@tanstack/react-virtual";
import { useDroppable } from "@dnd-kit/core";
import { SortableContext, verticalListSortingStrategy } from "@dnd-kit/sortable";
import { Icon } from "../../components/Icon";
import { formatMoney, formatNumber, formatPercent, t } from "../../i18n";
import { columnTotals, type BoardColumn } from "./boardModel";
import { DealCard } from "./DealCard";
import { withPinned } from "./columnWindow";
import styles from "./Board.module.css";

interface Props {
  column: BoardColumn;
  companies: Map<string, string>;
  changed: Set<string>;
  onOpen: (id: string) => void;
  onLoadMore: (stageId: string) => Promise<void>;
  /** The card being dragged (kept mounted while it is in this column). */
  draggingId: string | null;
}

/** A card's height before it is measured, and the space between cards (--space-2). */
const CARD_ESTIMATE = 96;
const CARD_GAP = 8;

export const columnDropId = (stageId: string) => `column:${stageId}`;

export function BoardColumnView({ column, companies, changed, onOpen, onLoadMore, draggingId }: Props) {
  const { setNodeRef, isOver } = useDroppable({ id: columnDropId(column.id), data: { columnId: column.id } });
  const totals = columnTotals(column.amounts, column.probability);
  const headingId = `stage-${column.id}`;
  const hidden = column.count - column.cards.length;
  const cards = column.cards;

  const scrollRef = useRef<HTMLDivElement>(null);
  const [focusedId, setFocusedId] = useState<string | null>(null);
  const dragIndex = draggingId ? cards.findIndex((c) => c.id === draggingId) : -1;
  const focusIndex = focusedId ? cards.findIndex((c) => c.id === focusedId) : -1;
  const rangeExtractor = useCallback((range: Range) => withPinned(defaultRangeExtractor(range), [dragIndex, focusIndex], range.count), [dragIndex, focusIndex]);
  const virtual = useVirtualizer({
    count: cards.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CARD_ESTIMATE,
    // Measurements follow the card, not its place, so a reorder keeps them.
    getItemKey: (i) => cards[i]?.id ?? i,
    gap: CARD_GAP,
    overscan: 6,
    rangeExtractor,
  });
  const onFocus = (e: FocusEvent<HTMLDivElement>) => setFocusedId(e.target.getAttribute("data-deal-id"));
  const onBlur = (e: FocusEvent<HTMLDivElement>) => {
    if (!e.currentTarget.contains(e.relatedTarget)) setFocusedId(null);
  };
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
      <div ref={scrollRef} className={styles.cards} onFocus={onFocus} onBlur={onBlur}>
        <SortableContext id={column.id} items={cards.map((c) => c.id)} strategy={verticalListSortingStrategy}>
          {cards.length > 0 && (
            // Computed geometry (the list's full height, each card's offset): React style props.
            <div className={styles.stack} style={{ height: virtual.getTotalSize() }}>
              {virtual.getVirtualItems().map((item) => {
                const card = cards[item.index]!;
                return (
                  <div
                    key={card.id}
                    ref={virtual.measureElement}
                    data-index={item.index}
                    className={styles.slot}
                    style={{ transform: `translateY(${item.start}px)` }}
                  >
                    <DealCard
                      card={card}
                      columnId={column.id}
                      company={card.company_id ? companies.get(card.company_id) : undefined}
                      changed={changed.has(card.id)}
                      onOpen={onOpen}
                    />
                  </div>
                );
              })}
            </div>
          )}
        </SortableContext>
        {cards.length === 0 && <p className={styles.empty}>{t("board.empty")}</p>}
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
