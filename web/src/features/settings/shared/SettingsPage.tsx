// The frame of a settings page: the title row with the page's one primary action ("Add user"),
// then the padded body opening with a sentence on what the page is for.
import type { ReactNode } from "react";
import { Button } from "../../../components/Button";
import { Icon } from "../../../components/Icon";
import { PageHeader } from "../../../components/PageHeader";
import styles from "./settings.module.css";

export interface PageAction {
  label: string;
  run: () => void;
}

/** The primary "+ Add …" button of a page header. */
export function AddButton({ action }: { action: PageAction }) {
  return (
    <Button variant="primary" onClick={action.run}>
      <Icon name="plus" />
      {action.label}
    </Button>
  );
}

export function SettingsPage({
  title,
  intro,
  action,
  headerExtra,
  children,
}: {
  title: string;
  intro?: ReactNode;
  /** The page's primary action, shown as "+ label" in the header. */
  action?: PageAction;
  /** Anything else for the header (a back link). */
  headerExtra?: ReactNode;
  children: ReactNode;
}) {
  return (
    <>
      <PageHeader title={title}>
        {(action || headerExtra) && (
          <>
            {headerExtra}
            {action && <AddButton action={action} />}
          </>
        )}
      </PageHeader>
      <div className={styles.body}>
        {intro && <p className={styles.intro}>{intro}</p>}
        {children}
      </div>
    </>
  );
}
