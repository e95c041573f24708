/**
 * Charts as Excel builds them. Excel.ChartSeriesBy (learn.microsoft.com/javascript/api/excel/
 * excel.chartseriesby): `charts.add(type, range, seriesBy)` makes one series per column ("Columns") or
 * per row ("Rows") of the range; "Auto" inspects the shape on desktop and means "Columns" on the web.
 * The test double (excelMock.ts) follows that rule, so a retention curve handed over as a one-row
 * range "by columns" shows up here as it would in Excel: one single-point series per period.
 */
import { describe, expect, it } from "vitest";
import { createExcelMock, drawnSeries, type ChartRecord } from "./excelMock";
import { inputFromRows } from "./cdnow";
import { renderPlan, seriesByFor } from "../../src/taskpane/render";
import { PlanDraft, area } from "../../src/taskpane/plan";
import { buildCohortSheet } from "../../src/taskpane/builders/cohorts";
import { buildDashboardSheet } from "../../src/taskpane/builders/dashboard";
import { DEFAULT_OPTIONS } from "../../src/taskpane/builders/types";
import { buildCohorts } from "../../src/core/data/cohort";
import { serialFromIso } from "../../src/core/data/dates";

/** 240 customers acquired over five months of 2023 (48 a month), each buying again every 40-ish days. */
function sampleRows(): unknown[][] {
  const rows: unknown[][] = [["Customer ID", "Order date", "Amount"]];
  const start = serialFromIso("2023-01-01");
  const end = serialFromIso("2023-12-31");
  for (let c = 0; c < 240; c++) {
    let day = start + Math.floor(c / 48) * 31 + (c % 25);
    for (let k = 0; day <= end && k < 1 + (c % 6); k++) {
      rows.push([`C${1000 + c}`, day, 10 + (c % 7)]);
      day += 25 + ((c * 7 + k * 13) % 40);
    }
  }
  return rows;
}

async function renderCharts(plan: ReturnType<typeof buildCohortSheet>): Promise<ChartRecord[]> {
  const mock = createExcelMock({ sheets: ["Data"] });
  await renderPlan(mock.context, plan, { sheetName: plan.name });
  return mock.charts;
}

describe("the test double's Excel.ChartSeriesBy", () => {
  const chartFrom = (rows: number, columns: number, seriesBy: string, platform?: "desktop" | "web") => {
    const mock = createExcelMock({ sheets: ["Data"], platform });
    const sheet = mock.context.workbook.worksheets.add("Charts");
    sheet.charts.add("Line", sheet.getRangeByIndexes(2, 1, rows, columns), seriesBy);
    return drawnSeries(mock.charts[0]);
  };

  it("splits a one-row range added by columns into one single-point series per column", () => {
    const s = chartFrom(1, 5, "Columns");
    expect(s).toHaveLength(5);
    expect(s.map((x) => x.points)).toEqual([1, 1, 1, 1, 1]);
    expect(s[4].values).toMatchObject({ row: 2, column: 5, rows: 1, columns: 1 });
  });

  it("makes one series of five points from the same range added by rows", () => {
    const s = chartFrom(1, 5, "Rows");
    expect(s).toHaveLength(1);
    expect(s[0].points).toBe(5);
  });

  it("Auto: desktop guesses from the shape (more columns than rows: by rows), the web means columns", () => {
    expect(chartFrom(1, 5, "Auto", "desktop")).toHaveLength(1);
    expect(chartFrom(6, 2, "Auto", "desktop")).toHaveLength(2);
    expect(chartFrom(1, 5, "Auto", "web")).toHaveLength(5);
  });
});

describe("the renderer", () => {
  it("creates each series from exactly its own cells, whether they lie in a row or a column", async () => {
    const d = new PlanDraft("cohorts", "Chart test");
    d.values(1, 1, [[0.5, 0.4, 0.3, 0.2]]);
    d.values(2, 1, [[0.6, 0.5, 0.45, 0.4]]);
    d.chart({
      type: "LineMarkers",
      title: "rows",
      series: [
        { name: "first", values: area(1, 1, 1, 4) },
        { name: "second", values: area(2, 1, 1, 3) },
      ],
      position: area(4, 1, 10, 5),
    });
    const [chart] = await renderCharts(d.done());
    expect(chart.seriesBy).toBe("Rows");
    expect(drawnSeries(chart).map((s) => [s.name, s.points])).toEqual([
      ["first", 4],
      ["second", 3],
    ]);
  });

  it("refuses a series that is a block of cells (Excel accepts a single row or column only)", () => {
    expect(() => seriesByFor(area(1, 1, 2, 3))).toThrow(/one row or one column/);
    expect(seriesByFor(area(1, 1, 1, 1))).toBe("Columns");
    expect(seriesByFor(area(1, 1, 7, 1))).toBe("Columns");
  });
});

describe("cohort charts have one series per cohort, with one point per observed period", () => {
  const input = inputFromRows(sampleRows());
  const cohorts = buildCohorts(input.ledger, { cohortUnit: "M" });

  it("has five monthly cohorts in the sample (the premise of the checks below)", () => {
    expect(cohorts.labels).toHaveLength(5);
  });

  it.each([
    ["Cohorts sheet", () => buildCohortSheet(input, DEFAULT_OPTIONS), "Retention curves by cohort"],
    ["Dashboard", () => buildDashboardSheet(input, DEFAULT_OPTIONS), "Cohort retention"],
  ] as const)("%s", async (_name, build, title) => {
    const charts = await renderCharts(build());
    const chart = charts.find((c) => c.mock.title.text === title)!;
    expect(chart).toBeDefined();
    const series = drawnSeries(chart);
    expect(series.map((s) => s.name)).toEqual(cohorts.labels);
    expect(series.map((s) => s.points)).toEqual(Array.from(cohorts.observed, (k) => Math.max(1, k)));
    // Each curve reads one row of the retention table: the cohorts' rows are consecutive.
    const rows = series.map((s) => s.values.row);
    expect(rows.map((r) => r - rows[0])).toEqual([0, 1, 2, 3, 4]);
    for (const s of series) expect(s.values.rows).toBe(1);
    // Every other chart is a single series over its one column of values.
    for (const other of charts.filter((c) => c !== chart)) expect(drawnSeries(other).length).toBeGreaterThanOrEqual(1);
  });
});
