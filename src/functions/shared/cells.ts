/**
 * What a cell is: the blank rule shared by every argument (DESIGN §3: `null`, `undefined` and `""` are
 * blank) and how a cell is quoted in messages.
 */

/** A cell value as Excel passes it to an `any` parameter. */
export type CellValue = unknown;

/** Blank as Excel passes it: `null`, `undefined` or the empty string (text of spaces counts too). */
export function isBlank(value: CellValue): boolean {
  return value === null || value === undefined || (typeof value === "string" && value.trim() === "");
}

/** How a cell is shown in a message: text quoted, long text shortened. */
export function describeCell(value: CellValue): string {
  if (typeof value === "string") {
    const t = value.length > 30 ? `${value.slice(0, 27)}...` : value;
    return `'${t}'`;
  }
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (value !== null && typeof value === "object") return "an error or unsupported value";
  return String(value);
}

/** True when an optional argument was left out (Excel passes `null`). */
export function isOmitted(value: CellValue): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0 || value.every((row) => (Array.isArray(row) ? row.every(isBlank) : isBlank(row)));
  return false;
}
