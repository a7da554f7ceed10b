// A confirmation of a destructive action: the text names what is destroyed, the button says the
// action ("Delete team Sales East"), and a refusal from the server shows inside the dialog.
import type { ReactNode } from "react";
import { errorText } from "./errors";
import { FormDialog } from "./FormDialog";
import { useFormAction } from "./useFormAction";

export interface ConfirmDialogProps {
  title: string;
  children: ReactNode;
  confirm: string;
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
}

// A confirmation has no fields: every refusal, a 422's field messages too, is one message.
const asMessage = (e: unknown) => ({ fields: {}, message: errorText(e) });

export function ConfirmDialog({ title, children, confirm, onConfirm, onClose }: ConfirmDialogProps) {
  const action = useFormAction(async () => {
    await onConfirm();
    onClose();
  }, asMessage);
  return (
    <FormDialog title={title} submit={confirm} action={action} onClose={onClose} danger intro={children}>
      {null}
    </FormDialog>
  );
}
