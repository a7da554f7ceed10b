// The segment builder's tree, apart from React: the filter JSON of /api/v1/segments (see
// src/modules/marketing/README.md, "Filter language") read into groups and conditions, and written
// back, with the path of every condition in the JSON so a 422's field errors ("filter.any.1.consent.state")
// land on the condition that caused them.
//
// The JSON's object keys are ANDed, so one object cannot say the same field and operator twice, nor
// hold two `any` groups: what does not fit the object it belongs to is written into an `all` array
// beside it (same meaning). Reading then writing a filter gives the same JSON back; writing then
// reading gives the same conditions, possibly grouped differently; conditions without a value yet
// are not written (isComplete).

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** all: every condition holds; any: at least one; none: not one (JSON `not`). */
export type GroupMode = "all" | "any" | "none";

export interface FieldCondition {
  kind: "field";
  key: string;
  /** A contact field, custom.<name>, company.<field> or company.custom.<name>. */
  field: string;
  op: string;
  value: Json;
}
export interface OpenDealCondition {
  kind: "has_open_deal";
  key: string;
  has: boolean;
  /** "" for any pipeline / stage. */
  pipeline_id: string;
  stage_id: string;
}
export interface ActivityCondition {
  kind: "activity_within_days";
  key: string;
  /** Days as typed (the server checks 1..3650). */
  days: Json;
}
export interface ConsentCondition {
  kind: "consent";
  key: string;
  channel: string;
  state: string;
}
/** opened_campaign / clicked_campaign: did (or did not) open or click some campaign, or one campaign, or within N days. */
export interface CampaignEventCondition {
  kind: "opened_campaign" | "clicked_campaign";
  key: string;
  /** false: never opened (clicked) any campaign; then campaign and days are not asked. */
  did: boolean;
  /** "" for any campaign. */
  campaign_id: string;
  /** Days as typed (the server checks 1..3650); "" for any time. */
  days: Json;
}
/** A key the builder does not know (a related fact added later): kept as it is, shown as JSON. */
export interface RawCondition {
  kind: "raw";
  key: string;
  /** Its key in the object; "" for an array element that is not an object. */
  name: string;
  value: Json;
}
export interface Group {
  kind: "group";
  key: string;
  mode: GroupMode;
  children: Node[];
  /** An element of an any/all array holding several conditions: written back as that one object. */
  implicit?: boolean;
}
export type Condition = FieldCondition | OpenDealCondition | ActivityCondition | ConsentCondition | CampaignEventCondition | RawCondition;
export type Node = Condition | Group;

export const RELATED_FACTS = ["has_open_deal", "activity_within_days", "consent", "opened_campaign", "clicked_campaign"] as const;
export type RelatedFact = (typeof RELATED_FACTS)[number];

let counter = 0;
/** A key that follows a node through edits (React's key, the error map's key). */
export const newKey = () => `n${++counter}`;

const isObject = (v: Json | undefined): v is JsonObject => typeof v === "object" && v !== null && !Array.isArray(v);

export function blankGroup(mode: GroupMode = "all"): Group {
  return { kind: "group", key: newKey(), mode, children: [] };
}

export function blankField(field: string, op: string): FieldCondition {
  return { kind: "field", key: newKey(), field, op, value: "" };
}

export function blankFact(fact: RelatedFact): Condition {
  switch (fact) {
    case "has_open_deal":
      return { kind: "has_open_deal", key: newKey(), has: true, pipeline_id: "", stage_id: "" };
    case "activity_within_days":
      return { kind: "activity_within_days", key: newKey(), days: 30 };
    case "opened_campaign":
    case "clicked_campaign":
      return { kind: fact, key: newKey(), did: true, campaign_id: "", days: "" };
    default:
      return { kind: "consent", key: newKey(), channel: "email_marketing", state: "granted" };
  }
}

// ---- reading ------------------------------------------------------------------------------------

