// The contact a campaign's preview and test send are filled from: the one the marketer picked, or
// else the first member of the audience's first segment or list (someone the message will reach).
import { useQuery } from "@tanstack/react-query";
import { api, must, raw } from "../../../api/client";
import { keys } from "../../../api/keys";
import type { ContactPage } from "../api";
import type { CampaignDraft } from "./campaign";

export function usePreviewContact(picked: string | null, audience: CampaignDraft["audience"]) {
  const first = audience.segment_ids[0] ? `segments/${audience.segment_ids[0]}` : audience.list_ids[0] ? `lists/${audience.list_ids[0]}` : null;
  const sample = useQuery({
    queryKey: [...keys.records("contacts"), "campaign-sample", first ?? ""],
    enabled: !picked && first !== null,
    queryFn: async () => ((await (await raw(`/api/v1/${first}/members?limit=1`)).json()) as ContactPage).data[0] ?? null,
    staleTime: 60_000,
    retry: false,
  });
  const chosen = useQuery({
    queryKey: [...keys.records("contacts"), "campaign-preview-contact", picked ?? ""],
    enabled: picked !== null,
    queryFn: async () => must(await api.GET("/api/v1/contacts/{id}", { params: { path: { id: picked ?? "" } } })),
  });
  const contact = picked ? chosen.data : (sample.data ?? undefined);
  return contact ?? null;
}
