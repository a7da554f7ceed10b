// The builder's live count: the filter as it stands, a moment after the last edit (debounced), sent
// to POST /api/v1/segments/preview (total and the first members, counted as the segment will be).
// The last answer stays on screen while the next one is on its way. A role that may not preview
// (it reads segments, it does not manage them) sees the saved segment's members instead.
import { useQuery } from "@tanstack/react-query";
import { raw } from "../../../api/client";
import { useDebounced } from "../../../components/fields/RecordPicker";
import { marketingKeys, previewFilter, type ContactPage } from "../api";
import type { JsonObject } from "./filterModel";

/** Members shown under the count. */
export const PREVIEW_SIZE = 8;
/** Quiet time after an edit before counting: typing a value does not send a request per key. */
export const PREVIEW_DELAY_MS = 400;

export function usePreview(filter: JsonObject, savedId: string | null, canPreview: boolean) {
  const text = JSON.stringify(filter);
  const settled = useDebounced(text, PREVIEW_DELAY_MS);
  const query = useQuery({
    queryKey: canPreview ? marketingKeys.preview(settled) : [...marketingKeys.segmentCount(savedId ?? ""), "preview"],
    queryFn: async ({ signal }): Promise<ContactPage> => {
      if (canPreview) return previewFilter(JSON.parse(settled) as JsonObject, PREVIEW_SIZE, signal);
      const q = new URLSearchParams({ limit: String(PREVIEW_SIZE), count: "true" });
      return (await (await raw(`/api/v1/segments/${savedId}/members?${q.toString()}`, { signal })).json()) as ContactPage;
    },
    enabled: canPreview || savedId !== null,
    placeholderData: (prev) => prev,
    retry: false,
    staleTime: 15_000,
  });
  return { ...query, pending: text !== settled || query.isFetching };
}
