// Cached reads the settings pages share: the workspace, roles and teams (for pickers and names). Users come from
// app/users.ts (the same cache the owner names use), so a change here shows everywhere.
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { keys } from "../../../api/keys";
import type { Schemas } from "../../../api/types";

export type Role = Schemas["Role"];
export type Team = Schemas["Team"];

/** The workspace: its name and the time zone scheduled work runs on. */
export function useWorkspace() {
  return useQuery({ queryKey: keys.settings("workspace"), queryFn: async () => must(await api.GET("/api/v1/workspace")) });
}

export function useRoles() {
  return useQuery({ queryKey: keys.settings("roles"), queryFn: async () => must(await api.GET("/api/v1/roles")).data });
}

export function useTeams() {
  return useQuery({ queryKey: keys.settings("teams"), queryFn: async () => must(await api.GET("/api/v1/teams")).data });
}

/** Re-reads settings caches after a write: a name is keys.settings(name), anything else a query key. */
export function useRefresh() {
  const queries = useQueryClient();
  return async (...what: (string | readonly unknown[])[]) => {
    await Promise.all(what.map((w) => queries.invalidateQueries({ queryKey: typeof w === "string" ? keys.settings(w) : w })));
  };
}