function raw(name: string, value: Json): RawCondition {
  return { kind: "raw", key: newKey(), name, value };
}

function openDeal(v: Json): Condition | null {
  if (typeof v === "boolean") return { kind: "has_open_deal", key: newKey(), has: v, pipeline_id: "", stage_id: "" };
  if (!isObject(v) || Object.keys(v).length === 0) return null;
  const keys = Object.keys(v);
  if (!keys.every((k) => (k === "pipeline_id" || k === "stage_id") && typeof v[k] === "string" && v[k] !== "")) return null;
  return { kind: "has_open_deal", key: newKey(), has: true, pipeline_id: (v.pipeline_id as string) ?? "", stage_id: (v.stage_id as string) ?? "" };
}

function consent(v: Json): Condition | null {
  if (!isObject(v) || typeof v.channel !== "string" || typeof v.state !== "string" || Object.keys(v).length !== 2) return null;
  return { kind: "consent", key: newKey(), channel: v.channel, state: v.state };
}

function campaignEvent(kind: CampaignEventCondition["kind"], v: Json): Condition | null {
  if (typeof v === "boolean") return { kind, key: newKey(), did: v, campaign_id: "", days: "" };
  if (!isObject(v) || Object.keys(v).length === 0) return null;
  const ok = Object.entries(v).every(([k, x]) => (k === "campaign_id" && typeof x === "string" && x !== "") || (k === "days" && typeof x === "number"));
  if (!ok) return null;
  return { kind, key: newKey(), did: true, campaign_id: (v.campaign_id as string) ?? "", days: v.days ?? "" };
}

/** The conditions of one object (its keys ANDed), in the object's order. */
function nodesOf(o: JsonObject): Node[] {
  const out: Node[] = [];
  for (const [name, v] of Object.entries(o)) {
    if (name === "any" || name === "all") {
      out.push(Array.isArray(v) && v.length > 0 ? { kind: "group", key: newKey(), mode: name, children: v.map(elementNode) } : raw(name, v));
    } else if (name === "not") {
      out.push(isObject(v) ? negation(v) : raw(name, v));
    } else if (name === "has_open_deal") {
      out.push(openDeal(v) ?? raw(name, v));
    } else if (name === "activity_within_days") {
      out.push({ kind: "activity_within_days", key: newKey(), days: v });
    } else if (name === "consent") {
      out.push(consent(v) ?? raw(name, v));
    } else if (name === "opened_campaign" || name === "clicked_campaign") {
      out.push(campaignEvent(name, v) ?? raw(name, v));
    } else if (isObject(v) && Object.keys(v).length > 0) {
      for (const [op, value] of Object.entries(v)) out.push({ kind: "field", key: newKey(), field: name, op, value });
    } else {
      out.push(raw(name, v));
    }
  }
  return out;
}

/** An element of an any/all array: its one condition, or an "all of" group of its several. */
function elementNode(e: Json): Node {
  if (!isObject(e)) return raw("", e);
  const nodes = nodesOf(e);
  if (nodes.length === 1) return nodes[0]!;
  return { kind: "group", key: newKey(), mode: "all", children: nodes, implicit: true };
}

/** `not: {…}`: "none of" the conditions it holds (`not: {any: [...]}` reads as none of those). */
function negation(o: JsonObject): Group {
  const nodes = nodesOf(o);
  const only = nodes.length === 1 ? nodes[0]! : null;
  if (only?.kind === "group" && only.mode === "any" && !only.implicit) return { kind: "group", key: newKey(), mode: "none", children: only.children };
  const children = only ? [only] : nodes.length ? [{ kind: "group" as const, key: newKey(), mode: "all" as const, children: nodes, implicit: true }] : [];
  return { kind: "group", key: newKey(), mode: "none", children };
}

