// The stage list as the pipeline editor holds it, and the PATCH body it makes. Existing stages keep
// their id (the server reorders, renames and re-types them); new ones have a local key only. The
// order of the array is the board order. Removing an existing stage is its own request (its deals
// must move), so a draft never drops one silently.
import type { Schemas } from "../../../api/types";
import { newKey } from "../shared/reorder";

export type Stage = Schemas["Stage"];
export type StageType = Stage["type"];
export type StagePayload = NonNullable<Schemas["PipelineInput"]["stages"]>[number];

export interface DraftStage {
  key: string;
  id?: string;
  name: string;
  probability: number;
  type: StageType;
}

/** A new, unnamed open stage as the "Add stage" button makes it. */
export function blankStage(): DraftStage {
  return { key: newKey(), name: "", probability: 50, type: "open" };
}

export function draftFromStages(stages: Stage[]): DraftStage[] {
  return [...stages]
    .filter((s) => !s.archived)
    .sort((a, b) => a.position - b.position)
    .map((s) => ({ key: s.id, id: s.id, name: s.name, probability: s.probability, type: s.type }));
}

/** Stages move like any keyed list (shared/reorder.ts). */
export { moveKeyed as moveStage, nudgeKeyed as nudgeStage, newKey } from "../shared/reorder";

export function stagesPayload(list: DraftStage[]): StagePayload[] {
  return list.map((s) => {
    const out: StagePayload = { name: s.name.trim(), probability: Math.round(s.probability), type: s.type };
    if (s.id) out.id = s.id;
    return out;
  });
}

/** Whether the draft differs from what the server holds. */
export function stagesChanged(saved: Stage[], draft: DraftStage[]): boolean {
  const a = JSON.stringify(stagesPayload(draftFromStages(saved)));
  return a !== JSON.stringify(stagesPayload(draft));
}

/** The default probability of a stage of a type: won 100, lost 0, open keeps its own. */
export function probabilityFor(type: StageType, current: number): number {
  return type === "won" ? 100 : type === "lost" ? 0 : current;
}

/** The stages of a new pipeline until the admin changes them. */
export function starterStages(names: { lead: string; proposal: string; won: string; lost: string }): DraftStage[] {
  return [
    { key: newKey(), name: names.lead, probability: 20, type: "open" },
    { key: newKey(), name: names.proposal, probability: 60, type: "open" },
    { key: newKey(), name: names.won, probability: 100, type: "won" },
    { key: newKey(), name: names.lost, probability: 0, type: "lost" },
  ];
}

/** The stage a removed stage's deals go to by default: the one before it, else the one after. */
export function defaultMoveTarget(list: DraftStage[], key: string): string | undefined {
  const i = list.findIndex((s) => s.key === key);
  const saved = (s: DraftStage | undefined) => (s?.id ? s.id : undefined);
  for (let j = i - 1; j >= 0; j--) if (saved(list[j])) return list[j]!.id;
  for (let j = i + 1; j < list.length; j++) if (saved(list[j])) return list[j]!.id;
  return undefined;
}
