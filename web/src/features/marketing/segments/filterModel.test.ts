import { describe, expect, it } from "vitest";
import {
  blankFact,
  blankField,
  blankGroup,
  conditionCount,
  errorsByNode,
  groupDepth,
  readFilter,
  updateNode,
  writeFilter,
  type FieldCondition,
  type Group,
  type Json,
  type Node,
} from "./filterModel";

const roundTrip = (filter: Json) => writeFilter(readFilter(filter)).filter;

/** The conditions of a tree as plain data (no keys), for comparing two trees. */
function shape(n: Node): unknown {
  if (n.kind === "group") return { mode: n.mode, children: n.children.map(shape) };
  const { key: _key, ...rest } = n;
  return rest;
}

describe("the segment filter's JSON round trip", () => {
  it("reads and writes opened and clicked campaign conditions", () => {
    const filter: Json = {
      opened_campaign: { campaign_id: "c1", days: 30 },
      clicked_campaign: false,
      all: [{ opened_campaign: true }, { clicked_campaign: { days: 7 } }],
    };
    expect(roundTrip(filter)).toEqual(filter);
    const read = readFilter({ opened_campaign: { campaign_id: "c1" } });
    expect(shape(read.children[0]!)).toEqual({ kind: "opened_campaign", did: true, campaign_id: "c1", days: "" });
    // A shape the builder does not know is kept as written.
    expect(readFilter({ clicked_campaign: { link: 2 } }).children[0]!.kind).toBe("raw");
    // A new one asks nothing more: any campaign, any time.
    expect(writeFilter({ ...blankGroup(), children: [blankFact("clicked_campaign")] }).filter).toEqual({ clicked_campaign: true });
    expect(writeFilter({ ...blankGroup(), children: [{ ...blankFact("opened_campaign"), did: false, days: 9 } as Node] }).filter).toEqual({ opened_campaign: false });
  });

  it("gives the README's example back as it was", () => {
    const filter: Json = {
      country: { eq: "DE" },
      "custom.score": { gte: 50 },
      "company.industry": { in: ["Software", "Retail"] },
      has_open_deal: { pipeline_id: "p1", stage_id: "s1" },
      activity_within_days: 30,
      consent: { channel: "email_marketing", state: "granted" },
      any: [{ lifecycle_stage: { eq: "lead" } }, { tags: { contains: "vip" } }],
      not: { city: { is_null: true } },
    };
    expect(roundTrip(filter)).toEqual(filter);
  });

  it("reads each key as a condition, a field's operators as one condition each", () => {
    const root = readFilter({ "custom.score": { gte: 50, lt: 90 }, has_open_deal: false, any: [{ city: { eq: "Köln" } }] });
    expect(root.mode).toBe("all");
    expect(root.children.map(shape)).toEqual([
      { kind: "field", field: "custom.score", op: "gte", value: 50 },
      { kind: "field", field: "custom.score", op: "lt", value: 90 },
      { kind: "has_open_deal", has: false, pipeline_id: "", stage_id: "" },
      { mode: "any", children: [{ kind: "field", field: "city", op: "eq", value: "Köln" }] },
    ]);
  });

  it("keeps nested groups, several conditions in one element and none-of groups", () => {
    const filters: Json[] = [
      { any: [{ country: { eq: "DE" }, "custom.score": { gte: 2 } }, { not: { city: { is_null: true } } }] },
      { not: { any: [{ country: { eq: "DE" } }, { country: { eq: "AT" } }] } },
      { not: { country: { eq: "DE" }, city: { eq: "Berlin" } } },
      { all: [{ country: { eq: "DE" } }, { country: { eq: "AT" } }] },
      { all: [{ country: { eq: "DE" }, city: { starts_with: "B" } }], email: { is_null: false } },
      { any: [{ any: [{ all: [{ not: { tags: { contains: "x" } } }] }] }] },
      {},
    ];
    for (const f of filters) expect(roundTrip(f)).toEqual(f);
  });

  it("opens a filter that is one any or not group in that mode", () => {
    expect(readFilter({ any: [{ city: { eq: "A" } }, { city: { eq: "B" } }] }).mode).toBe("any");
    const none = readFilter({ not: { any: [{ city: { eq: "A" } }, { city: { eq: "B" } }] } });
    expect(none.mode).toBe("none");
    expect(none.children).toHaveLength(2);
  });

  it("keeps what the builder does not know (a fact added later, a malformed value) as it is", () => {
    const filter: Json = { visited_page: { url: "/pricing" }, consent: "granted", any: [7], not: [] };
    const root = readFilter(filter);
    // An unknown key with an object reads as a field (the server names it if it is none).
    expect(root.children.map((c) => c.kind)).toEqual(["field", "raw", "group", "raw"]);
    expect((root.children[2] as Group).children[0]!.kind).toBe("raw");
    expect(roundTrip(filter)).toEqual(filter);
  });

  it("writes conditions the object cannot hold twice into an all array, same conditions back", () => {
    const root: Group = {
      ...blankGroup(),
      children: [
        { ...blankField("country", "eq"), value: "DE" },
        { ...blankField("country", "eq"), value: "AT" },
        { ...blankField("country", "ne"), value: "FR" },
        { ...blankGroup("any"), children: [{ ...blankField("city", "eq"), value: "A" }] },
        { ...blankGroup("any"), children: [{ ...blankField("city", "eq"), value: "B" }] },
        blankFact("consent"),
        blankFact("consent"),
      ],
    };
    const { filter } = writeFilter(root);
    expect(filter).toEqual({
      country: { eq: "DE", ne: "FR" },
      any: [{ city: { eq: "A" } }],
      consent: { channel: "email_marketing", state: "granted" },
      all: [{ country: { eq: "AT" } }, { any: [{ city: { eq: "B" } }] }, { consent: { channel: "email_marketing", state: "granted" } }],
    });
    const fields = (n: Node): string[] =>
      n.kind === "group" ? n.children.flatMap(fields).sort() : [JSON.stringify({ ...shape(n) as object })];
    expect(fields(readFilter(filter))).toEqual(fields(root));
    expect(conditionCount(readFilter(filter))).toBe(7);
  });

  it("writes related facts in the API's forms", () => {
    const deal = blankFact("has_open_deal");
    const only = (n: Node) => writeFilter({ ...blankGroup(), children: [n] }).filter;
    expect(only(deal)).toEqual({ has_open_deal: true });
    expect(only({ ...deal, has: true, pipeline_id: "p" } as Node)).toEqual({ has_open_deal: { pipeline_id: "p" } });
    expect(only({ ...deal, has: false, pipeline_id: "p" } as Node)).toEqual({ has_open_deal: false });
    expect(only(blankFact("activity_within_days"))).toEqual({ activity_within_days: 30 });
  });

  it("leaves empty groups out and writes an any or none root under its key", () => {
    const empty = { ...blankGroup("any"), children: [] };
    expect(writeFilter({ ...blankGroup(), children: [empty, { ...blankField("city", "eq"), value: "X" }] }).filter).toEqual({ city: { eq: "X" } });
    const a = { ...blankField("city", "eq"), value: "A" };
    const b = { ...blankField("city", "eq"), value: "B" };
    expect(writeFilter({ ...blankGroup("any"), children: [a, b] }).filter).toEqual({ any: [{ city: { eq: "A" } }, { city: { eq: "B" } }] });
    expect(writeFilter({ ...blankGroup("none"), children: [a] }).filter).toEqual({ not: { city: { eq: "A" } } });
    expect(writeFilter({ ...blankGroup("none"), children: [] }).filter).toEqual({});
  });
});

