import type { Deal } from "../../api/types";
import { LineItems } from "./LineItems";
import { StageHistory } from "./StageHistory";
import styles from "./DealPanels.module.css";

/** The deal's own sections on its record page (line items, stage history). */
export default function DealPanels({ deal }: { deal: Deal }) {
  return (
    <div className={styles.panels}>
      <LineItems deal={deal} />
      <StageHistory dealId={deal.id} />
    </div>
  );
}
