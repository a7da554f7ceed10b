// One import as it runs: read from GET /api/v1/imports/{id}, moved by the WebSocket's progress
// notices as they come (at most 4 a second), and polled while it is active as the fallback when the
// socket is down (every second) or as a safety net when it is up (every 5 s). When the import ends,
// (or is undone) what it changed is read again: the list of imports and the records of its object.
import { useCallback, useEffect, useRef } from "react";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../api/client";
import { keys } from "../../api/keys";
import { useImportNotices, useLiveState } from "../../app/live";
import { importKey, importsKey, isActive, mergeNotice, type Import, type ImportNotice } from "./imports";

/** `untilUndone`: an undo was asked for; the import is read every second until it says undone. */
export function useImport(id: string, untilUndone = false) {
  const queries = useQueryClient();
  const live = useLiveState();
  const query = useQuery({
    queryKey: importKey(id),
    queryFn: async () => must(await api.GET("/api/v1/imports/{id}", { params: { path: { id } } })),
    refetchInterval: (q) => {
      const state = q.state.data?.state;
      if (state && isActive(state)) return live === "live" ? 5000 : 1000;
      return untilUndone && state !== "undone" ? 1000 : false;
    },
  });
  const onNotice = useCallback(
    (n: { id: string }) => {
      if (n.id !== id) return;
      queries.setQueryData<Import>(importKey(id), (current) => mergeNotice(current, n as unknown as ImportNotice));
    },
    [id, queries],
  );
  useImportNotices(onNotice);

  // Once it ends: what it wrote and what it refused are read again.
  const state = query.data?.state;
  const object = query.data?.object;
  const was = useRef(state);
  useEffect(() => {
    const ended = was.current && isActive(was.current) && state && !isActive(state);
    if (ended || (was.current && was.current !== "undone" && state === "undone")) {
      void queries.invalidateQueries({ queryKey: importsKey });
      if (object) void queries.invalidateQueries({ queryKey: keys.records(object) });
    }
    was.current = state;
  }, [state, object, queries]);
  return query;
}
