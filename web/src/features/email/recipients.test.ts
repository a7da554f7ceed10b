import { describe, expect, it } from "vitest";
import { badAddresses, errorField, parseAddresses, prefill, recordLinks } from "./recipients";

describe("recipients", () => {
  it("reads a typed list the way people type it", () => {
    expect(parseAddresses("a@x.io, b@y.io;c@z.io\nd@w.io")).toEqual(["a@x.io", "b@y.io", "c@z.io", "d@w.io"]);
    expect(parseAddresses("Ann Lee <ann@x.io>, bob@y.io")).toEqual(["ann@x.io", "bob@y.io"]);
    expect(parseAddresses(" ann@x.io , ANN@x.io ,, ")).toEqual(["ann@x.io"]);
    expect(parseAddresses("")).toEqual([]);
  });

  it("finds what is not an address", () => {
    expect(badAddresses(["ann@x.io", "bob@", "carol", "d@e"])).toEqual(["bob@", "carol", "d@e"]);
  });

  it("starts from the record's people", () => {
    expect(prefill("contacts", { email: "ann@x.io" }, [])).toEqual({ to: ["ann@x.io"], cc: [] });
    expect(prefill("leads", { email: null }, [])).toEqual({ to: [], cc: [] });
    const people = [
      { name: "No Mail", email: "" },
      { name: "Ann", email: "ann@x.io" },
      { name: "Bob", email: "bob@x.io" },
    ];
    expect(prefill("deals", {}, people)).toEqual({ to: ["ann@x.io"], cc: ["bob@x.io"] });
    expect(prefill("companies", {}, people)).toEqual({ to: ["ann@x.io"], cc: [] });
    expect(prefill("companies", {}, [])).toEqual({ to: [], cc: [] });
  });

  it("names the page's record and what the template reads, and maps field errors to the form's fields", () => {
    expect(recordLinks("deals", { id: "d1", company_id: "co1" }, [])).toEqual({ deal_id: "d1" });
    expect(recordLinks("contacts", { id: "c1", company_id: "co1" }, [], ["contact"])).toEqual({ contact_id: "c1" });
    expect(recordLinks("contacts", { id: "c1", company_id: "co1" }, [], ["contact", "company"])).toEqual({ contact_id: "c1", company_id: "co1" });
    const people = [
      { id: "p0", name: "No Mail", email: "" },
      { id: "p1", name: "Ann", email: "ann@x.io" },
    ];
    expect(recordLinks("deals", { id: "d1", company_id: "co1" }, people, ["deal", "contact", "company"])).toEqual({ deal_id: "d1", contact_id: "p1", company_id: "co1" });
    expect(recordLinks("companies", { id: "co1" }, people, ["contact"])).toEqual({ company_id: "co1", contact_id: "p1" });
    expect(recordLinks("leads", { id: "l1" }, people, ["contact"])).toEqual({ lead_id: "l1", contact_id: "p1" });
    expect(errorField("to[1]")).toBe("to");
    expect(errorField("cc.0")).toBe("cc");
    expect(errorField("subject")).toBe("subject");
  });
});
