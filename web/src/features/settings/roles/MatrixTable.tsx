// The object × action matrix: one native select per cell (Tab moves between cells, arrows change
// the scope), labelled "Deals: delete" for screen readers; a row's "all to" select fills a row.
// A cell the server refused shows its message under the select.
import { t, type MessageKey } from "../../../i18n";
import { ROLE_ACTIONS, ROLE_OBJECTS, SCOPES, cellKey, setRow, type Matrix, type RoleObject, type Scope } from "./matrix";
import { ScrollArea } from "../shared/ScrollArea";
import styles from "./roles.module.css";
import shared from "../shared/settings.module.css";

export const objectLabel = (o: string) => t(`roles.object.${o}` as MessageKey);
export const scopeLabel = (s: string) => t(`roles.scope.${s}` as MessageKey);
const actionLabel = (a: string) => t(`roles.action.${a}` as MessageKey);

export function MatrixTable({
  matrix,
  readOnly,
  errors,
  onChange,
}: {
  matrix: Matrix;
  readOnly: boolean;
  errors: Record<string, string>;
  onChange: (m: Matrix) => void;
}) {
  return (
    <ScrollArea label={t("roles.matrix")}>
      <table className={`${shared.table} ${styles.matrix}`}>
        <thead>
          <tr>
            <th scope="col">{t("roles.objectHeader")}</th>
            {ROLE_ACTIONS.map((a) => (
              <th scope="col" key={a}>
                {actionLabel(a)}
              </th>
            ))}
            {!readOnly && <th scope="col">{t("roles.rowAll")}</th>}
          </tr>
        </thead>
        <tbody>
          {ROLE_OBJECTS.map((o) => (
            <tr key={o}>
              <th scope="row">{objectLabel(o)}</th>
              {ROLE_ACTIONS.map((a) => {
                const key = cellKey(o, a);
                const error = errors[key] ?? errors[`permissions.${o}`];
                const value = matrix[o][a];
                return (
                  <td key={a} className={styles.cell}>
                    <select
                      className={`${shared.select} ${styles[`scope_${value}`] ?? ""}`}
                      aria-label={t("roles.cellLabel", { object: objectLabel(o), action: actionLabel(a) })}
                      value={value}
                      disabled={readOnly}
                      data-cell={key}
                      aria-invalid={error ? true : undefined}
                      aria-describedby={error ? `${key}-error` : undefined}
                      onChange={(e) => onChange({ ...matrix, [o]: { ...matrix[o], [a]: e.target.value as Scope } })}
                    >
                      {SCOPES.map((s) => (
                        <option key={s} value={s}>
                          {scopeLabel(s)}
                        </option>
                      ))}
                    </select>
                    {error && (
                      <span id={`${key}-error`} className={styles.cellError} role="alert">
                        {error}
                      </span>
                    )}
                  </td>
                );
              })}
              {!readOnly && (
                <td className={styles.cell}>
                  <select
                    className={shared.select}
                    aria-label={t("roles.rowAllLabel", { object: objectLabel(o) })}
                    value=""
                    onChange={(e) => e.target.value && onChange(setRow(matrix, o as RoleObject, e.target.value as Scope))}
                  >
                    <option value="">{t("roles.rowAllPick")}</option>
                    {SCOPES.map((s) => (
                      <option key={s} value={s}>
                        {scopeLabel(s)}
                      </option>
                    ))}
                  </select>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollArea>
  );
}
