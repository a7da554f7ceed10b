// A report's table: the accessible twin of its chart (numbers right-aligned, tabular figures).
import type { ReportTable } from "./tables";
import styles from "./Reports.module.css";

export function ReportTableView({ table, caption }: { table: ReportTable; caption: string }) {
  return (
    <div className={styles.tableWrap} tabIndex={0} role="region" aria-label={caption}>
      <table className={styles.table}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {table.columns.map((c, i) => (
              <th key={i} scope="col" className={c.numeric ? "num" : undefined}>
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row, r) => (
            <tr key={r}>
              {row.map((cell, i) =>
                i === 0 ? (
                  <th key={i} scope="row">
                    {cell.text}
                  </th>
                ) : (
                  <td key={i} className={table.columns[i]?.numeric ? "num" : undefined}>
                    {cell.text}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
        {table.totals && (
          <tfoot>
            <tr>
              {table.totals.map((cell, i) =>
                i === 0 ? (
                  <th key={i} scope="row">
                    {cell.text}
                  </th>
                ) : (
                  <td key={i} className={table.columns[i]?.numeric ? "num" : undefined}>
                    {cell.text}
                  </td>
                ),
              )}
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}
