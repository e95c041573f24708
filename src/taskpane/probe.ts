/**
 * Does this Excel have dynamic arrays? Live sheets need them: CLV.* tables spill, formulas read them
 * with `A21#`, and the dashboard uses UNIQUE and FILTER. Excel without them (perpetual Excel 2019 and
 * earlier) shows only the first cell of a spill, reads `#` as an error and does not know UNIQUE.
 *
 * No Office.js property says whether a workbook has them, so the pane asks Excel once per build: an
 * array constant `={1;2}` written in one cell spills into the cell below with dynamic arrays, and shows
 * only its first element without them (implicit intersection). The probe runs on a scratch sheet that
 * it adds and deletes again, so no user cell is ever touched.
 */

/** Base name of the scratch sheet (a number is added if a sheet of that name exists). */
export const PROBE_SHEET = "CLV probe";

export const NO_DYNAMIC_ARRAYS_REASON =
  "this Excel has no dynamic arrays (spilled formulas, UNIQUE, FILTER), which the live sheets need; Excel for Microsoft 365 and Excel 2021 or later have them.";

function probeName(existing: readonly string[]): string {
  const taken = new Set(existing.map((n) => n.toLowerCase()));
  let name = PROBE_SHEET;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${PROBE_SHEET} ${i}`;
  return name;
}

/** True when formulas spill in this workbook. Three syncs; the scratch sheet is always deleted. */
export async function hasDynamicArrays(context: Excel.RequestContext): Promise<boolean> {
  const sheets = context.workbook.worksheets;
  sheets.load("items/name");
  await context.sync();
  const sheet = sheets.add(probeName(sheets.items.map((s) => s.name)));
  try {
    sheet.getRangeByIndexes(0, 0, 1, 1).formulas = [["={1;2}"]];
    const result = sheet.getRangeByIndexes(0, 0, 2, 1);
    result.load("values");
    await context.sync();
    return result.values[0][0] === 1 && result.values[1][0] === 2;
  } finally {
    sheet.delete();
    await context.sync();
  }
}
