import type { Deal } from "../../api/types";

/** The deal's own sections on its record page (line items, stage history). */
export default function DealPanels(_props: { deal: Deal }) {
  return null;
}
