// The reads of the Forms pages: the workspace's forms (admins and marketing), one form, its
// submissions a page at a time, and the static lists a contact form may fill.
import { useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { keys } from "../../../api/keys";
import type { LeadForm } from "./form";

export const formsKey = keys.settings("marketing-forms");
export const SUBMISSIONS_PAGE = 50;

export function useForms() {
  return useQuery({ queryKey: formsKey, queryFn: async () => must(await api.GET("/api/v1/forms")).data });
}

export function useForm(id: string) {
  return useQuery({
    queryKey: [...formsKey, id],
    enabled: id !== "new",
    queryFn: async (): Promise<LeadForm> => must(await api.GET("/api/v1/forms/{id}", { params: { path: { id } } })),
  });
}

export function useSubmissions(id: string) {
  return useInfiniteQuery({
    queryKey: [...formsKey, id, "submissions"],
    queryFn: async ({ pageParam }) =>
      must(
        await api.GET("/api/v1/forms/{id}/submissions", {
          params: { path: { id }, query: { limit: SUBMISSIONS_PAGE, cursor: pageParam, count: pageParam ? undefined : true } },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
}

/** The static lists (GET /api/v1/lists) a contact form may add its contacts to. */
export function useStaticLists() {
  return useQuery({ queryKey: keys.settings("marketing-lists"), queryFn: async () => must(await api.GET("/api/v1/lists")).data });
}
