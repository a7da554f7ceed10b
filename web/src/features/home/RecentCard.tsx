// The latest calls, notes, meetings, emails and tasks, newest first.
import { Link } from "react-router";
import type { Activity } from "../../api/types";
import { EmptyState } from "../../components/EmptyState";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Icon, type IconName } from "../../components/Icon";
import { Owner } from "../../components/Owner";
import { Skeleton } from "../../components/Skeleton";
import { formatDateTime, formatRelative, t, type MessageKey } from "../../i18n";
import { recordTitle } from "../records/objects";
import { Card } from "./Card";
import { useRecentActivity } from "./data";
import styles from "./Home.module.css";

const ICON: Record<string, IconName> = { note: "note", task: "tasks", call: "phone", meeting: "calendar", email: "mail" };
const TYPE: Record<string, MessageKey> = { note: "home.type.note", task: "home.type.task", call: "home.type.call", meeting: "home.type.meeting", email: "home.type.email" };

export function RecentCard({ owners }: { owners: string[] | null }) {
  const recent = useRecentActivity(owners);
  let body;
  if (recent.error) body = <ErrorNotice error={recent.error} retry={() => void recent.refetch()} />;
  else if (!recent.data) body = <Skeleton lines={5} />;
  else if (!recent.data.length) body = <EmptyState title={t("home.recent.empty")}>{t("home.recent.empty.help")}</EmptyState>;
  else
    body = (
      <ul className={styles.list}>
        {recent.data.map((a: Activity) => {
          const type = a.type ?? "note";
          return (
            <li key={a.id} className={styles.item}>
              <span className={styles.typeIcon}>
                <Icon name={ICON[type] ?? "note"} label={TYPE[type] ? t(TYPE[type]) : type} size={16} />
              </span>
              <div className={styles.itemMain}>
                <Link to={`/activities/${a.id}`} className={styles.itemTitle}>
                  {recordTitle("activities", a)}
                </Link>
                <span className={styles.itemMeta} title={formatDateTime(a.created_at)}>
                  {formatRelative(a.created_at)}
                </span>
              </div>
              <Owner id={a.owner_id} compact />
            </li>
          );
        })}
      </ul>
    );
  return (
    <Card id="home-recent" title={t("home.recent.title")}>
      {body}
    </Card>
  );
}
