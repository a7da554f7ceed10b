// The names of the companies a policy's conditions name (one read of up to 100 ids:
// filter[id][in]), for its chips and its sentence in the list; an id not found shows shortened.
import { useQuery } from "@tanstack/react-query";
import { keys } from "../../../api/keys";
import { listRecords } from "../../records/record/listApi";
import { shortId } from "../shared/actions";

export function useCompanyNames(ids: readonly string[]): (id: string) => string {
  const sorted = [...new Set(ids)].sort();
  const found = useQuery({
    queryKey: keys.list("companies", { names: sorted }),
    enabled: sorted.length > 0,
    staleTime: 60_000,
    queryFn: async () => {
      const r = await listRecords("companies", { id: { in: sorted.join(",") } }, 100);
      return new Map(r.data.map((c) => [c.id, String(c.name ?? "")]));
    },
  });
  return (id) => found.data?.get(id) || `…${shortId(id)}`;
}
