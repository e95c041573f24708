import { describe, expect, it } from "vitest";
import { isoFromSerial, serialFromIso, serialFromYmd, ymdFromSerial } from "../../../src/core/data/dates";

// Reference serials are Excel's own (1900 date system): =DATE(1997,1,1) is 35431, =DATE(1900,3,1) is 61,
// =DATE(1900,1,1) is 1 and Excel shows serial 60 as 1900-02-29 (Microsoft KB 214326).
describe("Excel date serials", () => {
  it("matches Excel's DATE() for known dates", () => {
    expect(serialFromYmd(1997, 1, 1)).toBe(35431);
    expect(serialFromYmd(1997, 9, 30)).toBe(35703);
    expect(serialFromYmd(1998, 6, 30)).toBe(35976);
    expect(serialFromYmd(2026, 11, 25)).toBe(46351);
    expect(serialFromYmd(1900, 1, 1)).toBe(1);
    expect(serialFromYmd(1900, 2, 28)).toBe(59);
    expect(serialFromYmd(1900, 2, 29)).toBe(60);
    expect(serialFromYmd(1900, 3, 1)).toBe(61);
    expect(serialFromYmd(9999, 12, 31)).toBe(2958465);
  });

  it("round-trips every day from 1900 to 2100", () => {
    for (let s = 1; s <= 73051; s++) {
      const { year, month, day } = ymdFromSerial(s);
      expect(serialFromYmd(year, month, day)).toBe(s);
    }
  });

  it("rejects days that do not exist and dates outside Excel's range", () => {
    expect(serialFromYmd(2023, 2, 29)).toBeNaN();
    expect(serialFromYmd(1997, 13, 1)).toBeNaN();
    expect(serialFromYmd(1899, 12, 31)).toBeNaN();
  });

  it("reads ISO text in extended, slash and basic forms, with an optional time of day", () => {
    expect(serialFromIso("1997-01-01")).toBe(35431);
    expect(serialFromIso(" 1997/1/1 ")).toBe(35431);
    expect(serialFromIso("19970101")).toBe(35431);
    expect(serialFromIso("1997-01-01T18:00")).toBe(35431.75);
    expect(serialFromIso("1997-01-01 06:00:00Z")).toBe(35431.25);
    expect(serialFromIso("01/02/1997")).toBeNaN(); // day-first or month-first is a guess: refused
    expect(serialFromIso("1997-02-30")).toBeNaN();
    expect(serialFromIso("1997-01-01T25:00")).toBeNaN();
    expect(isoFromSerial(35703.9)).toBe("1997-09-30");
  });
});
