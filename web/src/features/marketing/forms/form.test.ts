import { describe, expect, it } from "vitest";
import { blankDraft, draftBody, draftPatch, embedSnippet, moveField, rowError } from "./form";

describe("a lead capture form's draft", () => {
  it("sends the consents that have a text and drops a lead form's list", () => {
    const d = { ...blankDraft(), name: " Demo ", target: "lead" as const, list_id: "l1" };
    d.consents.email_marketing = " Send me news ";
    const body = draftBody(d);
    expect(body.name).toBe("Demo");
    expect(body.consents).toEqual([{ channel: "email_marketing", text: "Send me news" }]);
    expect(body.list_id).toBeNull();
    expect(body.redirect_url).toBeNull();
  });

  it("patches only what changed", () => {
    const a = blankDraft();
    const b = { ...a, redirect_url: "https://example.com/thanks", fields: moveField(a.fields, 2, -1) };
    expect(Object.keys(draftPatch(a, b)).sort()).toEqual(["fields", "redirect_url"]);
    expect(draftPatch(a, { ...a })).toEqual({});
    expect(moveField(a.fields, 0, -1)).toBe(a.fields);
  });

  it("embeds a frame of the form's page with its name escaped", () => {
    const s = embedSnippet("https://crm.example.com", { id: "abc", name: 'Say "hi" <now>' });
    expect(s).toContain('src="https://crm.example.com/f/abc"');
    expect(s).toContain('title="Say &quot;hi&quot; &lt;now>"');
    expect(s).toContain("utm_source");
  });

  it("gives a row the errors about it", () => {
    expect(rowError({ "fields.1.field": "is no field" }, 1)).toBe("is no field");
    expect(rowError({ "fields.1.field": "is no field" }, 0)).toBeUndefined();
  });
});
