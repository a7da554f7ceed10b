import { describe, expect, it } from "vitest";
import { ApiError } from "../../../api/problem";
import { errorText, formErrors } from "./errors";

const problem = (status: number, extra: object = {}) => new ApiError({ type: "https://rapport.dev/problems/x", title: "Refused", status, ...extra });

describe("a refused write, mapped for its form", () => {
  it("puts a 422's field errors on their fields, the first message of each", () => {
    const e = problem(422, {
      detail: "The request is not valid",
      errors: [
        { field: "name", code: "required", message: "Name is required" },
        { field: "stages.1.name", code: "duplicate", message: "That is the name of another stage" },
        { field: "name", code: "too_long", message: "second message" },
      ],
    });
    expect(formErrors(e)).toEqual({ fields: { name: "Name is required", "stages.1.name": "That is the name of another stage" }, message: null });
  });

  it("says a 422 without field errors as one message", () => {
    expect(formErrors(problem(422, { detail: "Cannot archive a pipeline with deals" }))).toEqual({ fields: {}, message: "Cannot archive a pipeline with deals" });
  });

  it("falls back on the title when there is no detail", () => {
    expect(formErrors(problem(409)).message).toBe("Refused");
  });

  it("says a 403 in the user's words when the server gave no detail", () => {
    const f = formErrors(problem(403));
    expect(f.message).toBeTruthy();
    expect(f.message).not.toBe("Refused");
  });

  it("says a failure that is no problem document (the network) as such", () => {
    const f = formErrors(new TypeError("Failed to fetch"));
    expect(f.fields).toEqual({});
    expect(f.message).toBeTruthy();
  });

  it("flattens field errors into one line for a toast or a confirmation", () => {
    const e = problem(422, { errors: [{ field: "move_to", code: "required", message: "Choose a stage" }] });
    expect(errorText(e)).toBe("move_to: Choose a stage");
    expect(errorText(problem(404, { detail: "Gone" }))).toBe("Gone");
  });
});
