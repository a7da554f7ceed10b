import { describe, expect, it } from "vitest";
import { ApiError } from "../../../api/problem";
import { attempt, identifierFrom, personName, sameSet, shortId, toggled } from "./actions";

describe("attempt", () => {
  it("is null when the write goes through", async () => {
    expect(await attempt(async () => 42)).toBeNull();
  });

  it("maps a refusal to the form's errors", async () => {
    const e = new ApiError({ type: "about:blank", title: "Invalid", status: 422, errors: [{ field: "email", code: "taken", message: "Already used" }] });
    expect(
      await attempt(async () => {
        throw e;
      }),
    ).toEqual({ fields: { email: "Already used" }, message: null });
  });

  it("uses the caller's mapping when given", async () => {
    const mapped = await attempt(
      async () => {
        throw new Error("x");
      },
      () => ({ fields: {}, message: "said my way" }),
    );
    expect(mapped).toEqual({ fields: {}, message: "said my way" });
  });
});

describe("choosing a set of ids", () => {
  it("adds at the end once and removes", () => {
    expect(toggled(["a"], "b", true)).toEqual(["a", "b"]);
    expect(toggled(["a", "b"], "b", true)).toEqual(["a", "b"]);
    expect(toggled(["a", "b"], "a", false)).toEqual(["b"]);
  });

  it("compares sets whatever their order", () => {
    expect(sameSet(["a", "b"], ["b", "a"])).toBe(true);
    expect(sameSet(["a"], ["a", "b"])).toBe(false);
    expect(sameSet([], [])).toBe(true);
  });
});

describe("personName", () => {
  it("is the name, else the email, else an ellipsis while loading", () => {
    expect(personName({ name: "Ada", email: "ada@x" })).toBe("Ada");
    expect(personName({ name: "", email: "ada@x" })).toBe("ada@x");
    expect(personName({ name: null, email: "ada@x" })).toBe("ada@x");
    expect(personName(undefined)).toBe("…");
  });
});

describe("shortId", () => {
  it("is the end of the id, which differs between ids made in the same millisecond", () => {
    expect(shortId("01a23f6b-1edb-738e-8644-cbee33ffb8b6")).toBe("33ffb8b6");
    expect(shortId("01a23f6b-1ebc-7186-8515-747472bd03db")).not.toBe(shortId("01a23f6b-1edb-738e-8644-cbee33ffb8b6"));
  });
});

describe("identifierFrom", () => {
  it("makes a lowercase snake_case identifier starting with a letter, accents dropped", () => {
    expect(identifierFrom("Deal size (EU)", 63)).toBe("deal_size_eu");
    expect(identifierFrom("Équipe ", 63)).toBe("equipe");
    expect(identifierFrom("2nd stage", 63)).toBe("nd_stage");
    expect(identifierFrom("abcdef", 3)).toBe("abc");
  });
});
