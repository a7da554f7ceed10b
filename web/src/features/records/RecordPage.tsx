import { PageHeader } from "../../components/PageHeader";
import type { ObjectType } from "../../api/types";

export default function RecordPage({ object, id }: { object: ObjectType; id: string }) {
  return <PageHeader title={`${object} ${id}`} />;
}
