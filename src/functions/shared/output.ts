/**
 * Results as Excel shows them: per-row results aligned with the input rows, tables with an optional
 * header row, cells that are never null or non-finite, and results checked against Excel's limits
 * (rows, columns, bytes).
 */
import { excelError } from "./errors";
import { checkTableFitsExcel, markWithinExcelLimits } from "./limits";

/** What a function may put in a spilled cell. */
export type OutputCell = number | string | boolean | CustomFunctions.Error;

/**
 * Put per-row results back in line with the input ranges: ignored blank rows get "" so the spilled
 * column sits next to the data it belongs to. Non-finite numbers become error cells (`outputCell`).
 */
export function alignToInput(values: ArrayLike<number | string | boolean>, rowIndex: readonly number[], inputRows: number): OutputCell[][] {
  const out: OutputCell[][] = Array.from({ length: inputRows }, () => [""]);
  for (let j = 0; j < rowIndex.length; j++) out[rowIndex[j]][0] = outputCell(values[j]);
  return out;
}

/**
 * One output cell: numbers must be finite (Excel cannot show NaN), `null`/`undefined` become "". An
 * overflow is #NUM! (no message: Excel would drop it); a NaN is #VALUE! with a message.
 */
export function outputCell(value: number | string | boolean | null | undefined): OutputCell {
  if (value === null || value === undefined) return "";
  if (typeof value === "number" && !Number.isFinite(value)) {
    if (Number.isNaN(value)) return excelError(CustomFunctions.ErrorCode.invalidValue, "The result could not be computed for this row; check its inputs");
    return excelError(CustomFunctions.ErrorCode.invalidNumber, "overflow");
  }
  return value;
}

/** A table with an optional header row; every cell passes through `outputCell`. */
export function table(headers: readonly string[], rows: readonly (readonly (number | string | boolean | null | undefined)[])[], includeHeaders: boolean): OutputCell[][] {
  if (rows.length === 0 && !includeHeaders) return [headers.map(() => "")];
  // One array for the result (no unshift of a 100k-row table); a row whose cells all pass through
  // outputCell unchanged is used as it is rather than copied.
  const body: OutputCell[][] = new Array(rows.length + (includeHeaders ? 1 : 0));
  let o = 0;
  if (includeHeaders) body[o++] = [...headers];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    let same = true;
    for (let j = 0; j < r.length && same; j++) same = outputCell(r[j]) === r[j];
    body[o++] = same ? (r as OutputCell[]) : r.map(outputCell);
  }
  return body;
}

/**
 * `table` for a table held as columns (`columns[j][i]` is row i's cell j), as the core returns them:
 * Excel's limits are checked on the columns first, so a table over them is refused without being built
 * (a 100k-customer summary is over the ~5 MB payload), and the rows are built once, cell by cell
 * through `outputCell`.
 */
export function tableFromColumns(
  headers: readonly string[],
  columns: readonly ArrayLike<number | string | boolean | null | undefined>[],
  rowCount: number,
  includeHeaders: boolean,
): OutputCell[][] {
  if (rowCount === 0 && !includeHeaders) return [headers.map(() => "")];
  checkTableFitsExcel(includeHeaders ? headers : undefined, columns, rowCount);
  const width = columns.length;
  const body: OutputCell[][] = new Array(rowCount + (includeHeaders ? 1 : 0));
  let o = 0;
  if (includeHeaders) body[o++] = [...headers];
  for (let i = 0; i < rowCount; i++) {
    const row: OutputCell[] = new Array(width);
    for (let j = 0; j < width; j++) row[j] = outputCell(columns[j][i]);
    body[o++] = row;
  }
  markWithinExcelLimits(body);
  return body;
}
