/**
 * A stand-in for Excel's `CustomFunctions` runtime object, shared by the unit tests (as a global) and
 * by the headless host test (inside a `vm` context). Error codes are the cell texts Excel shows.
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

export class StubCustomFunctionError extends Error {
  readonly code: string;
  constructor(code: string, message?: string) {
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
