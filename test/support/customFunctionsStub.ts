/**
 * A stand-in for Excel's `CustomFunctions` runtime object, shared by the unit tests (as a global) and
 * by the headless host test (inside a `vm` context). Error codes are the cell texts Excel shows.
 *
 * It enforces Excel's message rule: only #VALUE! and #N/A display a custom message; for the other codes
 * "a custom error message can't be used" (CustomFunctions.ErrorCode reference). Excel silently drops
 * such a message, so the user sees a bare #NUM!; the stub throws instead, so that code which tries to
 * explain a #NUM! fails its test rather than losing its words in real Excel.
 */
export const ERROR_CODES = {
  invalidValue: "#VALUE!",
  notAvailable: "#N/A",
  divisionByZero: "#DIV/0!",
  invalidNumber: "#NUM!",
  nullReference: "#NULL!",
  invalidName: "#NAME?",
  invalidReference: "#REF!",
} as const;

/** The codes whose custom message Excel shows in the cell's error indicator. */
export const CODES_WITH_MESSAGE: ReadonlySet<string> = new Set([ERROR_CODES.invalidValue, ERROR_CODES.notAvailable]);

export class StubCustomFunctionError extends Error {
  readonly code: string;
  constructor(code: string, message?: string) {
    if (message !== undefined && message !== "" && !CODES_WITH_MESSAGE.has(code)) {
      throw new Error(`Excel cannot show a message with ${code} (only #VALUE! and #N/A carry one): "${message}"`);
    }
    super(message ?? "");
    this.code = code;
  }
}

export interface CustomFunctionsStub {
  Error: typeof StubCustomFunctionError;
  ErrorCode: typeof ERROR_CODES;
  associate: (idOrMap: string | Record<string, (...args: unknown[]) => unknown>, fn?: (...args: unknown[]) => unknown) => void;
  registry: Map<string, (...args: unknown[]) => unknown>;
}

export function customFunctionsStub(): CustomFunctionsStub {
  const registry = new Map<string, (...args: unknown[]) => unknown>();
  return {
    Error: StubCustomFunctionError,
    ErrorCode: ERROR_CODES,
    registry,
    associate(idOrMap, fn) {
      if (typeof idOrMap === "string") {
        if (fn) registry.set(idOrMap.toUpperCase(), fn);
      } else {
        for (const [id, f] of Object.entries(idOrMap)) registry.set(id.toUpperCase(), f);
      }
    },
  };
}
