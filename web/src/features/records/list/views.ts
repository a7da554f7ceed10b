// Saved views (/api/v1/views): a list's filters, sort and columns under a name, private or shared
// with the workspace. Typed by hand until the route is in the generated schema (then these become
// api.GET/POST/PATCH/DELETE calls); the contract: list by object type, create (201), change with
// If-Match "<version>" (412 when stale), delete (204).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { raw } from "../../../api/client";
import { isApiError } from "../../../api/problem";
import type { ObjectType } from "../../../api/types";
import type { Filter } from "./state";

export type Visibility = "private" | "workspace";

export interface View {
  id: string;
  object_type: ObjectType;
  name: string;
  visibility: Visibility;
  filters: Filter[];
  sort: string | null;
  columns: string[];
  position: number;
  owner_id: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ViewInput {
  name: string;
  visibility: Visibility;
  filters: Filter[];
  sort: string | null;
  columns: string[];
}

// Views are not records: their key is outside ["records", …], and a live view.* notice is rare
// enough that the list of tabs is simply refetched after each change made here.
export const viewKeys = { all: ["views"] as const, list: (object: string) => ["views", object] as const };

const json = (body: unknown): RequestInit => ({ body: JSON.stringify(body), headers: { "content-type": "application/json" } });

export function useViews(object: ObjectType) {
  return useQuery({
    queryKey: viewKeys.list(object),
    queryFn: async (): Promise<View[] | null> => {
      try {
        const r = await raw(`/api/v1/views?object_type=${encodeURIComponent(object)}`);
        return ((await r.json()) as { data: View[] }).data;
      } catch (e) {
        // A server without the route yet: the page works with the "All" tab alone.
        if (isApiError(e) && (e.status === 404 || e.status === 405)) return null;
        throw e;
      }
    },
    staleTime: 30_000,
  });
}

export function useViewMutations(object: ObjectType) {
  const queries = useQueryClient();
  const refresh = () => queries.invalidateQueries({ queryKey: viewKeys.list(object) });
  const create = useMutation({
    mutationFn: async (input: ViewInput): Promise<View> =>
      (await raw("/api/v1/views", { method: "POST", ...json({ object_type: object, ...input }) })).json() as Promise<View>,
    onSuccess: refresh,
  });
  const update = useMutation({
    mutationFn: async ({ view, patch }: { view: View; patch: Partial<ViewInput> }): Promise<View> => {
      const init = json(patch);
      return (
        await raw(`/api/v1/views/${view.id}`, { method: "PATCH", ...init, headers: { ...(init.headers as Record<string, string>), "If-Match": `"${view.version}"` } })
      ).json() as Promise<View>;
    },
    onSettled: refresh,
  });
  const remove = useMutation({
    mutationFn: async (view: View) => {
      await raw(`/api/v1/views/${view.id}`, { method: "DELETE", headers: { "If-Match": `"${view.version}"` } });
    },
    onSuccess: refresh,
  });
  return { create, update, remove };
}
