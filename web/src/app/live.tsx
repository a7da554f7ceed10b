import { createContext, useContext, useEffect, useState, type ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { LiveConnection, type ImportProgressNotice, type LiveNotice, type LiveState } from "../api/live";

const LiveContext = createContext<LiveConnection | null>(null);

/** Opens the live connection while a user is signed in. */
export function LiveProvider({ children }: { children: ReactNode }) {
  const queries = useQueryClient();
  const [conn] = useState(() => new LiveConnection(queries));
  useEffect(() => {
    conn.start();
    return () => conn.stop();
  }, [conn]);
  return <LiveContext.Provider value={conn}>{children}</LiveContext.Provider>;
}

export function useLiveState(): LiveState {
  const conn = useContext(LiveContext);
  const [state, setState] = useState<LiveState>(conn?.state ?? "offline");
  useEffect(() => conn?.onState(setState), [conn]);
  return state;
}

/**
 * The ids of records of `object` changed by a live notice in the last two seconds, for a quiet
 * highlight (the class "live-changed").
 */
export function useLiveChanged(object: string): Set<string> {
  const conn = useContext(LiveContext);
  const [changed, setChanged] = useState<Set<string>>(() => new Set());
  useEffect(() => {
    if (!conn) return undefined;
    return conn.subscribe((n: LiveNotice) => {
      if (n.object !== object) return;
      setChanged((s) => new Set(s).add(n.object_id));
      setTimeout(
        () =>
          setChanged((s) => {
            const next = new Set(s);
            next.delete(n.object_id);
            return next;
          }),
        2000,
      );
    });
  }, [conn, object]);
  return changed;
}

/** Calls fn with each import progress notice while mounted (the socket's; polling is the caller's fallback). */
export function useImportNotices(fn: (i: ImportProgressNotice["import"]) => void): void {
  const conn = useContext(LiveContext);
  useEffect(() => conn?.subscribeImports(fn), [conn, fn]);
}
