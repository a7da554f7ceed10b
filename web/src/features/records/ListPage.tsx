import { PageHeader } from "../../components/PageHeader";
import type { ObjectType } from "../../api/types";

export default function ListPage({ object }: { object: ObjectType; preset?: "tasks" }) {
  return <PageHeader title={object} />;
}
