// What erasing a contact does to its activities, as the server decides it (modules/privacy/erase):
// an activity linked to this contact and nothing else is erased; one also linked to another record
// (a contact, company, lead or deal) only loses its link to the person.
import type { Activity } from "../../../api/types";

export interface EraseCounts {
  erased: number;
  unlinked: number;
}

export function eraseCounts(activities: readonly Activity[], contactId: string): EraseCounts {
  let erased = 0;
  let unlinked = 0;
  for (const a of activities) {
    const others = [...(a.contact_ids ?? []).filter((c) => c !== contactId), ...(a.company_ids ?? []), ...(a.lead_ids ?? []), ...(a.deal_ids ?? [])];
    if (others.length) unlinked++;
    else erased++;
  }
  return { erased, unlinked };
}
