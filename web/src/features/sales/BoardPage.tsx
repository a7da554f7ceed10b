// The deals board of one pipeline (/deals/board/:pipelineId): a column per stage with its count and
// totals per currency, cards dragged between and within stages by mouse, touch or keyboard. While a
// card is dragged the board shows a private copy (`drag.preview`), so a live refresh never moves
// the card under the user's finger; the drop is saved optimistically and rolled back with a message
// when the server refuses. A drop on a won or lost stage first asks for the close date (and the
// reason, for lost) in a dialog; cancelling puts the card back.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import {
  closestCorners,
  DndContext,
  DragOverlay,
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  useSensor,
  useSensors,
  pointerWithin,
  type CollisionDetection,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
} from "@dnd-kit/core";
import { sortableKeyboardCoordinates } from "@dnd-kit/sortable";
import { PageHeader } from "../../components/PageHeader";
import { EmptyState } from "../../components/EmptyState";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Skeleton } from "../../components/Skeleton";
import { Icon } from "../../components/Icon";
import { useToast } from "../../components/Toast";
import { useLiveChanged } from "../../app/live";
import { isApiError } from "../../api/problem";
import { t } from "../../i18n";
import { locate, moveCard, type BoardCard, type BoardColumn, type BoardState } from "./boardModel";
import { useBoard, useMoveDeal, usePipelines, type MoveInput } from "./useBoard";
import { useCompanyNames } from "./useCompanyNames";
import { BoardColumnView, columnDropId } from "./BoardColumnView";
import { CardBody } from "./DealCard";
import { CloseDealDialog } from "./CloseDealDialog";
import { DealDrawer } from "./DealDrawer";
import { boardAnnouncements, boardInstructions } from "./announcements";
import { refusalMessage } from "./moveErrors";
import styles from "./Board.module.css";

/**
 * With a pointer: the card under it, else the column under it (its empty end), else the closest
 * corners; from the keyboard (no pointer), the closest corners, as dnd-kit's sortable expects.
 * Plain closest corners would let a tall column lose to the short cards of its neighbour.
 */
const collision: CollisionDetection = (args) => {
  if (!args.pointerCoordinates) return closestCorners(keyboardCandidates(args));
  const within = pointerWithin(args);
  const overCard = within.find((c) => !String(c.id).startsWith("column:"));
  if (overCard) return [overCard];
  if (within[0]) return [within[0]];
  return closestCorners(args);
};

/**
 * From the keyboard, only the droppables of the column the card is over compete: otherwise an empty
 * column (one tall rectangle) loses to the cards of the column the card came from, and Right
 * arrow cannot reach it.
 */
function keyboardCandidates(args: Parameters<CollisionDetection>[0]): Parameters<CollisionDetection>[0] {
  const x = args.collisionRect.left + args.collisionRect.width / 2;
  const columnOf = (c: (typeof args.droppableContainers)[number]) => (c.data.current as { columnId?: string } | undefined)?.columnId;
  const under = args.droppableContainers.find((c) => {
    const r = args.droppableRects.get(c.id);
    return String(c.id).startsWith("column:") && r !== undefined && r.left <= x && x <= r.right;
  });
  if (!under) return args;
  const id = columnOf(under);
  return { ...args, droppableContainers: args.droppableContainers.filter((c) => columnOf(c) === id) };
}

/**
 * Holding a card near the board's edge scrolls it, slowly enough to let go over the next stage
 * (dnd-kit's default, up to 10 px every 5 ms, crossed a phone's whole board in under a second).
 */
const AUTO_SCROLL = { acceleration: 3 };

interface Drag {
  cardId: string;
  original: BoardState;
  preview: BoardState;
}

export interface PendingClose {
  card: BoardCard;
  stage: BoardColumn;
  toIndex: number;
  preview: BoardState;
  /** The dialog shows once the drag's sensor has let go of the document (SENSOR_RELEASE_MS). */
  ready: boolean;
}

/**
 * For 50 ms after a mouse or touch drop, dnd-kit's sensor still swallows every click on the document
 * and clears every text selection (AbstractPointerSensor.detach: `setTimeout(removeAll, 50)`), so
 * that the drop does not click the card. A dialog opened by the drop at once lost a Cancel click or
 * the first text typed into it (the board's end-to-end test flaked so on a loaded machine, where that
 * timer runs late). The dialog opens on a timer of the same delay set after dnd-kit's, which runs
 * after it: timers of equal delay run in the order they were set.
 */
const SENSOR_RELEASE_MS = 50;

