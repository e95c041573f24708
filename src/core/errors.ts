/**
 * Errors raised by the numeric core.
 *
 * The core has no Office dependency, so it cannot throw `CustomFunctions.Error` itself. It throws a
 * `ClvError` whose `kind` says which Excel error the adapters should show (DESIGN §3):
 * - "value":    an argument is wrong (shape, type, range)                       -> #VALUE! + message
 * - "na":       the data needed is missing, or no answer exists                 -> #N/A + message
 * - "num":      a numerical failure the user must act on (the likelihood has no  -> #VALUE! + message
 *               finite maximum, a series does not converge, a quantity does not
 *               exist for these inputs)
 * - "overflow": a single value too large for Excel to show                      -> #NUM!, no message
 *
 * Excel shows a custom message only with #VALUE! and #N/A; for #NUM!, #DIV/0! and the others "a custom
 * error message can't be used" (CustomFunctions.ErrorCode reference, learn.microsoft.com/javascript/api/
 * custom-functions-runtime/customfunctions.errorcode; office-js-docs-pr docs/excel/custom-functions-errors.md).
 * A numerical failure therefore becomes #VALUE! with its message, and #NUM! is kept for the one case
 * whose meaning is self-evident without words: an overflowing value (the reference page explains it).
 * The message is written for the spreadsheet user: it names the argument (and row) and says what to fix.
 */
export type ClvErrorKind = "value" | "na" | "num" | "overflow";

export class ClvError extends Error {
  readonly kind: ClvErrorKind;
  constructor(kind: ClvErrorKind, message: string) {
    super(message);
    this.name = "ClvError";
    this.kind = kind;
  }
}

/** An argument problem (#VALUE!). */
export function invalidArgument(message: string): ClvError {
  return new ClvError("value", message);
}

/** Missing data or an answer that does not exist (#N/A). */
export function notAvailable(message: string): ClvError {
  return new ClvError("na", message);
}

/** A numerical failure the user must act on (#VALUE! with the message, see above). */
export function numericFailure(message: string): ClvError {
  return new ClvError("num", message);
}
