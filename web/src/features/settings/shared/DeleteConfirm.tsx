// Deleting a settings object from its list: the confirmation names it, `remove` sends the DELETE
// (with If-Match of the version listed), the lists in `refresh` are read again whether it went
// through or not (a refusal may come from a change made meanwhile), and a toast says it is done.
// A refusal (a 409 "in use") shows inside the dialog.
import type { ReactNode } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { useToast } from "../../../components/Toast";
import { ConfirmDialog } from "./ConfirmDialog";

export function DeleteConfirm({
  title,
  confirm,
  done,
  remove,
  refresh,
  onClose,
  children,
}: {
  title: string;
  confirm: string;
  /** The toast's text once deleted. */
  done: string;
  remove: () => Promise<unknown>;
  refresh: readonly (readonly unknown[])[];
  onClose: () => void;
  children: ReactNode;
}) {
  const queries = useQueryClient();
  const toast = useToast();
  return (
    <ConfirmDialog
      title={title}
      confirm={confirm}
      onClose={onClose}
      onConfirm={async () => {
        try {
          await remove();
        } finally {
          await Promise.all(refresh.map((queryKey) => queries.invalidateQueries({ queryKey })));
        }
        toast({ text: done });
      }}
    >
      {children}
    </ConfirmDialog>
  );
}