export default function BoardPage() {
  const { pipelineId } = useParams();
  const navigate = useNavigate();
  const pipelines = usePipelines();
  const usable = useMemo(() => (pipelines.data ?? []).filter((p) => !p.archived), [pipelines.data]);

  // No pipeline in the URL: the first one, remembered in the URL from then on.
  useEffect(() => {
    if (!pipelineId && usable[0]) navigate(`/deals/board/${usable[0].id}`, { replace: true });
  }, [pipelineId, usable, navigate]);

  const header = (
    <PageHeader title={t("board.title")}>
      {usable.length > 0 && (
        <label className={styles.pipelinePicker}>
          <span className={styles.pickerLabel}>{t("board.pipeline")}</span>
          <select value={pipelineId ?? ""} onChange={(e) => navigate(`/deals/board/${e.target.value}`)} className={styles.select}>
            {!pipelineId && <option value="" />}
            {usable.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <nav className={styles.viewTabs} aria-label={t("board.title")}>
        <Link to="/deals" className={styles.viewTab} aria-label={t("board.listLink")}>
          <Icon name="list" size={16} />
          <span className={styles.tabText}>{t("board.list")}</span>
        </Link>
        <span className={`${styles.viewTab} ${styles.viewTabActive}`} aria-current="page">
          <Icon name="board" size={16} />
          <span className={styles.tabText}>{t("board.boardTab")}</span>
        </span>
      </nav>
    </PageHeader>
  );

  let body;
  if (pipelines.isPending) body = <Skeleton lines={8} />;
  else if (pipelines.isError) body = <ErrorNotice error={pipelines.error} retry={() => void pipelines.refetch()} />;
  else if (usable.length === 0)
    body = (
      <EmptyState title={t("board.noPipelines")} action={<Link to="/settings/pipelines">{t("board.noPipelines.action")}</Link>}>
        {t("board.noPipelines.help")}
      </EmptyState>
    );
  else if (!pipelineId) body = <Skeleton lines={8} />;
  else body = <Board key={pipelineId} pipelineId={pipelineId} />;

  return (
    <div className={styles.page}>
      {header}
      {body}
    </div>
  );
}

function Board({ pipelineId }: { pipelineId: string }) {
  const board = useBoard(pipelineId);
  const move = useMoveDeal(pipelineId);
  const toast = useToast();
  const changed = useLiveChanged("deals");
  const [search, setSearch] = useSearchParams();
  const [drag, setDrag] = useState<Drag | null>(null);
  const [pending, setPending] = useState<PendingClose | null>(null);

  const shown = drag?.preview ?? pending?.preview ?? board.data ?? null;
  // The announcements read the board as shown at the moment they speak.
  const shownRef = useRef(shown);
  shownRef.current = shown;
  const originalRef = useRef<BoardState | null>(null);

  const companies = useCompanyNames(useMemo(() => (board.data?.columns ?? []).flatMap((c) => c.cards.map((d) => d.company_id)), [board.data]));

  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 6 } }),
    // A short press lifts a card on a phone, so a swipe still scrolls the board.
    useSensor(TouchSensor, { activationConstraint: { delay: 250, tolerance: 8 } }),
    useSensor(KeyboardSensor, {
      coordinateGetter: sortableKeyboardCoordinates,
      // Enter opens the deal; Space lifts and drops.
      keyboardCodes: { start: ["Space"], cancel: ["Escape"], end: ["Space", "Enter"] },
    }),
  );

  const accessibility = useMemo(
    () => ({
      announcements: boardAnnouncements(
        () => shownRef.current,
        () => originalRef.current,
      ),
      screenReaderInstructions: boardInstructions,
    }),
    [],
  );

  const open = useCallback(
    (id: string) => {
      const next = new URLSearchParams(search);
      next.set("deal", id);
      setSearch(next);
    },
    [search, setSearch],
  );
  const closeDrawer = () => {
    const next = new URLSearchParams(search);
    next.delete("deal");
    setSearch(next);
  };

  const columnOf = (b: BoardState, id: string): BoardColumn | undefined =>
    b.columns.find((c) => columnDropId(c.id) === id) ?? locate(b, id)?.column;

  const onDragStart = ({ active }: DragStartEvent) => {
    if (!board.data) return;
    originalRef.current = board.data;
    setDrag({ cardId: String(active.id), original: board.data, preview: board.data });
  };

  // Across columns the card moves in the preview as it goes, so the target column opens a gap. A
  // move changes the layout, which can put the pointer over the column it came from: moves closer
  // than a few frames apart are skipped, so the card cannot flip between two columns forever.
  const lastCrossing = useRef(0);
  const onDragOver = ({ active, over }: DragOverEvent) => {
    if (!over) return;
    const now = performance.now();
    if (now - lastCrossing.current < 60) return;
    setDrag((d) => {
      if (!d) return d;
      const from = locate(d.preview, d.cardId);
      const target = columnOf(d.preview, String(over.id));
      if (!from || !target || target.id === from.column.id) return d;
      const overIndex = target.cards.findIndex((c) => c.id === String(over.id));
      const translated = active.rect.current.translated;
      const below = translated && translated.top > over.rect.top + over.rect.height / 2;
      const index = overIndex >= 0 ? overIndex + (below ? 1 : 0) : target.cards.length;
      lastCrossing.current = now;
      return { ...d, preview: moveCard(d.preview, d.cardId, target.id, index) };
    });
  };

  const onDragEnd = ({ over }: DragEndEvent) => {
    const d = drag;
    if (!d || !over) {
      setDrag(null);
      return;
    }
    const target = columnOf(d.preview, String(over.id));
    const from = locate(d.preview, d.cardId);
    if (!target || !from) {
      setDrag(null);
      return;
    }
    let toIndex = from.index;
    if (target.id === from.column.id) {
      const overIndex = target.cards.findIndex((c) => c.id === String(over.id));
      if (overIndex >= 0) toIndex = overIndex;
    }
    const final = moveCard(d.preview, d.cardId, target.id, toIndex);
    const before = locate(d.original, d.cardId);
    const after = locate(final, d.cardId);
    if (!before || !after || (before.column.id === after.column.id && before.index === after.index)) {
      setDrag(null);
      return;
    }
    const card = before.column.cards[before.index]!;
    if (after.column.kind !== "open" && before.column.id !== after.column.id) {
      // The card stands in its new column at once; the dialog follows once the sensor let go.
      setPending({ card, stage: after.column, toIndex: after.index, preview: final, ready: false });
      setDrag(null);
      window.setTimeout(() => setPending((p) => (p && p.card.id === card.id ? { ...p, ready: true } : p)), SENSOR_RELEASE_MS);
      return;
    }
    // The preview stays on screen until the cache holds the move, so the card never jumps back.
    setDrag({ ...d, preview: final });
    save({ cardId: d.cardId, toStageId: after.column.id, toIndex: after.index }, card, () => setDrag(null));
  };

  const save = (input: MoveInput, card: BoardCard, applied?: () => void) => {
    move.mutate(
      { ...input, onApplied: applied },
      {
        onError: (e) => {
          applied?.();
          toast({ tone: "error", text: refusalMessage(e, card.name), ms: 9000 });
        },
      },
    );
  };

  const confirmClose = async (fields: { expected_close_date: string; lost_reason?: string }) => {
    if (!pending) return;
    const { card, stage, toIndex } = pending;
    try {
      await move.mutateAsync({ cardId: card.id, toStageId: stage.id, toIndex, ...fields });
      setPending(null);
      toast({ text: t("board.move.saved", { deal: card.name, stage: stage.name }) });
    } catch (e) {
      // A field the server refused stays in the dialog, next to the field; anything else ends it.
      if (isApiError(e) && e.status === 422 && Object.keys(e.fieldErrors()).some((f) => f === "expected_close_date" || f === "lost_reason")) throw e;
      setPending(null);
      toast({ tone: "error", text: refusalMessage(e, card.name), ms: 9000 });
    }
  };

  if (board.isPending) return <Skeleton lines={8} />;
  if (board.isError || !shown) {
    if (isApiError(board.error) && board.error.status === 404) return <EmptyState title={t("board.unknownPipeline")} />;
    return <ErrorNotice error={board.error} retry={() => void board.refetch()} />;
  }

  const active = drag ? locate(drag.preview, drag.cardId) : null;
  const activeCard = active ? active.column.cards[active.index] : undefined;
  const openDeal = search.get("deal");

  return (
    <>
      <DndContext
        sensors={sensors}
        collisionDetection={collision}
        onDragStart={onDragStart}
        onDragOver={onDragOver}
        onDragEnd={onDragEnd}
        onDragCancel={() => setDrag(null)}
        accessibility={accessibility}
        autoScroll={AUTO_SCROLL}
      >
        <div className={`${styles.board} ${drag ? styles.dragging : ""}`} role="region" aria-label={t("board.columns", { pipeline: shown.name })} tabIndex={-1}>
          {shown.columns.map((column) => (
            <BoardColumnView
              key={column.id}
              column={column}
              companies={companies}
              changed={changed}
              onOpen={open}
              onLoadMore={board.loadMore}
              draggingId={drag?.cardId ?? null}
            />
          ))}
        </div>
        <DragOverlay>
          {activeCard ? (
            <div className={`${styles.card} ${styles.overlay}`}>
              <CardBody card={activeCard} company={activeCard.company_id ? companies.get(activeCard.company_id) : undefined} />
            </div>
          ) : null}
        </DragOverlay>
      </DndContext>
      {pending?.ready && <CloseDealDialog pending={pending} onCancel={() => setPending(null)} onConfirm={confirmClose} />}
      {openDeal && <DealDrawer id={openDeal} stages={shown.columns} onClose={closeDrawer} />}
    </>
  );
}
