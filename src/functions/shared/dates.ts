/**
 * Dates in cells: Excel serial numbers (1900 date system) or ISO text, both accepted (DESIGN §2).
 */
import { isExcelSerial, serialFromIso } from "../../core/data/dates";
import { type CellValue, describeCell } from "./cells";
import { fail } from "./errors";

/** Read one cell as an Excel date serial (number) or ISO date text. */
export function parseDateValue(where: string, v: CellValue): number {
  if (typeof v === "number") {
    if (isExcelSerial(v)) return v;
    const looksCompact = Number.isInteger(v) && v >= 1e7 && v < 1e8;
    fail(
      `${where} is ${v}, not a date` +
        (looksCompact ? " (it looks like YYYYMMDD: enter it as a date or as text like 1997-01-31)" : " (dates are Excel date serials or ISO text like 1997-01-31)"),
    );
  }
  if (typeof v === "string") {
    const serial = serialFromIso(v);
    if (!Number.isNaN(serial)) return serial;
    fail(`${where} is ${describeCell(v)}, not a date (use an Excel date or ISO text like 1997-01-31)`);
  }
  fail(`${where} is ${describeCell(v)}, not a date`);
}
