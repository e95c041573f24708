/**
 * The one HTML-escape helper of the task pane.
 *
 * The pane shows workbook data (headers, customer ids, sheet names) that users typed and that may
 * contain markup. The rule of the pane is: text goes in with `textContent` (the DOM then never parses
 * it). Where a string has to be embedded in markup (an attribute value built as text, a message that
 * is assembled as HTML), it passes through `escapeHtml` first. Nothing in the pane assigns data to
 * `innerHTML`.
 */

const ENTITIES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
  "`": "&#96;",
};

/**
 * Escapes the characters that are special in HTML text and in quoted attribute values
 * (& < > " ' and the backtick, which old IE treated as an attribute quote). `null` and `undefined`
 * become the empty string; numbers and booleans their text.
 */
export function escapeHtml(value: unknown): string {
  if (value === null || value === undefined) return "";
  return String(value).replace(/[&<>"'`]/g, (c) => ENTITIES[c]);
}
