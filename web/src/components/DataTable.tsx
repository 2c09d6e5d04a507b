/** The portal's tables: a header row of column headers, one row per item, scrolling sideways on phones. */
import type { ReactNode } from 'react';

/** One column: its header and what an item shows in it. */
export interface Column<T> {
  /** The column header, also the column's key: the headers of a table differ. */
  header: string;
  cell: (row: T, index: number) => ReactNode;
  /** The cell names its row (`<th scope="row">`), as the month does in the calendar. */
  rowHeader?: boolean;
  className?: string;
}

export function DataTable<T>(props: {
  rows: readonly T[];
  rowKey: (row: T, index: number) => string | number;
  /** `false` leaves a column out, for columns only some readers see. */
  columns: readonly (Column<T> | false)[];
  /** Read out by screen readers only. */
  caption?: ReactNode;
  rowClassName?: (row: T) => string | undefined;
  /** Shown instead of the table when there are no rows; without it the table shows its header alone. */
  empty?: ReactNode;
}) {
  const columns = props.columns.filter((c): c is Column<T> => c !== false);
  if (props.rows.length === 0 && props.empty !== undefined) return <p>{props.empty}</p>;
  return (
    <div className="table-wrap">
      <table>
        {props.caption ? <caption className="visually-hidden">{props.caption}</caption> : null}
        <thead>
          <tr>
            {columns.map((c) => (
              <th scope="col" key={c.header}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row, r) => (
            <tr key={props.rowKey(row, r)} className={props.rowClassName?.(row)}>
              {columns.map((c) =>
                c.rowHeader ? (
                  <th scope="row" key={c.header} className={c.className}>
                    {c.cell(row, r)}
                  </th>
                ) : (
                  <td key={c.header} className={c.className}>
                    {c.cell(row, r)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
