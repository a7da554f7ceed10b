import type { ReactNode } from "react";
import { t } from "../../../i18n";
import { StoppedNotice } from "../shared/StoppedNotice";
import type { Rule } from "./rule";

/** A rule the server paused (it ran too often on one record): its reason, and the caller's Enable. */
export function PausedNotice({ rule, children }: { rule: Rule; children?: ReactNode }) {
  return (
    <StoppedNotice
      title={t("automations.pausedNotice.title", { name: rule.name })}
      why={t("automations.pausedNotice.reason")}
      reason={rule.paused_reason ?? ""}
      next={t("automations.pausedNotice.next")}
    >
      {children}
    </StoppedNotice>
  );
}
