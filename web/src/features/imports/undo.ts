// Undoing an import: POST /undo queues the job (202); the import's state becomes undone when the job
// has put its created records in the recycle bin and given updated ones their values back.
import { api, must } from "../../api/client";
import { formatNumber, t } from "../../i18n";
import { objects } from "../records/objects";
import { isImportObject, type Import } from "./imports";

export async function requestUndo(id: string) {
  return must(await api.POST("/api/v1/imports/{id}/undo", { params: { path: { id } } }));
}

/** What the confirmation says the undo removes and restores. */
export function undoWhat(i: Pick<Import, "counts" | "object">): string {
  const plural = isImportObject(i.object) ? objects[i.object].plural.toLowerCase() : i.object;
  return t("imports.undo.body", { created: formatNumber(i.counts.created), updated: formatNumber(i.counts.updated), what: plural });
}
