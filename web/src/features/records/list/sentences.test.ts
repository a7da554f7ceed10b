import { describe, expect, it } from "vitest";
import { chipSentence } from "./sentences";

const same = (v: string) => v;

describe("filter chips read like sentences", () => {
  it("says who and what", () => {
    expect(chipSentence("Owner", "user", { field: "owner_id", op: "eq", value: "u1" }, () => "me")).toBe("Owner is me");
    expect(chipSentence("Stage", "stage", { field: "stage_id", op: "ne", value: "s9" }, () => "Won")).toBe("Stage is not Won");
    expect(chipSentence("City", "text", { field: "city", op: "contains", value: "ber" }, same)).toBe("City contains ber");
  });

  it("says before and after for dates, more and less for numbers", () => {
    expect(chipSentence("Created", "datetime", { field: "created_at", op: "gt", value: "2026-01-01" }, same)).toBe("Created after 2026-01-01");
    expect(chipSentence("Due", "datetime", { field: "due_at", op: "lte", value: "2026-02-01" }, same)).toBe("Due on or before 2026-02-01");
    expect(chipSentence("Amount", "money", { field: "amount", op: "gt", value: "100" }, same)).toBe("Amount is more than 100");
  });

  it("joins lists and states emptiness", () => {
    expect(chipSentence("Type", "enum", { field: "type", op: "in", value: "task,call" }, same)).toBe("Type is one of task or call");
    expect(chipSentence("Email", "email", { field: "email", op: "is_null", value: "true" }, same)).toBe("Email is empty");
    expect(chipSentence("Email", "email", { field: "email", op: "is_null", value: "false" }, same)).toBe("Email is not empty");
  });
});
