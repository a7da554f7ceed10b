import { describe, expect, it } from "vitest";
import type { Activity } from "../../../api/types";
import { eraseCounts } from "./erasure";

const act = (links: Partial<Pick<Activity, "contact_ids" | "company_ids" | "lead_ids" | "deal_ids">>): Activity =>
  ({ id: Math.random().toString(36), type: "note", version: 1, ...links }) as Activity;

describe("eraseCounts", () => {
  it("erases what is about the person only and unlinks what is shared with any other record", () => {
    const items = [
      act({ contact_ids: ["c"] }),
      act({ contact_ids: ["c"], company_ids: [] }),
      act({ contact_ids: ["c", "d"] }),
      act({ contact_ids: ["c"], deal_ids: ["x"] }),
      act({ contact_ids: ["c"], company_ids: ["k"] }),
    ];
    expect(eraseCounts(items, "c")).toEqual({ erased: 2, unlinked: 3 });
  });
  it("counts nothing for no activity", () => {
    expect(eraseCounts([], "c")).toEqual({ erased: 0, unlinked: 0 });
  });
});
