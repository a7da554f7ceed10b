// A modal dialog on react-aria-components: focus is trapped and restored, Esc closes, the title
// names it for screen readers. Destructive dialogs name what they destroy in their text.
import type { ReactNode } from "react";
import { Dialog as AriaDialog, Heading, Modal, ModalOverlay } from "react-aria-components";
import styles from "./Dialog.module.css";

export interface DialogProps {
  title: string;
  onClose: () => void;
  children: ReactNode;
  /** Buttons at the bottom (the primary last). */
  footer?: ReactNode;
  wide?: boolean;
  /** A role="alertdialog" for confirmations of destructive actions. */
  alert?: boolean;
}

export function Dialog({ title, onClose, children, footer, wide = false, alert = false }: DialogProps) {
  return (
    <ModalOverlay className={styles.overlay} isOpen isDismissable onOpenChange={(open) => !open && onClose()}>
      <Modal className={`${styles.modal} ${wide ? styles.wide : ""}`}>
        <AriaDialog className={styles.dialog} role={alert ? "alertdialog" : "dialog"}>
          <Heading slot="title">{title}</Heading>
          {children}
          {footer && <div className={styles.footer}>{footer}</div>}
        </AriaDialog>
      </Modal>
    </ModalOverlay>
  );
}

export { styles as dialogStyles };
