// What every row of the builder reads: the fields, people, stages and pipelines to pick from, the
// server's errors by node, whether the builder is read-only (a role that may not change segments),
// and the node just added (its first input takes the focus).
import { createContext, useContext } from "react";
import type { User } from "../../../app/users";
import type { StageInfo } from "../../records/list/data";
import type { SegmentField } from "./fields";

export interface Builder {
  fields: SegmentField[];
  byName: Map<string, SegmentField>;
  users: User[];
  meId: string;
  stages: Map<string, StageInfo>;
  pipelines: Map<string, string>;
  errors: Map<string, string[]>;
  readOnly: boolean;
  focusKey: string | null;
}

export const BuilderContext = createContext<Builder | null>(null);

export function useBuilder(): Builder {
  const b = useContext(BuilderContext);
  if (!b) throw new Error("useBuilder outside the segment builder");
  return b;
}
