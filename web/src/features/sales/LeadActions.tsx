import type { Lead } from "../../api/types";

/** A lead's primary actions in its record header (qualify, disqualify, convert). */
export default function LeadActions(_props: { lead: Lead }) {
  return null;
}
