import { describe, expect, it } from "vitest";
import {
  alignToInput,
  booleanArg,
  choiceArg,
  dateArg,
  flattenRange,
  guard,
  numberArg,
  readColumns,
  table,
  timeUnitArg,
} from "../../../src/functions/shared/args";
import { ClvError } from "../../../src/core/errors";

/** Run `f` and return the CustomFunctions.Error it throws through `guard`. */
function excelError(f: () => unknown): { code: string; message: string } {
  try {
    guard(f);
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error("expected an error");
}

describe("flattenRange", () => {
  it("reads a column, a row and a scalar", () => {
    expect(flattenRange("x", [[1], [2], [3]]).cells).toEqual([1, 2, 3]);
    expect(flattenRange("x", [[1, 2, 3]])).toMatchObject({ cells: [1, 2, 3], isRow: true });
    expect(flattenRange("x", 5).cells).toEqual([5]);
  });
  it("refuses a block of several rows and columns", () => {
    expect(excelError(() => flattenRange("amounts", [[1, 2], [3, 4]]))).toMatchObject({ code: "#VALUE!", message: expect.stringMatching(/^amounts: expected a single column/) });
  });
});

describe("readColumns", () => {
  const spec = (a: unknown, b: unknown) => ({
    frequency: { value: a, type: "number" as const, min: 0, integer: true },
    dates: { value: b, type: "date" as const },
  });

  it("treats null, undefined and '' as blank and skips rows blank in every argument", () => {
    const r = readColumns(spec([[1], [null], [""], [3], [undefined]], [[35431], [null], [""], ["1997-01-05"], [" "]]));
    expect(r.columns.frequency).toEqual([1, 3]);
    expect(r.columns.dates).toEqual([35431, 35435]);
    expect(r.rowIndex).toEqual([0, 3]);
    expect(r.inputRows).toBe(5);
  });

  it("accepts ranges of different sizes when the extra rows are blank", () => {
    const r = readColumns(spec([[1], [2], [null], [null]], [[35431], [35432]]));
    expect(r.columns.frequency).toEqual([1, 2]);
  });

  it("refuses ranges of different sizes with data in the extra rows", () => {
    expect(excelError(() => readColumns(spec([[1], [2], [3]], [[35431], [35432]]))).message).toBe(
      "frequency has 3 rows but dates has 2: select ranges of the same size",
    );
  });

  it("names the argument and the row of a partly blank row", () => {
    expect(excelError(() => readColumns(spec([[1], [2]], [[35431], [null]]))).message).toBe(
      "dates: row 2 is blank but frequency has a value; fill it in or clear the whole row",
    );
  });

  it("names the argument and row of text where a number belongs, and hints at numbers stored as text", () => {
    expect(excelError(() => readColumns(spec([[1], ["abc"]], [[35431], [35432]]))).message).toBe("frequency: row 2 is 'abc', not a number");
    expect(excelError(() => readColumns(spec([["7"]], [[35431]]))).message).toMatch(/row 1 is '7', not a number \(a number stored as text/);
    expect(excelError(() => readColumns(spec([[true]], [[35431]]))).message).toBe("frequency: row 1 is TRUE, not a number");
  });

  it("checks bounds and whole numbers", () => {
    expect(excelError(() => readColumns(spec([[-1]], [[35431]]))).message).toBe("frequency: row 1 is -1; it must be at least 0");
    expect(excelError(() => readColumns(spec([[1.5]], [[35431]]))).message).toBe("frequency: row 1 is 1.5; it must be a whole number");
  });

  it("reads Excel serials and ISO text dates alike, and says 'column' for row ranges", () => {
    const r = readColumns(spec([[1, 2, 3]], [["1997-01-01", "1997-01-01T12:00", 35431]]));
    expect(r.columns.dates).toEqual([35431, 35431.5, 35431]);
    expect(excelError(() => readColumns(spec([[1, 2]], [["1997-01-01", "abc"]]))).message).toMatch(/^dates: column 2 is 'abc', not a date/);
    expect(excelError(() => readColumns(spec([[1]], [[19970101]]))).message).toMatch(/looks like YYYYMMDD/);
    expect(excelError(() => readColumns(spec([[1]], [["1997-02-30"]]))).message).toMatch(/not a date/);
  });

  it("leaves an omitted optional argument out", () => {
    const r = readColumns({ x: { value: [[1]], type: "number" as const }, w: { value: null, type: "number" as const, optional: true } });
    expect(r.columns.w).toBeUndefined();
  });
});

describe("scalar arguments (optional ones arrive as null)", () => {
  it("applies defaults for null and blank, and checks ranges", () => {
    expect(numberArg("horizon", null, { default: Infinity })).toBe(Infinity);
    expect(numberArg("horizon", "", { default: 3 })).toBe(3);
    expect(numberArg("x", [[4]])).toBe(4);
    expect(excelError(() => numberArg("retention", 1.5, { min: 0, max: 1 })).message).toBe("retention is 1.5; it must be at most 1");
    expect(excelError(() => numberArg("margin", null)).message).toBe("margin is required");
    expect(excelError(() => numberArg("margin", "abc")).message).toBe("margin is 'abc', not a number");
  });
  it("reads booleans, choices and time units case-insensitively", () => {
    expect(booleanArg("headers", null, true)).toBe(true);
    expect(booleanArg("headers", 0, true)).toBe(false);
    expect(booleanArg("headers", "false", true)).toBe(false);
    expect(choiceArg("first_payment", "START", ["none", "start", "end"], "none")).toBe("start");
    expect(timeUnitArg("time_unit", "weeks", "D")).toBe("W");
    expect(excelError(() => choiceArg("first_payment", "x", ["none", "start"], "none")).message).toBe('first_payment is \'x\'; use one of "none", "start"');
  });
  it("reads date scalars", () => {
    expect(dateArg("period_end", "1997-09-30")).toBe(35703);
    expect(dateArg("period_end", 35703)).toBe(35703);
  });
});

describe("results", () => {
  it("aligns per-row results with the input: blanks as '', NaN as #VALUE! with a message, overflow as a bare #NUM!", () => {
    const out = alignToInput([1.5, NaN, Infinity], [0, 2, 3], 4) as unknown as { code: string; message: string }[][];
    expect(out[0][0]).toBe(1.5);
    expect(out[1][0]).toBe("");
    expect(out[2][0]).toMatchObject({ code: "#VALUE!", message: expect.stringMatching(/could not be computed for this row/) });
    // Excel shows no message with #NUM! (CustomFunctions.ErrorCode reference), so none is attached.
    expect(out[3][0]).toMatchObject({ code: "#NUM!", message: "" });
  });
  it("adds the header row only when asked, and never returns null cells", () => {
    expect(table(["a", "b"], [[1, null]], true)).toEqual([["a", "b"], [1, ""]]);
    expect(table(["a", "b"], [[1, undefined]], false)).toEqual([[1, ""]]);
  });
  it("maps core error kinds to Excel error codes", () => {
    expect(excelError(() => { throw new ClvError("na", "no data"); })).toMatchObject({ code: "#N/A", message: "no data" });
    // A numerical failure needs its words, so it is #VALUE! (Excel drops messages on #NUM!) ...
    expect(excelError(() => { throw new ClvError("num", "no optimum"); })).toMatchObject({ code: "#VALUE!", message: "no optimum" });
    // ... and only an overflow is #NUM!, without a message.
    expect(excelError(() => { throw new ClvError("overflow", "too large"); })).toMatchObject({ code: "#NUM!", message: "" });
    expect(excelError(() => 1e308 * 10)).toMatchObject({ code: "#NUM!", message: "" });
    expect(excelError(() => NaN)).toMatchObject({ code: "#VALUE!", message: expect.stringMatching(/not a number/) });
    expect(excelError(() => { throw new TypeError("boom"); })).toMatchObject({ code: "#VALUE!", message: "Unexpected error: boom" });
  });
});

describe("Excel's size limits on every result (guard)", () => {
  it("refuses more columns than a sheet has (16,384) and more rows (1,048,576), saying how to narrow", () => {
    let e = excelError(() => [new Array(16_385).fill(1)]);
    expect(e.code).toBe("#VALUE!");
    expect(e.message).toMatch(/1 row by 16,385 columns, more than the 16,384 columns of a sheet: ask for fewer periods/);
    e = excelError(() => Array.from({ length: 1_048_577 }, () => [""]));
    expect(e.message).toMatch(/more than the 1,048,576 rows of a sheet: pass fewer rows/);
    // a full-width row passes; a full-height column is refused by its payload ([""] is 5 bytes: 5.2 MB)
    expect(guard(() => [new Array(16_384).fill(0)])[0].length).toBe(16_384);
    expect(excelError(() => Array.from({ length: 1_048_576 }, () => [""])).message).toMatch(/over the 5 MB/);
    expect(guard(() => Array.from({ length: 500_000 }, () => [""])).length).toBe(500_000);
  });

  it("refuses a payload over about 5 MB (OfficeDev/office-js#4654): 300,000 rows of 17-digit numbers are 5.7 MB", () => {
    // String(1/3) is 18 characters: 300,000 rows × (18 + 1 separator + 3 brackets) = 6.6 MB by the estimate
    const e = excelError(() => Array.from({ length: 300_000 }, () => [1 / 3]));
    expect(e.code).toBe("#VALUE!");
    expect(e.message).toMatch(/over the 5 MB Excel accepts from one function: split the range over several formulas/);
    // 200,000 small integers (2 to 7 bytes each) are about 1.4 MB: returned
    expect(guard(() => Array.from({ length: 200_000 }, (_, i) => [i])).length).toBe(200_000);
  });
});
