import { describe, expect, it } from "vitest";
import { cellAddress, columnLetter, columnNumber, formulaString, rangeAddress, sheetNameProblem, sheetPrefix, sheetRange, uniqueSheetName } from "../../src/taskpane/a1";

describe("A1 references", () => {
  it("converts column numbers and letters both ways, up to XFD", () => {
    const cases: [number, string][] = [[1, "A"], [26, "Z"], [27, "AA"], [52, "AZ"], [53, "BA"], [702, "ZZ"], [703, "AAA"], [16384, "XFD"]];
    for (const [n, s] of cases) {
      expect(columnLetter(n)).toBe(s);
      expect(columnNumber(s)).toBe(n);
    }
    expect(() => columnLetter(0)).toThrow(RangeError);
    expect(() => columnLetter(16385)).toThrow(RangeError);
    expect(columnNumber("XFE")).toBeNaN();
    expect(columnNumber("A1")).toBeNaN();
  });

  it("writes cells and ranges, relative or absolute", () => {
    expect(cellAddress(7, 2)).toBe("B7");
    expect(cellAddress(7, 2, true)).toBe("$B$7");
    expect(rangeAddress(2, 1, 6919, 1, true)).toBe("$A$2:$A$6920");
    expect(rangeAddress(5, 3)).toBe("C5");
    expect(() => cellAddress(1048577, 1)).toThrow(RangeError);
  });

  it("quotes sheet names that need it, doubling apostrophes", () => {
    expect(sheetPrefix("Data")).toBe("Data!");
    expect(sheetPrefix("Sales_2024")).toBe("Sales_2024!");
    expect(sheetPrefix("My data")).toBe("'My data'!");
    expect(sheetPrefix("O'Brien")).toBe("'O''Brien'!");
    expect(sheetPrefix("A1")).toBe("'A1'!"); // would read as a cell
    expect(sheetPrefix("2024")).toBe("'2024'!");
    expect(sheetPrefix("R")).toBe("'R'!"); // R1C1 row letter
    expect(sheetRange("My data", 2, 1, 10, 1)).toBe("'My data'!$A$2:$A$11");
  });

  it("checks sheet names as Excel does and finds free names", () => {
    expect(sheetNameProblem("CLV Cohorts")).toBeUndefined();
    expect(sheetNameProblem("a/b")).toMatch(/cannot contain/);
    expect(sheetNameProblem("x".repeat(32))).toMatch(/31 characters/);
    expect(sheetNameProblem(" ")).toMatch(/blank/);
    expect(sheetNameProblem("History")).toMatch(/reserved/);
    expect(uniqueSheetName("CLV RFM", ["Data"])).toBe("CLV RFM");
    expect(uniqueSheetName("CLV RFM", ["clv rfm", "CLV RFM (2)"])).toBe("CLV RFM (3)");
    expect(uniqueSheetName("x".repeat(31), ["x".repeat(31)])).toBe(`${"x".repeat(27)} (2)`);
  });

  it("writes formula text literals with doubled quotes", () => {
    expect(formulaString("M")).toBe('"M"');
    expect(formulaString('say "hi"')).toBe('"say ""hi"""');
  });
});
