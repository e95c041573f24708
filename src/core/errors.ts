/**
 * Errors raised by the numeric core.
 *
 * The core has no Office dependency, so it cannot throw `CustomFunctions.Error` itself. It throws a
 * `ClvError` whose `kind` says which Excel error the adapters should show (DESIGN §3):
 * - "value": an argument is wrong (shape, type, range)       -> #VALUE!
 * - "na":    the data needed is missing, or no answer exists  -> #N/A
 * - "num":   a numerical failure (no finite likelihood, domain) -> #NUM!
 * The message is written for the spreadsheet user: it names the argument (and row) and says what to fix.
 */
export type ClvErrorKind = "value" | "na" | "num";

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

/** A numerical failure (#NUM!). */
export function numericFailure(message: string): ClvError {
  return new ClvError("num", message);
}
