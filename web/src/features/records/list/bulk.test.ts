import { describe, expect, it } from "vitest";
import { runLimited } from "./bulk";

describe("runLimited", () => {
  it("keeps at most `limit` jobs in flight and reports each outcome", async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    const r = await runLimited(
      [1, 2, 3, 4, 5, 6, 7],
      3,
      async (n) => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        await new Promise((res) => setTimeout(res, 5));
        inFlight--;
        if (n % 3 === 0) throw new Error(`no ${n}`);
      },
      (done) => seen.push(done),
    );
    expect(peak).toBe(3);
    expect(r.ok.sort()).toEqual([1, 2, 4, 5, 7]);
    expect(r.failed.map((f) => f.item).sort()).toEqual([3, 6]);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it("does nothing for no items", async () => {
    expect(await runLimited([], 4, async () => undefined)).toEqual({ ok: [], failed: [] });
  });
});
