// Tasks due today and overdue, oldest first, ticked done in place (PATCH with If-Match).
import { Link } from "react-router";
import type { Activity } from "../../api/types";
import { useCommands } from "../../app/commands";
import { Button } from "../../components/Button";
import { EmptyState } from "../../components/EmptyState";
import { ErrorNotice } from "../../components/ErrorNotice";
import { Icon } from "../../components/Icon";
import { Owner } from "../../components/Owner";
import { Skeleton } from "../../components/Skeleton";
import { formatDateTime, formatNumber, formatRelative, t } from "../../i18n";
import { recordTitle } from "../records/objects";
import { Card } from "./Card";
import { useCompleteTask, useDueTasks } from "./data";
import { isOverdue } from "./dates";
import styles from "./Home.module.css";

export function TasksCard({ owners, showOwner }: { owners: string[] | null; showOwner: boolean }) {
  const tasks = useDueTasks(owners);
  const complete = useCompleteTask();
  const { openCreate } = useCommands();
  const list = tasks.data?.data ?? [];
  const total = tasks.data?.total ?? list.length;

  let body;
  if (tasks.error) body = <ErrorNotice error={tasks.error} retry={() => void tasks.refetch()} />;
  else if (!tasks.data) body = <Skeleton lines={4} />;
  else if (!list.length)
    body = (
      <EmptyState title={t("home.tasks.empty")} action={<Button onClick={() => openCreate("activities")}>{t("home.createTask")}</Button>}>
        {t("home.tasks.empty.help")}
      </EmptyState>
    );
  else
    body = (
      <ul className={styles.list}>
        {list.map((task: Activity) => {
          const overdue = isOverdue(task.due_at);
          const subject = recordTitle("activities", task);
          return (
            <li key={task.id} className={styles.item}>
              <input
                type="checkbox"
                className={styles.check}
                aria-label={t("home.tasks.markDone", { subject })}
                checked={false}
                disabled={complete.isPending && complete.variables?.id === task.id}
                onChange={() => complete.mutate(task)}
              />
              <div className={styles.itemMain}>
                <Link to={`/activities/${task.id}`} className={styles.itemTitle}>
                  {subject}
                </Link>
                <span className={`${styles.itemMeta} ${overdue ? styles.overdue : ""}`} title={formatDateTime(task.due_at)}>
                  {overdue ? (
                    <>
                      <Icon name="warning" size={14} />
                      {t("home.tasks.overdue", { when: formatRelative(task.due_at) })}
                    </>
                  ) : (
                    t("home.tasks.dueToday", { when: formatDateTime(task.due_at) })
                  )}
                </span>
              </div>
              {showOwner && <Owner id={task.owner_id} compact />}
            </li>
          );
        })}
      </ul>
    );

  return (
    <Card
      id="home-tasks"
      title={tasks.data ? t("home.tasks.titleCount", { n: formatNumber(total) }) : t("home.tasks.title")}
      action={
        <Link to="/tasks" className={styles.more}>
          {t("home.tasks.all")}
        </Link>
      }
    >
      {body}
    </Card>
  );
}
