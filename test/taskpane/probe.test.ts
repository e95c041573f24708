/**
 * The dynamic-array probe (src/taskpane/probe.ts) against the test double in both worlds: with dynamic
 * arrays an array constant written in one cell spills into the next; without them Excel shows only its
 * first element (implicit intersection). The probe's scratch sheet never outlives the probe.
 */
import { describe, expect, it } from "vitest";
import { createExcelMock } from "./excelMock";
import { PROBE_SHEET, hasDynamicArrays } from "../../src/taskpane/probe";

describe("hasDynamicArrays", () => {
  it("is true where formulas spill and false where they do not", async () => {
    expect(await hasDynamicArrays(createExcelMock({ sheets: ["Data"], dynamicArrays: true }).context)).toBe(true);
    expect(await hasDynamicArrays(createExcelMock({ sheets: ["Data"], dynamicArrays: false }).context)).toBe(false);
  });

  it("works on a scratch sheet that it deletes again, next to a sheet of the same name", async () => {
    const mock = createExcelMock({ sheets: ["Data", PROBE_SHEET], cells: { Data: [["keep"]] } });
    expect(await hasDynamicArrays(mock.context)).toBe(true);
    expect(mock.sheetNames()).toEqual(["Data", PROBE_SHEET]);
    const used = mock.sheets.find((s) => s.name === `${PROBE_SHEET} 2`)!;
    expect(used.deleted).toBe(true);
    // Nothing was written outside the scratch sheet.
    expect(mock.ranges.filter((r) => r.writes && r.sheet !== `${PROBE_SHEET} 2`)).toEqual([]);
    expect(mock.syncs()).toBe(3);
  });
});
