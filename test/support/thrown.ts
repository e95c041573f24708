/**
 * What a call throws, for asserting on error values: core `ClvError`s (`kind`, `message`) and Excel
 * `CustomFunctions.Error`s (`code`, `message`) alike. Fails the test when nothing is thrown.
 */
export interface Thrown {
  message: string;
  code?: string;
  kind?: string;
}

export function thrownBy(f: () => unknown): Thrown {
  try {
    f();
  } catch (e) {
    return e as Thrown;
  }
  throw new Error("expected the call to throw an error");
}