/** The builder's root group of a segment's filter. A filter that is one any/not group opens as it. */
export function readFilter(filter: Json): Group {
  const o = isObject(filter) ? filter : {};
  const nodes = nodesOf(o);
  const only = nodes.length === 1 ? nodes[0]! : null;
  if (only?.kind === "group" && (only.mode === "any" || only.mode === "none")) return { ...only, implicit: false };
  return { kind: "group", key: newKey(), mode: "all", children: nodes };
}

// ---- writing ------------------------------------------------------------------------------------

/** The JSON path ("filter.any.1") of every node written, by the node's key. */
export type Paths = Map<string, string>;

function factValue(c: Condition): Json {
  switch (c.kind) {
    case "has_open_deal": {
      if (!c.has) return false;
      if (!c.pipeline_id && !c.stage_id) return true;
      const o: JsonObject = {};
      if (c.pipeline_id) o.pipeline_id = c.pipeline_id;
      if (c.stage_id) o.stage_id = c.stage_id;
      return o;
    }
    case "activity_within_days":
      return c.days;
    case "consent":
      return { channel: c.channel, state: c.state };
    case "opened_campaign":
    case "clicked_campaign": {
      if (!c.did) return false;
      if (!c.campaign_id && (c.days === "" || c.days === null)) return true;
      const o: JsonObject = {};
      if (c.campaign_id) o.campaign_id = c.campaign_id;
      if (c.days !== "" && c.days !== null) o.days = c.days;
      return o;
    }
    default:
      return null;
  }
}

/**
 * Whether a node is written: a condition still without its value (a field's "" or empty list, the
 * days not typed) and a group with no written condition are left out — the builder says so beside
 * them — so the count follows only what is complete and a half-made group is not a 422.
 */
export function isComplete(n: Node): boolean {
  if (n.kind === "group") return n.children.some(isComplete);
  if (n.kind === "field") return n.op === "is_null" || !(n.value === "" || n.value === null || (Array.isArray(n.value) && n.value.length === 0));
  if (n.kind === "activity_within_days") return n.days !== "" && n.days !== null;
  return true;
}
const written = isComplete;

/**
 * Puts `n` into the object `out` (ANDed with what is there) at `path`; false when its key is taken
 * (the caller writes it into an `all` array instead).
 */
function place(out: JsonObject, n: Node, path: string, paths: Paths, extra: Node[]): boolean {
  if (n.kind === "group") {
    const children = n.children.filter(written);
    if (n.mode === "all" && n.implicit) {
      paths.set(n.key, path);
      for (const c of children) if (!place(out, c, path, paths, extra)) extra.push(c);
      return true;
    }
    const name = n.mode === "none" ? "not" : n.mode;
    if (name in out) return false;
    const at = `${path}.${name}`;
    paths.set(n.key, at);
    if (n.mode === "none") {
      out.not = children.length === 1 ? objectOf(children, at, paths) : { any: children.map((c, i) => elementOf(c, `${at}.any.${i}`, paths)) };
    } else {
      out[name] = children.map((c, i) => elementOf(c, `${at}.${i}`, paths));
    }
    return true;
  }
  if (n.kind === "field") {
    const held = out[n.field];
    if (held === undefined) out[n.field] = { [n.op]: n.value };
    else if (isObject(held) && !(n.op in held)) held[n.op] = n.value;
    else return false;
    paths.set(n.key, `${path}.${n.field}.${n.op}`);
    return true;
  }
  const name = n.kind === "raw" ? n.name : n.kind;
  if (name === "" || name in out) return false;
  out[name] = n.kind === "raw" ? n.value : factValue(n);
  paths.set(n.key, `${path}.${name}`);
  return true;
}

/** Nodes ANDed into one object at `path`; those that collide go into its `all` array. */
function objectOf(nodes: Node[], path: string, paths: Paths): JsonObject {
  const out: JsonObject = {};
  const extra: Node[] = [];
  for (const n of nodes) if (!place(out, n, path, paths, extra)) extra.push(n);
  if (extra.length) {
    // An `all` of the object's own is taken as it is; the extra conditions get one of their own.
    const list: Json[] = Array.isArray(out.all) ? out.all : [];
    if (!Array.isArray(out.all)) out.all = list;
    for (const n of extra) list.push(elementOf(n, `${path}.all.${list.length}`, paths));
  }
  return out;
}

