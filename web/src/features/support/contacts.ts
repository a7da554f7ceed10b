// Contacts found by what a person types (name, email, company) through the search API: the
// requester pickers of the new-ticket dialog and the ticket page.
import { raw } from "../../api/client";
import { keys } from "../../api/keys";
import type { RecordOption } from "../../components/fields/RecordPicker";
import type { SearchAnswer } from "../search/palette";

export async function searchContacts(text: string): Promise<RecordOption[]> {
  if (!text) return [];
  const q = new URLSearchParams({ q: text, types: "contacts", limit: "10" });
  const answer = (await (await raw(`/api/v1/search?${q.toString()}`)).json()) as SearchAnswer;
  return (answer.data ?? []).map((h) => ({ id: h.id, name: h.title, detail: h.subtitle ?? undefined }));
}

export const contactSearchKey = (text: string) => keys.list("contacts", { requesterSearch: text });
