// Home: the numbers that matter to the signed-in user, read at a glance — the open pipeline by
// stage, the weighted forecast, tasks due today and overdue, deals closing this month and recent
// activity — for "me" by default, or the team or everyone the role can read.
import { useMemo, useState } from "react";
import { isAdmin, scopeOf, useMe } from "../../app/session";
import { useUsers } from "../../app/users";
import { PageHeader } from "../../components/PageHeader";
import { Skeleton } from "../../components/Skeleton";
import { t } from "../../i18n";
import { usePipelines } from "../reports/data";
import { ClosingCard } from "./ClosingCard";
import { ForecastCard } from "./ForecastCard";
import { PipelineCard } from "./PipelineCard";
import { RecentCard } from "./RecentCard";
import { ScopeToggle } from "./ScopeToggle";
import { TasksCard } from "./TasksCard";
import { availableScopes, ownersFor, teamMembers, type HomeScope } from "./scope";
import styles from "./Home.module.css";

const STORAGE = "rapport.home.scope";

export default function HomePage() {
  const me = useMe();
  const users = useUsers();
  const pipelines = usePipelines();
  const hasTeam = useMemo(() => teamMembers(me, users.data ?? []).length > 1, [me, users.data]);
  const scopes = availableScopes(isAdmin(me) ? "all" : scopeOf(me, "deals", "read"), hasTeam);
  const [wanted, setWanted] = useState<HomeScope>(() => (localStorage.getItem(STORAGE) as HomeScope | null) ?? "me");
  const scope = scopes.includes(wanted) ? wanted : "me";
  const owners = useMemo(() => ownersFor(scope, me, users.data ?? []), [scope, me, users.data]);

  const choose = (s: HomeScope) => {
    localStorage.setItem(STORAGE, s);
    setWanted(s);
  };
  const first = (me.name ?? "").split(/\s+/)[0] || me.email || "";

  return (
    <>
      <PageHeader title={t("home.title", { name: first })}>
        <ScopeToggle scopes={scopes} value={scope} onChange={choose} />
      </PageHeader>
      {/* Team figures need the user directory (who is in my team) before they can be asked for. */}
      {scope === "team" && users.isPending ? (
        <div className="page-pad">
          <Skeleton lines={6} />
        </div>
      ) : (
        <div className={styles.grid}>
          {pipelines.isPending ? (
            <div className={`${styles.card} ${styles.wide}`}>
              <Skeleton lines={6} />
            </div>
          ) : (
            <PipelineCard pipelines={pipelines.data ?? []} owners={owners} />
          )}
          <TasksCard owners={owners} showOwner={scope !== "me"} />
          <ForecastCard owners={owners} />
          <ClosingCard owners={owners} pipelines={pipelines.data ?? []} showOwner={scope !== "me"} />
          <RecentCard owners={owners} />
        </div>
      )}
    </>
  );
}
