// One deal on the board: name, amount, company, expected close date and owner. The card itself is
// the drag handle (mouse, touch after a short press, Space from the keyboard); a click or Enter
// opens the deal.
import { memo, type KeyboardEvent } from "react";
import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { Owner } from "../../components/Owner";
import { formatDate, formatMoney, t } from "../../i18n";
import type { BoardCard } from "./boardModel";
import styles from "./Board.module.css";

interface CardBodyProps {
  card: BoardCard;
  company: string | undefined;
}

export const CardBody = memo(function CardBody({ card, company }: CardBodyProps) {
  return (
    <>
      <span className={styles.cardName}>{card.name}</span>
      {company && (
        <span className={styles.cardCompany}>
          <span className="visually-hidden">{t("board.card.company")}: </span>
          {company}
        </span>
      )}
      <span className={styles.cardMeta}>
        <span className={`${styles.cardAmount} num`}>
          {card.amount !== null ? formatMoney(card.amount, card.currency) : <span className={styles.muted}>{t("board.card.noAmount")}</span>}
        </span>
        {card.expected_close_date && <span className={styles.cardDate}>{t("board.card.close", { date: formatDate(card.expected_close_date) })}</span>}
        <Owner id={card.owner_id} compact />
      </span>
    </>
  );
});

interface DealCardProps extends CardBodyProps {
  columnId: string;
  changed: boolean;
  onOpen: (id: string) => void;
}

export function DealCard({ card, company, columnId, changed, onOpen }: DealCardProps) {
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({
    id: card.id,
    data: { columnId },
    attributes: { roleDescription: t("board.card.roleDescription") },
  });
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === "Enter" && !isDragging) {
      e.preventDefault();
      onOpen(card.id);
      return;
    }
    listeners?.onKeyDown?.(e);
  };
  return (
    <div
      ref={setNodeRef}
      // Computed geometry of the drag (dnd-kit's transform), the one kind of style the CSP rule tolerates.
      style={{ transform: CSS.Translate.toString(transform), transition }}
      className={`${styles.card} ${isDragging ? styles.placeholder : ""} ${changed ? "live-changed" : ""}`}
      data-deal-id={card.id}
      {...attributes}
      {...listeners}
      onKeyDown={onKeyDown}
      onClick={() => onOpen(card.id)}
    >
      <CardBody card={card} company={company} />
    </div>
  );
}
