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
 * the many rows of a list, which read the user directory once.
 */
export function OwnerBadge({ user: u, compact = false }: { user: User | undefined; compact?: boolean }) {
  const name = u?.name || u?.email || "…";
  return (
    <span className={styles.owner} title={compact ? name : undefined}>
      <span className={styles.avatar} aria-hidden="true">
        {initials(name)}
      </span>
      {compact ? <span className="visually-hidden">{name}</span> : <span className={styles.name}>{name}</span>}
    </span>
  );
}
