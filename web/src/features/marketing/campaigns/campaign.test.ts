// The preview frame itself (renderInto: scripts dropped, styles through the CSSOM) needs a browser:
// web/e2e/campaigns.test.mjs looks inside it.
import { describe, expect, it } from "vitest";
import { blankCampaign, campaignBody, campaignPatch, contactValues, fillMergeFields, missingForSend, testAddresses } from "./campaign";

describe("a campaign's draft", () => {
  it("patches only what changed, and clears the sender with an empty one", () => {
    const a = { ...blankCampaign(), name: "Spring", from: "news@example.com" };
    expect(campaignPatch(a, a)).toEqual({});
    const b = { ...a, subject: "Hi", audience: { ...a.audience, list_ids: ["l1"] }, from: "" };
    expect(campaignPatch(a, b)).toEqual({ subject: "Hi", audience: { segment_ids: [], list_ids: ["l1"], exclude_segment_ids: [], exclude_list_ids: [] }, from: "" });
  });

  it("sends UTM parameters only when asked, each one given or left to its default", () => {
    const a = blankCampaign();
    expect(campaignBody(a).utm).toBeNull();
    const on = { ...a, utm: { on: true, source: " news ", medium: "", campaign: "" } };
    expect(campaignPatch(a, on)).toEqual({ utm: { source: "news" } });
    expect(campaignPatch(on, { ...on, utm: { ...on.utm, on: false } })).toEqual({ utm: null });
  });

  it("says what the send still needs", () => {
    expect(missingForSend(blankCampaign())).toEqual(["marketingCampaigns.missing.subject", "marketingCampaigns.missing.body", "marketingCampaigns.missing.audience"]);
    const ready = { ...blankCampaign(), subject: "S", text: "T", audience: { ...blankCampaign().audience, segment_ids: ["s"] } };
    expect(missingForSend(ready)).toEqual([]);
    // Leaving a segment out is not an audience.
    expect(missingForSend({ ...ready, audience: { ...ready.audience, segment_ids: [], exclude_segment_ids: ["s"] } })).toEqual(["marketingCampaigns.missing.audience"]);
  });

  it("reads test addresses however they are separated", () => {
    expect(testAddresses(" a@x.example, b@x.example;c@x.example\nd@x.example ")).toEqual(["a@x.example", "b@x.example", "c@x.example", "d@x.example"]);
    expect(testAddresses("  ")).toEqual([]);
  });
});

describe("the preview's merge fields", () => {
  const values = contactValues({ id: "1", first_name: "Ada <3", last_name: null, custom: { tier: "gold", score: 7 }, tags: ["x"] });

  it("fills contact fields and custom fields, spaces allowed, an empty value empty", () => {
    expect(fillMergeFields("Hi {{ contact.first_name }}, {{contact.custom.tier}} {{contact.custom.score}}.{{contact.last_name}}", values, false)).toBe("Hi Ada <3, gold 7.");
  });

  it("escapes values for the HTML part as the server does", () => {
    expect(fillMergeFields("<b>{{contact.first_name}}</b>", values, true)).toBe("<b>Ada &lt;3</b>");
  });

  it("leaves what is not a merge field as written", () => {
    expect(fillMergeFields("{{ not a field }} {{x}}", values, false)).toBe("{{ not a field }} {{x}}");
  });
});
