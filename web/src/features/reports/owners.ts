// The reports' owner_id parameter for some owners (Home's "mine" and "my team's", the Reports
// page's owner filter).

/**
 * null is everyone the caller can see (no parameter); an empty list is nobody (the figures are then
 * empty without asking the server). At most 100 ids: the API's limit.
 */
export function ownerParam(owners: readonly string[] | null): { owner_id?: string } | "nobody" {
  if (!owners) return {};
  if (!owners.length) return "nobody";
  return { owner_id: owners.slice(0, 100).join(",") };
}
