// The board as the UI holds it: the server's Board answer (whose properties the OpenAPI document
// leaves optional) read into columns with required fields, and the pure operations on it — where a
// dropped card lands, the optimistic reorder, and the column totals per currency. No React here, so
// every rule is unit-tested (boardModel.test.ts).
import type { Board } from "../../api/types";

export type StageKind = "open" | "won" | "lost";

export interface BoardCard {
  id: string;
  name: string;
  amount: number | null;
  currency: string | null;
  expected_close_date: string | null;
  company_id: string | null;
  owner_id: string | null;
  stage_entered_at: string | null;
  version: number;
}

export interface BoardColumn {
  id: string;
  name: string;
  kind: StageKind;
  probability: number;
  cards: BoardCard[];
  nextCursor: string | null;
  /** Deals in the stage (the server's count; the loaded cards may be fewer). */
  count: number;
  /** Sum of the stage's amounts per currency, in minor units; null when the role hides amounts. */
  amounts: Record<string, number> | null;
}

export interface BoardState {
  pipelineId: string;
  name: string;
  columns: BoardColumn[];
}

type ApiStage = NonNullable<Board["stages"][number]>;
type ApiDeal = NonNullable<ApiStage["deals"]>[number];

export function cardOf(d: ApiDeal): BoardCard {
  return {
    id: d.id ?? "",
    name: d.name ?? "",
    amount: d.amount ?? null,
    currency: d.currency ?? null,
    expected_close_date: d.expected_close_date ?? null,
    company_id: d.company_id ?? null,
    owner_id: d.owner_id ?? null,
    stage_entered_at: d.stage_entered_at ?? null,
    version: d.version ?? 0,
  };
}

/** The server's board as columns; archived stages are left out (no deal can be moved into them). */
export function boardOf(b: Board): BoardState {
  return {
    pipelineId: b.pipeline_id,
    name: b.name ?? "",
    columns: b.stages
      .filter((s) => !s.archived)
      .map((s) => {
        const cards = (s.deals ?? []).map(cardOf);
        return {
          id: s.id ?? "",
          name: s.name ?? "",
          kind: s.type ?? "open",
          probability: s.probability ?? 0,
          cards,
          nextCursor: s.next_cursor ?? null,
          count: s.count ?? cards.length,
          amounts: s.amount_by_currency ?? null,
        };
      }),
  };
}

/** Where a card is: its column and index, or null. */
export function locate(board: BoardState, cardId: string): { column: BoardColumn; index: number } | null {
  for (const column of board.columns) {
    const index = column.cards.findIndex((c) => c.id === cardId);
    if (index >= 0) return { column, index };
  }
  return null;
}

export interface Placement {
  after_id?: string;
  before_id?: string;
}

/**
 * The move API's place for a card that ends at `index` of `ids` (the column's loaded cards in their
 * new order, the moved card included): below the card above it, or above the card below it when it
 * is first; neither (the top of the column) when the column holds only it.
 */
export function placementFor(ids: readonly string[], index: number): Placement {
  if (index > 0 && ids[index - 1] !== undefined) return { after_id: ids[index - 1]! };
  const below = ids[index + 1];
  return below !== undefined ? { before_id: below } : {};
}

function addAmount(amounts: Record<string, number> | null, card: BoardCard, sign: 1 | -1): Record<string, number> | null {
  if (amounts === null || card.amount === null || !card.currency) return amounts;
  const next = { ...amounts, [card.currency]: (amounts[card.currency] ?? 0) + sign * card.amount };
  if (next[card.currency] === 0) delete next[card.currency];
  return next;
}

/**
 * The board with a card moved to `toIndex` of column `toColumnId` (an index among the cards as they
 * are once the card has left its place). Counts and amounts follow the card between columns. The
 * input is not changed; an unknown card or column gives the input back.
 */
export function moveCard(board: BoardState, cardId: string, toColumnId: string, toIndex: number): BoardState {
  const from = locate(board, cardId);
  const target = board.columns.find((c) => c.id === toColumnId);
  if (!from || !target) return board;
  const card = from.column.cards[from.index]!;
  const sameColumn = from.column.id === toColumnId;
  return {
    ...board,
    columns: board.columns.map((col) => {
      if (col.id !== from.column.id && col.id !== toColumnId) return col;
      let cards = col.cards;
      let { count, amounts } = col;
      if (col.id === from.column.id) {
        cards = cards.filter((c) => c.id !== cardId);
        if (!sameColumn) {
          count -= 1;
          amounts = addAmount(amounts, card, -1);
        }
      }
      if (col.id === toColumnId) {
        const at = Math.max(0, Math.min(toIndex, cards.length));
        cards = [...cards.slice(0, at), card, ...cards.slice(at)];
        if (!sameColumn) {
          count += 1;
          amounts = addAmount(amounts, card, 1);
        }
      }
      return { ...col, cards, count, amounts };
    }),
  };
}

/** Replaces one card (the server's answer after a move: its new version). */
export function replaceCard(board: BoardState, card: BoardCard): BoardState {
  return {
    ...board,
    columns: board.columns.map((col) =>
      col.cards.some((c) => c.id === card.id) ? { ...col, cards: col.cards.map((c) => (c.id === card.id ? card : c)) } : col,
    ),
  };
}

export interface CurrencyTotal {
  currency: string;
  amount: number;
  weighted: number;
}

/**
 * A column's totals, one per currency (amounts of different currencies are never added), sorted by
 * amount, largest first; the weighted amount is the amount times the stage's probability, rounded to
 * a whole minor unit.
 */
export function columnTotals(amounts: Record<string, number> | null, probability: number): CurrencyTotal[] {
  if (!amounts) return [];
  return Object.entries(amounts)
    .filter(([, amount]) => amount !== 0)
    .map(([currency, amount]) => ({ currency, amount, weighted: Math.round((amount * probability) / 100) }))
    .sort((a, b) => b.amount - a.amount || a.currency.localeCompare(b.currency));
}

/** Totals computed from the cards themselves, for when the server sent none. */
export function sumCards(cards: readonly BoardCard[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of cards) if (c.amount !== null && c.currency) out[c.currency] = (out[c.currency] ?? 0) + c.amount;
  return out;
}

/** Appends a further page of a column (cards already there are skipped: a move may have brought them). */
export function appendPage(board: BoardState, columnId: string, cards: BoardCard[], nextCursor: string | null): BoardState {
  return {
    ...board,
    columns: board.columns.map((col) => {
      if (col.id !== columnId) return col;
      const seen = new Set(col.cards.map((c) => c.id));
      return { ...col, cards: [...col.cards, ...cards.filter((c) => !seen.has(c.id))], nextCursor };
    }),
  };
}