/** One element of an any/all array at `path`. */
function elementOf(n: Node, path: string, paths: Paths): Json {
  if (n.kind === "raw" && n.name === "") {
    paths.set(n.key, path);
    return n.value;
  }
  if (n.kind === "group" && n.mode === "all" && n.implicit) {
    // Several conditions read from one element go back into that one object.
    paths.set(n.key, path);
    return objectOf(n.children.filter(written), path, paths);
  }
  return objectOf([n], path, paths);
}

/** The filter JSON of the root group, and where each node went in it. */
export function writeFilter(root: Group): { filter: JsonObject; paths: Paths } {
  const paths: Paths = new Map();
  paths.set(root.key, "filter");
  const children = root.children.filter(written);
  // An any/none root is the filter's one group (placed under its own key, "filter.any" / "filter.not").
  const filter = root.mode === "all" || children.length === 0 ? objectOf(children, "filter", paths) : objectOf([{ ...root, implicit: false }], "filter", paths);
  return { filter, paths };
}

/** JSON with sorted keys: two filters that differ only in key order are the same filter. */
export function stableJson(v: Json): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(",")}]`;
  if (v && typeof v === "object") return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${stableJson(v[k]!)}`).join(",")}}`;
  return JSON.stringify(v);
}

// ---- errors -------------------------------------------------------------------------------------

export interface PathError {
  field: string;
  message: string;
}

/**
 * The server's field errors sorted onto the nodes they name: each goes to the node written at the
 * longest path it starts with; an error naming a field's key ("filter.country", a field the role
 * hides) goes to the first condition under it. Errors no node holds (the filter as a whole) are `rest`.
 */
export function errorsByNode(errors: readonly PathError[], paths: Paths): { byNode: Map<string, string[]>; rest: string[] } {
  const byNode = new Map<string, string[]>();
  const rest: string[] = [];
  const entries = [...paths.entries()];
  for (const e of errors) {
    let best: string | null = null;
    let bestLength = -1;
    for (const [key, p] of entries) {
      if ((e.field === p || e.field.startsWith(`${p}.`)) && p.length > bestLength) {
        best = key;
        bestLength = p.length;
      }
    }
    // The error names something deeper than any node's path (a field's key above its operators).
    const under = e.field.length > bestLength ? entries.find(([, p]) => p.startsWith(`${e.field}.`)) : undefined;
    if (under) best = under[0];
    if (best === null || paths.get(best) === "filter") rest.push(e.message);
    else byNode.set(best, [...(byNode.get(best) ?? []), e.message]);
  }
  return { byNode, rest };
}

// ---- editing ------------------------------------------------------------------------------------

/** The tree with the node of `key` replaced by `f(node)` (null removes it). */
export function updateNode(root: Group, key: string, f: (n: Node) => Node | null): Group {
  const walk = (n: Node): Node | null => {
    if (n.key === key) return f(n);
    if (n.kind !== "group") return n;
    const children: Node[] = [];
    for (const c of n.children) {
      const next = walk(c);
      if (next) children.push(next);
    }
    return { ...n, children };
  };
  return (walk(root) as Group | null) ?? blankGroup();
}

/** How many conditions the tree holds (the server takes at most 50). */
export function conditionCount(n: Node): number {
  return n.kind === "group" ? n.children.reduce((s, c) => s + conditionCount(c), 0) : 1;
}

/** How deep groups nest under the root (the server takes at most 4). */
export function groupDepth(n: Node): number {
  return n.kind === "group" ? 1 + Math.max(0, ...n.children.map(groupDepth)) : 0;
}
