// Settings → SLA policies (admins): the policies in the order tickets are matched against them
// (the server's position, then id), each with its conditions in words, its targets and its clock.
// The up and down buttons reorder: the moved policies get positions 0..n-1 by PATCH (If-Match of
// the version listed), then the list is read again; a refusal is said in a toast.
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { useQueryClient } from "@tanstack/react-query";
import { api, must } from "../../../api/client";
import { Button } from "../../../components/Button";
import { Icon } from "../../../components/Icon";
import { useToast } from "../../../components/Toast";
import { t, type MessageKey } from "../../../i18n";
import { DeleteConfirm } from "../shared/DeleteConfirm";
import { EditDeleteActions } from "../shared/EditDeleteActions";
import { errorText } from "../shared/errors";
import { Loaded } from "../shared/Loaded";
import { SettingsPage } from "../shared/SettingsPage";
import { NameCell, SettingsTable } from "../shared/SettingsTable";
import { moved, priorityName, renumber, targetText, TARGETS, type Priority, type SlaPolicy } from "./policy";
import { policiesKey, useCalendars, usePolicies } from "./queries";
import { useCompanyNames } from "./useCompanyNames";
import own from "./sla.module.css";

export default function SlaPoliciesPage() {
  const policies = usePolicies();
  const calendars = useCalendars();
  const navigate = useNavigate();
  const queries = useQueryClient();
  const toast = useToast();
  const [deleting, setDeleting] = useState<SlaPolicy | null>(null);
  const [moving, setMoving] = useState(false);
  const companyName = useCompanyNames((policies.data ?? []).flatMap((p) => p.conditions?.company_id ?? []));
  const add = { label: t("sla.add"), run: () => navigate("new") };

  const move = async (all: SlaPolicy[], p: SlaPolicy, delta: -1 | 1) => {
    const order = moved(all, p.id, delta);
    setMoving(true);
    try {
      for (const change of renumber(order)) {
        const version = all.find((x) => x.id === change.id)!.version;
        must(
          await api.PATCH("/api/v1/sla-policies/{id}", {
            params: { path: { id: change.id }, header: { "If-Match": `"${version}"` } },
            body: { position: change.position },
          }),
        );
      }
      toast({ text: t("sla.moved", { name: p.name, n: order.findIndex((x) => x.id === p.id) + 1 }) });
    } catch (e) {
      toast({ text: errorText(e), tone: "error" });
    } finally {
      await queries.invalidateQueries({ queryKey: policiesKey });
      setMoving(false);
    }
  };

  const conditions = (p: SlaPolicy) => {
    const c = p.conditions ?? {};
    const or = t("sla.cond.or");
    const parts = [
      c.priority?.length ? t("sla.cond.priority", { list: c.priority.map(priorityName).join(or) }) : "",
      c.company_id?.length ? t("sla.cond.company", { list: c.company_id.map(companyName).join(or) }) : "",
      c.tags?.length ? t("sla.cond.tags", { list: c.tags.join(or) }) : "",
    ].filter(Boolean);
    return <span className={own.words}>{parts.length ? parts.join(t("sla.cond.and")) : t("sla.everyTicket")}</span>;
  };
  const targets = (p: SlaPolicy) => (
    <ul className={own.lines} aria-label={t("sla.targets")}>
      {TARGETS.filter((name) => (p.targets as Record<string, unknown>)[name] !== undefined).map((name) => (
        <li key={name}>
          {t(`sla.target.${name}` as MessageKey)}: {targetText((p.targets as Record<string, unknown>)[name], (x: Priority) => priorityName(x))}
        </li>
      ))}
    </ul>
  );
  const clock = (p: SlaPolicy) => {
    if (p.calendar_time) return t("sla.clock.calendar");
    if (!p.business_hours_id) return t("sla.clock.ticket");
    return t("sla.clock.hours", { name: calendars.data?.find((c) => c.id === p.business_hours_id)?.name ?? "…" });
  };

  return (
    <SettingsPage title={t("sla.title")} intro={t("sla.intro")} action={add}>
      <Loaded query={policies}>
        {(all) => (
          <SettingsTable
            label={t("sla.title")}
            rows={all}
            rowKey={(p) => p.id}
            empty={{ title: t("sla.empty.title"), body: t("sla.empty.body"), action: add }}
            columns={[
              {
                header: t("sla.order"),
                cell: (p) => {
                  const i = all.indexOf(p);
                  return (
                    <span className={own.orderCell}>
                      <span className={own.orderNumber}>{i + 1}</span>
                      <Button size="small" variant="ghost" disabled={moving || i === 0} onClick={() => void move(all, p, -1)} aria-label={t("sla.moveUp", { name: p.name })}>
                        <span className={own.turned}>
                          <Icon name="chevronLeft" size={14} />
                        </span>
                      </Button>
                      <Button size="small" variant="ghost" disabled={moving || i === all.length - 1} onClick={() => void move(all, p, 1)} aria-label={t("sla.moveDown", { name: p.name })}>
                        <span className={own.turned}>
                          <Icon name="chevronRight" size={14} />
                        </span>
                      </Button>
                    </span>
                  );
                },
              },
              { header: t("sla.name"), primary: true, cell: (p) => <NameCell name={<Link to={p.id}>{p.name}</Link>} sub={conditions(p)} /> },
              { header: t("sla.targets"), cell: targets },
              { header: t("sla.clock"), cell: clock },
            ]}
            actions={(p) => (
              <EditDeleteActions
                edit={t("sla.editNamed", { name: p.name })}
                remove={t("sla.deleteNamed", { name: p.name })}
                onEdit={() => navigate(p.id)}
                onDelete={() => setDeleting(p)}
              />
            )}
          />
        )}
      </Loaded>
      {deleting && (
        <DeleteConfirm
          title={t("sla.deleteTitle", { name: deleting.name })}
          confirm={t("sla.deleteNamed", { name: deleting.name })}
          done={t("sla.deleted", { name: deleting.name })}
          remove={async () => must(await api.DELETE("/api/v1/sla-policies/{id}", { params: { path: { id: deleting.id }, header: { "If-Match": `"${deleting.version}"` } } }))}
          refresh={[policiesKey]}
          onClose={() => setDeleting(null)}
        >
          <p>{t("sla.deleteText")}</p>
        </DeleteConfirm>
      )}
    </SettingsPage>
  );
}
