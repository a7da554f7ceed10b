import { describe, expect, it } from "vitest";
import { blankStage, defaultMoveTarget, draftFromStages, moveStage, nudgeStage, stagesChanged, stagesPayload, type DraftStage } from "./stages";

const saved = [
  { id: "b", name: "Proposal", position: 2, probability: 60, type: "open" as const },
  { id: "a", name: "Lead", position: 1, probability: 20, type: "open" as const },
  { id: "c", name: "Won", position: 3, probability: 100, type: "won" as const },
  { id: "x", name: "Old", position: 4, probability: 10, type: "open" as const, archived: true },
];

describe("stage reorder payload", () => {
  it("orders the draft by position and leaves archived stages out", () => {
    expect(draftFromStages(saved).map((s) => s.id)).toEqual(["a", "b", "c"]);
  });

  it("a move sends every stage with its id in the new order", () => {
    const moved = moveStage(draftFromStages(saved), "c", "a");
    expect(stagesPayload(moved)).toEqual([
      { id: "c", name: "Won", probability: 100, type: "won" },
      { id: "a", name: "Lead", probability: 20, type: "open" },
      { id: "b", name: "Proposal", probability: 60, type: "open" },
    ]);
  });

  it("new stages go without an id, names trimmed", () => {
    const list: DraftStage[] = [...draftFromStages(saved), { key: "new-1", name: " Demo ", probability: 40, type: "open" }];
    const body = stagesPayload(moveStage(list, "new-1", "b"));
    expect(body[1]).toEqual({ name: "Demo", probability: 40, type: "open" });
    expect(body.map((s) => s.id)).toEqual(["a", undefined, "b", "c"]);
  });

  it("nudges up and down, and not past the ends", () => {
    const d = draftFromStages(saved);
    expect(nudgeStage(d, "b", 1).map((s) => s.key)).toEqual(["a", "c", "b"]);
    expect(nudgeStage(d, "a", -1)).toBe(d);
    expect(nudgeStage(d, "c", 1)).toBe(d);
  });

  it("knows when the draft differs from the saved stages", () => {
    const d = draftFromStages(saved);
    expect(stagesChanged(saved, d)).toBe(false);
    expect(stagesChanged(saved, moveStage(d, "a", "b"))).toBe(true);
  });

  it("moves a removed stage's deals to the previous saved stage by default", () => {
    const d = draftFromStages(saved);
    expect(defaultMoveTarget(d, "b")).toBe("a");
    expect(defaultMoveTarget(d, "a")).toBe("b");
  });
});

describe("a new stage", () => {
  it("is open, unnamed, at 50 % and has a key of its own", () => {
    const a = blankStage();
    const b = blankStage();
    expect(a).toMatchObject({ name: "", probability: 50, type: "open" });
    expect(a.key).not.toBe(b.key);
    expect(a.id).toBeUndefined();
  });
});
