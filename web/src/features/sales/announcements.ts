// What a screen reader hears while a deal is dragged (dnd-kit's live region), from the message
// catalogue: the stage and position on lift, over every move, on drop and on cancel.
import type { Announcements, ScreenReaderInstructions, UniqueIdentifier } from "@dnd-kit/core";
import { t } from "../../i18n";
import { locate, type BoardState } from "./boardModel";
import { columnDropId } from "./BoardColumnView";

function where(board: BoardState | null, cardId: UniqueIdentifier, overId: UniqueIdentifier | undefined) {
  if (!board) return null;
  const id = String(overId ?? cardId);
  const col = board.columns.find((c) => columnDropId(c.id) === id);
  if (col) {
    const at = col.cards.findIndex((c) => c.id === String(cardId));
    return { stage: col.name, position: at >= 0 ? at + 1 : col.cards.length + 1, count: Math.max(col.cards.length, 1) };
  }
  const found = locate(board, id);
  if (!found) return null;
  return { stage: found.column.name, position: found.index + 1, count: found.column.cards.length };
}

function nameOf(board: BoardState | null, cardId: UniqueIdentifier): string {
  return (board && locate(board, String(cardId))?.column.cards.find((c) => c.id === String(cardId))?.name) || "";
}

/**
 * The announcements read the board as it is shown during the drag (`current()`), so positions match
 * what a sighted user sees.
 */
export function boardAnnouncements(current: () => BoardState | null, original: () => BoardState | null): Announcements {
  const moved = { current: false };
  return {
    onDragStart({ active }) {
      moved.current = false;
      const w = where(current(), active.id, undefined);
      return w ? t("board.announce.lift", { deal: nameOf(current(), active.id), ...w }) : undefined;
    },
    onDragOver({ active, over }) {
      const deal = nameOf(current(), active.id);
      if (!over) return t("board.announce.moveOut", { deal });
      // Over its own place (right after the lift): the lift's message stands.
      if (over.id === active.id && !moved.current) return undefined;
      moved.current = true;
      const w = where(current(), active.id, over.id);
      return w ? t("board.announce.move", { deal, ...w }) : undefined;
    },
    onDragEnd({ active, over }) {
      const deal = nameOf(current(), active.id);
      if (!over) return t("board.announce.dropNowhere", { deal });
      const w = where(current(), active.id, over.id);
      return w ? t("board.announce.drop", { deal, ...w }) : undefined;
    },
    onDragCancel({ active }) {
      const deal = nameOf(original(), active.id);
      const w = where(original(), active.id, undefined);
      return t("board.announce.cancel", { deal, stage: w?.stage ?? "" });
    },
  };
}

export const boardInstructions: ScreenReaderInstructions = { draggable: t("board.instructions") };
