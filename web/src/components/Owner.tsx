import { initials, useUserDirectory, type User } from "../app/users";
import styles from "./Owner.module.css";

/** A record owner: initials avatar and name (the name alone is read by screen readers). */
export function Owner({ id, compact = false }: { id: string | null | undefined; compact?: boolean }) {
  const users = useUserDirectory();
  if (!id) return <span className={styles.none}>—</span>;
  return <OwnerBadge user={users.get(id)} compact={compact} />;
}

/**
 * The same for a user already looked up (undefined: not known yet), without a query of its own: for
 * the many rows of a list, which read the user directory once. One element: the initials are drawn
 * by CSS from `data-initials` (not read out: the name is), so a list row holds the badge cheaply.
 */
export function OwnerBadge({ user: u, compact = false }: { user: User | undefined; compact?: boolean }) {
  const name = u?.name || u?.email || "…";
  return compact ? (
    <span className={`${styles.owner} ${styles.compact}`} data-initials={initials(name)} title={name}>
      <span className="visually-hidden">{name}</span>
    </span>
  ) : (
    <span className={styles.owner} data-initials={initials(name)}>
      {name}
    </span>
  );
}
