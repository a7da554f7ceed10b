// Search as the user types: ~120 ms after the last key, one request; a newer query aborts the
// older one (AbortController), and the previous results stay on screen until new ones arrive.
import { useEffect, useRef, useState } from "react";
import { raw } from "../../api/client";
import type { SearchAnswer, SearchHit } from "./palette";

export const SEARCH_DEBOUNCE_MS = 120;
export const SEARCH_LIMIT = 20;

export interface SearchState {
  hits: SearchHit[];
  /** The query the hits are for. */
  query: string;
  loading: boolean;
  error: unknown;
}

/** `types` narrows the search to some objects ("deals", "contacts,leads"). */
export function useSearch(text: string, types?: string): SearchState {
  const [state, setState] = useState<SearchState>({ hits: [], query: "", loading: false, error: null });
  const controller = useRef<AbortController | null>(null);

  useEffect(() => {
    const q = text.trim();
    if (!q) {
      controller.current?.abort();
      setState({ hits: [], query: "", loading: false, error: null });
      return undefined;
    }
    setState((s) => ({ ...s, loading: true }));
    const timer = setTimeout(async () => {
      controller.current?.abort();
      const ctl = new AbortController();
      controller.current = ctl;
      try {
        const params = new URLSearchParams({ q, limit: String(SEARCH_LIMIT) });
        if (types) params.set("types", types);
        const res = await raw(`/api/v1/search?${params.toString()}`, { signal: ctl.signal });
        const body = (await res.json()) as SearchAnswer;
        if (!ctl.signal.aborted) setState({ hits: body.data ?? [], query: q, loading: false, error: null });
      } catch (error) {
        if (ctl.signal.aborted) return;
        setState((s) => ({ ...s, loading: false, error }));
      }
    }, SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [text, types]);

  useEffect(() => () => controller.current?.abort(), []);
  return state;
}
