// The board's server state. One query per pipeline under keys.board(id) — it starts with
// ["records","deals"], so a live notice about any deal refetches it. A column that was paged
// further is refetched as deep as it was read, so a live refresh never shortens what the user
// scrolled to. Moves are optimistic: the cache shows the card in its new place at once and goes
// back to what it was when the server refuses.
import { useCallback, useRef } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../api/client";
import { keys } from "../../api/keys";
import type { Schemas } from "../../api/types";
import { appendPage, boardOf, cardOf, locate, moveCard, placementFor, replaceCard, type BoardState } from "./boardModel";

export const PAGE = 50;

export function usePipelines() {
  return useQuery({
    queryKey: keys.settings("pipelines"),
    queryFn: async () => must(await api.GET("/api/v1/pipelines")).data,
    staleTime: 60_000,
  });
}

async function readColumn(pipelineId: string, stageId: string, limit: number, cursor?: string) {
  const r = must(
    await api.GET("/api/v1/pipelines/{id}/board", {
      params: { path: { id: pipelineId }, query: { stage_id: stageId, limit, ...(cursor ? { cursor } : {}) } },
    }),
  );
  const stage = r.stages.find((s) => s.id === stageId);
  return { cards: (stage?.deals ?? []).map(cardOf), nextCursor: stage?.next_cursor ?? null };
}

export function useBoard(pipelineId: string | undefined) {
  const queries = useQueryClient();
  // How many cards of each column the user has paged to (beyond the first page).
  const depth = useRef(new Map<string, number>());

  const query = useQuery({
    queryKey: keys.board(pipelineId ?? ""),
    enabled: !!pipelineId,
    queryFn: async ({ signal }): Promise<BoardState> => {
      const id = pipelineId!;
      let board = boardOf(
        must(await api.GET("/api/v1/pipelines/{id}/board", { params: { path: { id }, query: { totals: true, limit: PAGE } }, signal })),
      );
      for (const col of board.columns) {
        const want = depth.current.get(col.id) ?? 0;
        let cursor = col.nextCursor;
        while (cursor && board.columns.find((c) => c.id === col.id)!.cards.length < want) {
          const page = await readColumn(id, col.id, 500, cursor);
          board = appendPage(board, col.id, page.cards, page.nextCursor);
          cursor = page.nextCursor;
        }
      }
      return board;
    },
  });

  const loadMore = useCallback(
    async (stageId: string) => {
      if (!pipelineId) return;
      const key = keys.board(pipelineId);
      const current = queries.getQueryData<BoardState>(key);
      const col = current?.columns.find((c) => c.id === stageId);
      if (!col?.nextCursor) return;
      const page = await readColumn(pipelineId, stageId, PAGE, col.nextCursor);
      queries.setQueryData<BoardState>(key, (b) => (b ? appendPage(b, stageId, page.cards, page.nextCursor) : b));
      const after = queries.getQueryData<BoardState>(key)?.columns.find((c) => c.id === stageId);
      if (after) depth.current.set(stageId, after.cards.length);
    },
    [pipelineId, queries],
  );

  return { ...query, loadMore };
}

export interface MoveInput {
  cardId: string;
  toStageId: string;
  toIndex: number;
  /** With a won or lost stage. */
  expected_close_date?: string;
  lost_reason?: string;
  /** Called once the cache shows the move (the page then drops its drag preview). */
  onApplied?: (() => void) | undefined;
}

type DealMove = Schemas["DealMove"];

/** Moves a card: optimistic, rolled back when the server refuses (the caller shows why). */
export function useMoveDeal(pipelineId: string) {
  const queries = useQueryClient();
  const key = keys.board(pipelineId);
  return useMutation({
    mutationFn: async (input: MoveInput) => {
      const board = queries.getQueryData<BoardState>(key);
      const at = board ? locate(board, input.cardId) : null;
      if (!board || !at) throw new Error("The card is no longer on the board");
      const card = at.column.cards[at.index]!;
      const body: DealMove = {
        stage_id: input.toStageId,
        ...placementFor(
          at.column.cards.map((c) => c.id),
          at.index,
        ),
      };
      if (input.expected_close_date !== undefined) body.expected_close_date = input.expected_close_date;
      if (input.lost_reason !== undefined) body.lost_reason = input.lost_reason;
      return must(
        await api.POST("/api/v1/deals/{id}/move", {
          params: { path: { id: input.cardId }, header: { "If-Match": `"${card.version}"` } },
          body,
        }),
      );
    },
    // The cache takes the move before the request leaves, so the placement is read from it.
    onMutate: async (input) => {
      await queries.cancelQueries({ queryKey: key });
      const previous = queries.getQueryData<BoardState>(key);
      if (previous) queries.setQueryData<BoardState>(key, moveCard(previous, input.cardId, input.toStageId, input.toIndex));
      input.onApplied?.();
      return { previous };
    },
    onSuccess: (deal) => {
      queries.setQueryData<BoardState>(key, (b) => {
        if (!b) return b;
        const at = locate(b, deal.id);
        if (!at) return b;
        const old = at.column.cards[at.index]!;
        return replaceCard(b, {
          ...old,
          version: deal.version,
          expected_close_date: deal.expected_close_date ?? old.expected_close_date,
          stage_entered_at: old.stage_entered_at,
        });
      });
    },
    onError: (_e, _input, context) => {
      if (context?.previous) queries.setQueryData(key, context.previous);
    },
    onSettled: () => {
      void queries.invalidateQueries({ queryKey: keys.records("deals") });
    },
  });
}
