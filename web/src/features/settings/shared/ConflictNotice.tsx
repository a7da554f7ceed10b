// What an editor shows after a 412 (someone saved the thing while it was open): the other
// version's changes (the caller's list), and the two ways on — save mine over theirs, or take
// theirs. It appears at the top of a form the Save button scrolled down, so it brings itself into view.
import { useEffect, useId, useRef, type ReactNode } from "react";
import { Button } from "../../../components/Button";
import styles from "./settings.module.css";

export function ConflictNotice({
  title,
  mine,
  theirs,
  onMine,
  onTheirs,
  children,
}: {
  title: string;
  mine: string;
  theirs: string;
  onMine: () => void;
  onTheirs: () => void;
  children: ReactNode;
}) {
  const ref = useRef<HTMLElement>(null);
  const id = useId();
  useEffect(() => {
    ref.current?.scrollIntoView({ block: "nearest" }); // braces: newer browsers return a promise, not a cleanup
  }, []);
  return (
    <section ref={ref} className={styles.conflict} role="alert" aria-labelledby={id}>
      <strong id={id}>{title}</strong>
      {children}
      <div className={styles.actions}>
        <Button size="small" variant="primary" onClick={onMine}>
          {mine}
        </Button>
        <Button size="small" onClick={onTheirs}>
          {theirs}
        </Button>
      </div>
    </section>
  );
}
