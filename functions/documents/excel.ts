/**
 * Excel exports (exceljs): Chinese headers, the header row frozen and filterable, column widths and
 * number formats per column. Times are written as Beijing wall-clock dates (a spreadsheet has no
 * time zones), so what a cell shows is what the office's clocks showed.
 */
import ExcelJS from 'exceljs';

export type ColumnKind = 'text' | 'integer' | 'decimal' | 'percent' | 'datetime' | 'date';

export interface Column<Row> {
  header: string;
  width: number;
  kind?: ColumnKind;
  value: (row: Row) => string | number | Date | boolean | null | undefined;
}

export interface SheetSpec<Row = never> {
  name: string;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
}

const NUMBER_FORMATS: Record<ColumnKind, string | undefined> = {
  text: '@',
  integer: '0',
  decimal: '0.00',
  // Fractions 0..1 shown as percentages (Art. 10 SME share); composite percentages are 0..100 decimals.
  percent: '0.0%',
  datetime: 'yyyy-mm-dd hh:mm',
  date: 'yyyy-mm-dd',
};

/** A sheet of any row type (a workbook mixes them). */
// biome-ignore lint/suspicious/noExplicitAny: the rows' type is each sheet's own; columns and rows agree within a sheet.
export type AnySheet = SheetSpec<any>;

/** A workbook of the given sheets as an .xlsx buffer. */
export async function workbookOf(sheets: readonly AnySheet[]): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = '太原市政府质量奖评审平台';
  // Fixed, so the same content gives the same bytes (content addressing).
  workbook.created = new Date(0);
  workbook.modified = new Date(0);
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name, {
      views: [{ state: 'frozen', ySplit: 1 }],
    });
    worksheet.columns = sheet.columns.map((column, index) => ({
      header: column.header,
      key: `c${index}`,
      width: column.width,
      style: { numFmt: NUMBER_FORMATS[column.kind ?? 'text'] ?? 'General' },
    }));
    const header = worksheet.getRow(1);
    header.font = { bold: true };
    header.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    header.eachCell((cell) => {
      cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };
      cell.numFmt = '@';
    });
    for (const row of sheet.rows) {
      worksheet.addRow(
        Object.fromEntries(
          sheet.columns.map((column, index) => {
            const value = column.value(row);
            return [
              `c${index}`,
              value === undefined ? null : typeof value === 'boolean' ? (value ? '是' : '否') : value,
            ];
          }),
        ),
      );
    }
    if (sheet.columns.length > 0)
      worksheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
