// Company names for the cards on screen: one lookup (filter[id][in], 100 ids a request) for all
// loaded cards, cached under ["records","companies",...] so a renamed company refreshes live.
import { useQuery } from "@tanstack/react-query";
import { api, must } from "../../api/client";
import { keys } from "../../api/keys";

export function useCompanyNames(ids: readonly (string | null)[]): Map<string, string> {
  const unique = [...new Set(ids.filter((x): x is string => !!x))].sort();
  const { data } = useQuery({
    queryKey: [...keys.records("companies"), "names", unique] as const,
    enabled: unique.length > 0,
    staleTime: 60_000,
    placeholderData: (previous) => previous,
    queryFn: async () => {
      const out: [string, string][] = [];
      for (let i = 0; i < unique.length; i += 100) {
        const chunk = unique.slice(i, i + 100);
        const r = must(
          await api.GET("/api/v1/companies", {
            params: { query: { limit: 100, filter: { id: { in: chunk.join(",") } } } },
          }),
        );
        for (const c of r.data) out.push([c.id, c.name ?? ""]);
      }
      return out;
    },
  });
  return new Map(data ?? []);
}
