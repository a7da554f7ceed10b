// A query's three faces on a settings page: a skeleton while it loads, the failure with a retry,
// and then what the page makes of the data.
import type { ReactNode } from "react";
import type { UseQueryResult } from "@tanstack/react-query";
import { ErrorNotice } from "../../../components/ErrorNotice";
import { Skeleton } from "../../../components/Skeleton";

type Query<T> = Pick<UseQueryResult<T>, "data" | "error" | "isPending" | "isError" | "refetch">;

export function Loaded<T>({ query, lines = 5, children }: { query: Query<T>; lines?: number; children: (data: T) => ReactNode }) {
  if (query.isPending) return <Skeleton lines={lines} />;
  if (query.isError || query.data === undefined) return <ErrorNotice error={query.error} retry={() => void query.refetch()} />;
  return <>{children(query.data)}</>;
}
