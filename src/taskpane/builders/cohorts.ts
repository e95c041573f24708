/**
 * The Cohorts sheet: customers grouped by the calendar period of their first purchase (CLV.COHORT,
 * src/core/data/cohort.ts), followed period by period.
 *
 * Tables, top to bottom: retention (share of the cohort buying in each period, as a heat map), a
 * retention-curve line chart, active customers, revenue, revenue per customer and cumulative revenue
 * per customer. Live mode writes one spilling `=CLV.COHORT(...)` per table (headers FALSE, so the
 * pane's own header row sits on top and the spill holds data only); values mode writes the numbers the
 * core computes for the same call. Periods after the end of the data are blank, never 0.
 */
import { cohortMetric, buildCohorts, type CohortData, type CohortMetric } from "../../core/data/cohort";
import type { CohortUnit } from "../../core/data/calendarPeriods";
import { PlanDraft, area, type Cell, type SheetPlan } from "../plan";
import { COLORS, FORMATS, cell, count, dataRefs, noteRow, sectionTitle, str, titleRows, writeTable, type Block } from "./common";
import { sheetName, type BuildInput, type BuildOptions } from "./types";

const UNIT_WORDS: Readonly<Record<CohortUnit, string>> = { W: "week", M: "month", Q: "quarter", Y: "year" };

/** Cohorts drawn in the retention chart (more lines than this are unreadable). */
export const MAX_CHART_COHORTS = 12;

interface CohortSection {
  readonly metric: CohortMetric;
  readonly title: string;
  readonly format: string;
}

export function cohortSections(unit: CohortUnit): CohortSection[] {
  const w = UNIT_WORDS[unit];
  return [
    { metric: "retention", title: `Retention: share of each cohort buying in each ${w} after acquisition`, format: FORMATS.percent },
    { metric: "customers", title: `Active customers: cohort members buying in each ${w}`, format: FORMATS.count },
    { metric: "revenue", title: `Revenue: net amount (returns included) per ${w}`, format: FORMATS.money },
    { metric: "revenue_per_customer", title: "Revenue per customer: revenue / cohort size", format: FORMATS.money },
    { metric: "cumulative_revenue_per_customer", title: "Cumulative revenue per customer", format: FORMATS.money },
  ];
}

/** The CLV.COHORT call of one metric (headers FALSE: the sheet writes its own header row). */
export function cohortFormula(args: string, unit: CohortUnit, metric: CohortMetric): string {
  return `=CLV.COHORT(${args},${str(unit)},${str(metric)},,FALSE)`;
}

/** Header labels of a cohort table, as CLV.COHORT writes them. */
export function cohortHeaders(data: CohortData): string[] {
  return ["cohort", "size", ...Array.from({ length: data.periods }, (_, k) => `${data.cohortUnit}${k}`)];
}

/** Rows of a metric table as CLV.COHORT returns them (without headers). */
export function cohortRows(data: CohortData, metric: CohortMetric): Cell[][] {
  const values = cohortMetric(data, metric);
  return data.labels.map((label, r) => [label, data.sizes[r], ...Array.from(values[r], cell)]);
}

export function buildCohortSheet(input: BuildInput, options: BuildOptions): SheetPlan {
  const unit = options.cohortUnit;
  const data = buildCohorts(input.ledger, { cohortUnit: unit });
  const d = new PlanDraft("cohorts", sheetName("cohorts", options), COLORS.tabCohorts);
  const refs = dataRefs(input);
  const nCohorts = data.labels.length;
  let row = titleRows(
    d,
    input,
    options,
    "Cohort analysis",
    `${count(nCohorts, "cohort")} of customers by ${UNIT_WORDS[unit]} of first purchase (${count(data.sizes.reduce((a, b) => a + b, 0), "customer")}).`,
  );
  const headers = cohortHeaders(data);
  const width = headers.length;
  d.width(1, 64);
  d.width(2, 48);

  for (const section of cohortSections(unit)) {
    sectionTitle(d, row, 1, section.title, Math.min(width, 12));
    const block = writeTable(
      d,
      row + 1,
      1,
      headers,
      options.valuesOnly ? { values: cohortRows(data, section.metric) } : { formula: cohortFormula(refs.args, unit, section.metric), rows: nCohorts },
      `${section.metric} by cohort`,
    );
    d.format({ area: area(block.row, 1, block.rows, 1), bold: true });
    d.format({ area: area(block.row, 2, block.rows, 1), numberFormat: FORMATS.count });
    d.format({ area: area(block.row, 3, block.rows, width - 2), numberFormat: section.format });
    row = block.row + block.rows + 1;

    if (section.metric === "retention") {
      // Period 0 is 100 % by definition; leaving it out of the colour scale keeps the contrast for the
      // periods that matter.
      if (data.periods > 1) {
        d.conditional({ type: "colorScale", area: area(block.row, 4, block.rows, width - 3), low: COLORS.heatLow, mid: COLORS.heatMid, high: COLORS.heatHigh });
      }
      row = retentionChart(d, data, block, row);
    }
    row += 1;
  }
  noteRow(
    d,
    row,
    1,
    `A customer's cohort is the ${UNIT_WORDS[unit]} of the first purchase; ${unit}0 is that ${UNIT_WORDS[unit]}. Blank cells lie after the end of the data (the last ${UNIT_WORDS[unit]} may be partial).`,
  );
  if (data.excluded.customersWithoutPurchase > 0) {
    d.note(`${count(data.excluded.customersWithoutPurchase, "customer")} with only returns belong to no cohort.`);
  }
  return d.done();
}

/** The retention-curve chart under the retention table; returns the next free row. */
function retentionChart(d: PlanDraft, data: CohortData, block: Block, row: number): number {
  const shown = Math.min(MAX_CHART_COHORTS, data.labels.length);
  const series = [];
  for (let c = 0; c < shown; c++) {
    // Only the observed periods: a blank ("") cell would be drawn as 0 in a line chart.
    const observed = Math.max(1, data.observed[c]);
    series.push({
      name: data.labels[c],
      values: area(block.row + c, 3, 1, observed),
      categories: area(block.row - 1, 3, 1, observed),
    });
  }
  const height = 16;
  d.chart({
    type: "LineMarkers",
    title: "Retention curves by cohort",
    series,
    position: area(row + 1, 1, height, 10),
    xTitle: `${UNIT_WORDS[data.cohortUnit]}s since acquisition`,
    yTitle: "share of cohort buying",
    valueFormat: FORMATS.percent0,
    legend: "Right",
  });
  if (data.labels.length > shown) {
    d.note(`The retention chart shows the first ${shown} of ${data.labels.length} cohorts.`);
  }
  return row + height + 2;
}
