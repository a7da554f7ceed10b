// Bulk actions over the selected records, a few requests at a time (the server is shared and
// rate-limited): delete (to the recycle bin), restore (undo), reassign the owner with If-Match.
// Each returns what succeeded and what failed, so partial failures are reported, not hidden.
import { raw } from "../../../api/client";
import { isApiError } from "../../../api/problem";
import type { ObjectType } from "../../../api/types";
import type { Row } from "./data";

export const CONCURRENCY = 4;

export interface BulkResult {
  ok: string[];
  failed: { id: string; reason: string }[];
}

/** Runs `job` over `items` with at most `limit` in flight; reports progress after each. */
export async function runLimited<T>(
  items: T[],
  limit: number,
  job: (item: T) => Promise<void>,
  progress?: (done: number) => void,
): Promise<{ ok: T[]; failed: { item: T; error: unknown }[] }> {
  const ok: T[] = [];
  const failed: { item: T; error: unknown }[] = [];
  let next = 0;
  let done = 0;
  async function worker() {
    while (next < items.length) {
      const item = items[next++]!;
      try {
        await job(item);
        ok.push(item);
      } catch (error) {
        failed.push({ item, error });
      }
      progress?.(++done);
    }
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return { ok, failed };
}

function reason(e: unknown, staleText: string): string {
  if (isApiError(e)) return e.status === 412 ? staleText : (e.problem.detail ?? e.problem.title);
  return String(e);
}

function result(r: { ok: string[]; failed: { item: string; error: unknown }[] }, staleText = ""): BulkResult {
  return { ok: r.ok, failed: r.failed.map((f) => ({ id: f.item, reason: reason(f.error, staleText) })) };
}

export async function deleteRecords(object: ObjectType, ids: string[], progress?: (n: number) => void): Promise<BulkResult> {
  return result(await runLimited(ids, CONCURRENCY, async (id) => void (await raw(`/api/v1/${object}/${id}`, { method: "DELETE" })), progress));
}

export async function restoreRecords(object: ObjectType, ids: string[]): Promise<BulkResult> {
  return result(await runLimited(ids, CONCURRENCY, async (id) => void (await raw(`/api/v1/${object}/${id}/restore`, { method: "POST" }))));
}

export async function reassignRecords(object: ObjectType, rows: Row[], ownerId: string, staleText: string, progress?: (n: number) => void): Promise<BulkResult> {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return result(
    await runLimited(
      rows.map((r) => r.id),
      CONCURRENCY,
      async (id) => {
        const row = byId.get(id)!;
        await raw(`/api/v1/${object}/${id}`, {
          method: "PATCH",
          body: JSON.stringify({ owner_id: ownerId }),
          headers: { "content-type": "application/json", "If-Match": `"${row.version ?? ""}"` },
        });
      },
      progress,
    ),
    staleText,
  );
}
