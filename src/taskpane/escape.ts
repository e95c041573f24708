/**
 * The one writer of text into cells (DESIGN §3): user text that reaches a sheet is always stored as the
 * text it is, never read as a formula, a number, a date or a boolean.
 */

/**
 * Characters that make Excel (or a program reading an exported sheet) treat a cell's text as a formula
 * or command: = + - @ (formula starts, DDE payloads such as =cmd|'/C calc'!A0 and @SUM(...)), tab,
 * carriage return and line feed (OWASP "CSV injection"), their full-width forms ＝ ＋ － ＠ (which
 * East Asian input methods turn into formulas), # (an error literal such as #N/A) and the apostrophe
 * itself, which Excel would otherwise swallow as its own text prefix.
 */
const FORMULA_START = /^[=+\-@'#\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;

/**
 * Text that Excel would not keep as text when it is written as a value: Office.js `Range.values` reads
 * a string as if it were typed, so formula-like text (above) becomes a formula, "00123" the number 123,
 * "2024-01" and "1/2" dates, "10%" a fraction, "TRUE" a boolean.
 */
function needsTextPrefix(v: string): boolean {
  return (
    FORMULA_START.test(v) ||
    /^\s*[$€£¥(]*\s*[+-]?\.?\d/.test(v) ||
    /^\s*(true|false)\s*$/i.test(v) ||
    /^\s*(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?[\s\-/,]+\d/i.test(v)
  );
}

/**
 * The one writer of text into cells: what Office.js is given for a text value so that it is stored
 * and shown as exactly that text. Text Excel would read as something else gets Excel's text prefix, a
 * leading apostrophe, which Excel stores as "this is text" and does not show. Every text value of
 * every sheet plan goes through here (the renderer applies it to all values and to every constant of a
 * formulas block); user text never goes into a formulas block.
 */
export function cellText(text: string): string {
  return needsTextPrefix(text) ? `'${text}` : text;
}
