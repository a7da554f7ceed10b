// The workspace's people, for owner names, avatars and owner pickers. One cached read of
// GET /api/v1/users (every user may read it), paged through to the end.
import { useQuery } from "@tanstack/react-query";
import { api, must } from "../api/client";
import { keys } from "../api/keys";
import type { Schemas } from "../api/types";

export type User = Schemas["User"];

async function fetchAllUsers(): Promise<User[]> {
  const all: User[] = [];
  let after: string | undefined;
  for (let page = 0; page < 50; page++) {
    const r = must(await api.GET("/api/v1/users", { params: { query: { limit: 500, ...(after ? { cursor: after } : {}) } } }));
    all.push(...r.data);
    if (!r.next_cursor) break;
    after = r.next_cursor;
  }
  return all;
}

export function useUsers() {
  return useQuery({ queryKey: keys.settings("users"), queryFn: fetchAllUsers, staleTime: 5 * 60_000 });
}

const directories = new WeakMap<User[], Map<string, User>>();
const noUsers: User[] = [];

/** id → user, for showing owners: one map per read of the users, shared by every caller. */
export function useUserDirectory(): Map<string, User> {
  const data = useUsers().data ?? noUsers;
  let directory = directories.get(data);
  if (!directory) {
    directory = new Map(data.map((u) => [u.id, u]));
    directories.set(data, directory);
  }
  return directory;
}

export function initials(nameOrEmail: string): string {
  return nameOrEmail
    .split(/[\s@.]+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join("");
}
