// A list's title cells are plain links (react-router's Link costs a dozen hooks in every row that
// scrolls in): a plain click opens the record in the app, a click with a modifier key is the
// browser's (a new tab). One stable handler for every row.
import { useCallback, useRef, type MouseEvent } from "react";
import { useNavigate } from "react-router";

export function useFollowLink(): (e: MouseEvent<HTMLAnchorElement>) => void {
  const navigate = useNavigate();
  const navigateRef = useRef(navigate);
  navigateRef.current = navigate;
  return useCallback((e: MouseEvent<HTMLAnchorElement>) => {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    void navigateRef.current(e.currentTarget.pathname);
  }, []);
}
