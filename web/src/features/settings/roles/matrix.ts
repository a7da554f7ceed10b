// A role's grants as the editor holds them, and back: the API's `permissions` (per object, per
// action a scope; an object or action left out is none) becomes a full object × action matrix, and
// `field_rules` (per object, field → hidden | read_only) a map where "visible" is the absence of a
// rule. A 422's field paths ("permissions.deals.read", "field_rules.deals.amount") name a cell.
import type { Schemas } from "../../../api/types";
import { identifierFrom } from "../shared/actions";

export const ROLE_OBJECTS = ["companies", "contacts", "activities", "leads", "deals", "products", "tickets"] as const;
export const ROLE_ACTIONS = ["read", "create", "update", "delete", "export"] as const;
export const SCOPES = ["none", "own", "team", "all"] as const;
export const FIELD_ACCESS = ["visible", "read_only", "hidden"] as const;

export type RoleObject = (typeof ROLE_OBJECTS)[number];
export type RoleAction = (typeof ROLE_ACTIONS)[number];
export type Scope = (typeof SCOPES)[number];
export type FieldAccess = (typeof FIELD_ACCESS)[number];
export type Matrix = Record<RoleObject, Record<RoleAction, Scope>>;
export type FieldRules = Record<RoleObject, Record<string, Exclude<FieldAccess, "visible">>>;

type Role = Schemas["Role"];
type RoleInput = Schemas["RoleInput"];

function isScope(v: unknown): v is Scope {
  return typeof v === "string" && (SCOPES as readonly string[]).includes(v);
}

export function emptyMatrix(): Matrix {
  const m = {} as Matrix;
  for (const o of ROLE_OBJECTS) m[o] = { read: "none", create: "none", update: "none", delete: "none", export: "none" };
  return m;
}

export function matrixFromPermissions(permissions: Role["permissions"] | undefined): Matrix {
  const m = emptyMatrix();
  const p = (permissions ?? {}) as Record<string, Record<string, unknown> | undefined>;
  for (const o of ROLE_OBJECTS) for (const a of ROLE_ACTIONS) {
    const v = p[o]?.[a];
    if (isScope(v)) m[o][a] = v;
  }
  return m;
}

/** Every object and action, explicitly: what the editor shows is exactly what is saved. */
export function permissionsFromMatrix(m: Matrix): NonNullable<RoleInput["permissions"]> {
  const out: Record<string, Record<RoleAction, Scope>> = {};
  for (const o of ROLE_OBJECTS) out[o] = { ...m[o] };
  return out as NonNullable<RoleInput["permissions"]>;
}

export function emptyRules(): FieldRules {
  const r = {} as FieldRules;
  for (const o of ROLE_OBJECTS) r[o] = {};
  return r;
}

export function rulesFromRole(fieldRules: Role["field_rules"] | undefined): FieldRules {
  const r = emptyRules();
  const src = (fieldRules ?? {}) as Record<string, Record<string, unknown> | undefined>;
  for (const o of ROLE_OBJECTS)
    for (const [field, rule] of Object.entries(src[o] ?? {})) if (rule === "hidden" || rule === "read_only") r[o][field] = rule;
  return r;
}

export function setRule(rules: FieldRules, object: RoleObject, field: string, access: FieldAccess): FieldRules {
  const next = { ...rules, [object]: { ...rules[object] } };
  if (access === "visible") delete next[object][field];
  else next[object][field] = access;
  return next;
}

/** Only objects with rules are sent; PATCH replaces the stored rules with these. */
export function rulesPayload(rules: FieldRules): NonNullable<RoleInput["field_rules"]> {
  const out: Record<string, Record<string, "hidden" | "read_only">> = {};
  for (const o of ROLE_OBJECTS) if (Object.keys(rules[o]).length > 0) out[o] = { ...rules[o] };
  return out as NonNullable<RoleInput["field_rules"]>;
}

export interface RoleDraft {
  name: string;
  label: string;
  description: string;
  can_reassign: boolean;
  matrix: Matrix;
  rules: FieldRules;
}

export function draftFromRole(role: Role | null | undefined): RoleDraft {
  return {
    name: role?.name ?? "",
    label: role?.label ?? "",
    description: role?.description ?? "",
    can_reassign: role?.can_reassign ?? false,
    matrix: matrixFromPermissions(role?.permissions),
    rules: rulesFromRole(role?.field_rules),
  };
}

/** The request body: with the name when creating (a role's name never changes). */
export function rolePayload(d: RoleDraft, creating: boolean): RoleInput {
  const body: RoleInput = {
    label: d.label.trim(),
    description: d.description.trim() || null,
    can_reassign: d.can_reassign,
    permissions: permissionsFromMatrix(d.matrix),
    field_rules: rulesPayload(d.rules),
  };
  return creating ? { name: d.name.trim(), ...body } : body;
}

/** The key of a matrix cell or a field rule, as a 422 names it. */
export function cellKey(object: string, action: string): string {
  return `permissions.${object}.${action}`;
}
export function ruleKey(object: string, field: string): string {
  return `field_rules.${object}.${field}`;
}

/** Sets every action of an object (a row) to one scope. */
export function setRow(m: Matrix, object: RoleObject, scope: Scope): Matrix {
  const row = { ...m[object] };
  for (const a of ROLE_ACTIONS) row[a] = scope;
  return { ...m, [object]: row };
}

/** A name for a new role from its label: "Field sales (EU)" → "field_sales_eu". */
export function nameFromLabel(label: string): string {
  const s = identifierFrom(label, 50);
  return s.length >= 2 ? s : "";
}