describe("the server's field errors on the conditions", () => {
  it("puts each error beside the condition its path names", () => {
    const root = readFilter({
      country: { eq: "DE" },
      any: [{ city: { eq: "x" } }, { consent: { channel: "email_marketing", state: "maybe" } }],
      not: { not: { "custom.gone": { eq: 1 } } },
    });
    const { paths } = writeFilter(root);
    const [country, any, not] = root.children as [FieldCondition, Group, Group];
    const consent = any.children[1]!;
    const gone = (not.children[0] as Group).children[0]!;
    const { byNode, rest } = errorsByNode(
      [
        { field: "filter.any.1.consent.state", message: "must be one of granted, withdrawn, none" },
        { field: "filter.country", message: "Your role cannot filter on 'country'" },
        { field: "filter.not.not.custom.gone.eq", message: "unknown field" },
        { field: "filter.any", message: "must be a non-empty array" },
        { field: "filter", message: "must be at most 16384 bytes as JSON" },
      ],
      paths,
    );
    expect(byNode.get(consent.key)).toEqual(["must be one of granted, withdrawn, none"]);
    expect(byNode.get(country.key)).toEqual(["Your role cannot filter on 'country'"]);
    expect(byNode.get(gone.key)).toEqual(["unknown field"]);
    expect(byNode.get(any.key)).toEqual(["must be a non-empty array"]);
    expect(rest).toEqual(["must be at most 16384 bytes as JSON"]);
  });

  it("finds a condition moved into the all array", () => {
    const a = { ...blankField("country", "eq"), value: "DE" };
    const b = { ...blankField("country", "eq"), value: "??" };
    const { paths } = writeFilter({ ...blankGroup(), children: [a, b] });
    expect(paths.get(b.key)).toBe("filter.all.0.country.eq");
    expect(errorsByNode([{ field: "filter.all.0.country.eq", message: "bad" }], paths).byNode.get(b.key)).toEqual(["bad"]);
  });
});

describe("editing the tree", () => {
  it("leaves out conditions still without a value, and groups of only those", () => {
    const half = blankField("city", "eq");
    const list = { ...blankField("city", "in"), value: [] };
    const empty = { ...blankField("city", "is_null"), value: true };
    const days = { ...blankFact("activity_within_days"), days: "" } as Node;
    const root: Group = { ...blankGroup(), children: [half, { ...blankGroup("any"), children: [list, days] }, empty] };
    expect(writeFilter(root).filter).toEqual({ city: { is_null: true } });
  });

  it("replaces and removes nodes anywhere, and counts conditions and depth", () => {
    const inner = { ...blankGroup("any"), children: [blankField("city", "eq"), blankField("country", "eq")] };
    const root: Group = { ...blankGroup(), children: [inner, blankFact("consent")] };
    expect(conditionCount(root)).toBe(3);
    expect(groupDepth(root)).toBe(2);
    const target = inner.children[0]!;
    const edited = updateNode(root, target.key, (n) => ({ ...(n as FieldCondition), value: "Köln" }));
    // country has no value yet: left out until it has one.
    expect(writeFilter(edited).filter).toEqual({
      any: [{ city: { eq: "Köln" } }],
      consent: { channel: "email_marketing", state: "granted" },
    });
    const removed = updateNode(edited, inner.key, () => null);
    expect(conditionCount(removed)).toBe(1);
    expect(root.children).toHaveLength(2); // the original is not changed
  });
});
