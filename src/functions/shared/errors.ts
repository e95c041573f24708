/**
 * Failures of a custom function as Excel error values: the core's `ClvError` kinds map to `#VALUE!`,
 * `#N/A` and `#NUM!` with the message (DESIGN §3), a cancelled calculation to `#N/A`, and a bug of
 * ours to `#VALUE!` saying so; non-finite scalar results are refused.
 */
import { ClvError, ClvErrorKind } from "../../core/errors";
import { Cancelled } from "../../runtime/scheduling";
import { fitsExcel } from "./limits";

const ERROR_CODE: Record<ClvErrorKind, () => CustomFunctions.ErrorCode> = {
  value: () => CustomFunctions.ErrorCode.invalidValue,
  na: () => CustomFunctions.ErrorCode.notAvailable,
  // A numerical failure needs its words (which model, what to change): #VALUE! keeps them, #NUM! would not.
  num: () => CustomFunctions.ErrorCode.invalidValue,
  overflow: () => CustomFunctions.ErrorCode.invalidNumber,
};

/**
 * Whether Excel shows a custom message with this error code: only #VALUE! and #N/A do ("a custom error
 * message can't be used" with the others: CustomFunctions.ErrorCode reference).
 */
export function showsMessage(code: CustomFunctions.ErrorCode): boolean {
  return code === CustomFunctions.ErrorCode.invalidValue || code === CustomFunctions.ErrorCode.notAvailable;
}

/** A `CustomFunctions.Error` with the message attached only where Excel can show it. */
export function excelError(code: CustomFunctions.ErrorCode, message: string): CustomFunctions.Error {
  return showsMessage(code) ? new CustomFunctions.Error(code, message) : new CustomFunctions.Error(code);
}

/** The `CustomFunctions.Error` Excel shows for a core error. */
export function toExcelError(error: ClvError): CustomFunctions.Error {
  return excelError(ERROR_CODE[error.kind](), error.message);
}

/** Throw an argument error (#VALUE!) with a message for the user. */
export function fail(message: string, kind: ClvErrorKind = "value"): never {
  throw new ClvError(kind, message);
}

function isCustomFunctionsError(e: unknown): e is CustomFunctions.Error {
  return typeof CustomFunctions !== "undefined" && e instanceof CustomFunctions.Error;
}

function mapThrown(e: unknown): CustomFunctions.Error {
  if (isCustomFunctionsError(e)) return e;
  if (e instanceof ClvError) return toExcelError(e);
  if (e instanceof Cancelled) return new CustomFunctions.Error(CustomFunctions.ErrorCode.notAvailable, "The calculation was cancelled; recalculate the cell to run it again.");
  // A bug of ours must still reach the user as an error value with a message, never as a crash.
  const detail = e instanceof Error ? e.message : String(e);
  return new CustomFunctions.Error(CustomFunctions.ErrorCode.invalidValue, `Unexpected error: ${detail}`);
}

/**
 * Run the body of a custom function, turning every failure into a `CustomFunctions.Error`. Functions
 * throw rather than return errors so that the generated metadata keeps the result type (a union return
 * type becomes "any" in functions.json).
 */
export function guard<T>(body: () => T): T {
  try {
    return fitsExcel(finiteResult(body()));
  } catch (e) {
    throw mapThrown(e);
  }
}

/** `guard` for asynchronous functions (long fits that yield to Excel between chunks). */
export async function guardAsync<T>(body: () => Promise<T>): Promise<T> {
  try {
    return fitsExcel(finiteResult(await body()));
  } catch (e) {
    throw mapThrown(e);
  }
}

/**
 * Excel cannot show NaN or ±Infinity: a scalar result that overflowed (e.g. 1e308 / 1e-300) becomes
 * #NUM! (self-evident: the number is too large), a NaN becomes #VALUE! with a message (the user must
 * change the inputs). Spilled arrays are checked cell by cell by `outputCell`.
 */
function finiteResult<T>(value: T): T {
  // Nor can it show an empty array (it would say #CALC!): say that there was nothing to compute.
  if (Array.isArray(value) && (value.length === 0 || (Array.isArray(value[0]) && value[0].length === 0))) {
    throw new ClvError("na", "There is nothing to compute: the input ranges are empty");
  }
  if (typeof value === "number" && !Number.isFinite(value)) {
    if (Number.isNaN(value)) throw new ClvError("num", "The result is not a number for these inputs; check that they are in range");
    throw new ClvError("overflow", "The result is too large to show (it overflows Excel's number range)");
  }
  return value;
}
