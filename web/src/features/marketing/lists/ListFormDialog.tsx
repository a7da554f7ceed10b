// Creating a static list, or renaming one and changing its description (If-Match of the version
// shown; a name another list has is refused on the name field).
import { useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { TextField } from "../../../components/Field";
import { t } from "../../../i18n";
import { FormDialog } from "../../settings/shared/FormDialog";
import { useFormAction } from "../../settings/shared/useFormAction";
import { marketingKeys, type StaticList } from "../api";

export function ListFormDialog({ list, onDone, onClose }: { list: StaticList | null; onDone: (l: StaticList) => void; onClose: () => void }) {
  const queries = useQueryClient();
  const [name, setName] = useState(list?.name ?? "");
  const [description, setDescription] = useState(list?.description ?? "");
  const action = useFormAction(async () => {
    const desc = description.trim() ? description.trim() : null;
    const saved = list
      ? must(
          await api.PATCH("/api/v1/lists/{id}", {
            params: { path: { id: list.id }, header: { "If-Match": `"${list.version}"` } },
            body: { name: name.trim(), description: desc },
          }),
        )
      : must(await api.POST("/api/v1/lists", { body: { name: name.trim(), ...(desc ? { description: desc } : {}) } }));
    queries.setQueryData(marketingKeys.list(saved.id), saved);
    await queries.invalidateQueries({ queryKey: marketingKeys.lists, exact: true });
    onDone(saved);
  });
  return (
    <FormDialog
      title={list ? t("marketingLists.editTitle", { name: list.name }) : t("marketingLists.newTitle")}
      submit={list ? t("common.save") : t("marketingLists.create")}
      action={action}
      onClose={onClose}
      ready={name.trim() !== ""}
    >
      <TextField label={t("marketingLists.name")} value={name} onChange={(e) => setName(e.target.value)} error={action.errors.fields.name} maxLength={200} required autoFocus />
      <TextField
        label={t("marketingLists.description")}
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        error={action.errors.fields.description}
        help={t("marketingLists.descriptionHelp")}
        maxLength={1000}
      />
    </FormDialog>
  );
}
