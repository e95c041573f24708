/**
 * The case workbooks as sheet plans for the xlsx writer: per student a "Case" sheet (instructions,
 * questions, shaded answer cells) and the "Transactions" sheet; for the lecturer the answer key (every
 * student's expected answers, the parameters each log was simulated from, the questions with their
 * tolerances, the configuration).
 */
import { area, type Cell, type Format } from "../../taskpane/plan";
import { COLORS, FORMATS } from "../../taskpane/builders/common";
import type { WritablePlan } from "../xlsx/writer";
import type { CaseConfig } from "./config";
import type { Question } from "./answers";
import type { StudentCase } from "./simulate";

function plan(name: string, cells: Cell[][], formats: Format[], columnWidths: Record<number, number>, freeze?: { rows: number; columns: number }): WritablePlan {
  return { name, writes: [{ kind: "values", row: 1, column: 1, cells }], formats, conditionalFormats: [], tables: [], charts: [], columnWidths, freeze };
}

const header = (row: number, columns: number): Format => ({ area: area(row, 1, 1, columns), bold: true, fill: COLORS.headerFill, bottomBorder: COLORS.headerBorder, wrapText: true });

/** The student's workbook: the case and its questions, and the transaction log. */
export function studentWorkbook(c: CaseConfig, s: StudentCase, qs: readonly Question[]): WritablePlan[] {
  const e = c.effects;
  const intro: Cell[][] = [
    [`Customer value case: ${s.id}`],
    [`Your own transaction log is on the Transactions sheet: ${(s.table.rows.length - 1).toLocaleString("en-US")} rows, ${c.start} to ${c.end}, one row per order or return.`],
    [`Columns: customer, order date, amount (returns are negative), cost to serve, sales channel (${e.channel.name} or ${e.channel.other}) and customer segment (${e.segment.name} or ${e.segment.other}).`],
    ["Answer in the shaded cells (numbers as numbers, shares as fractions or percentages). Each student's data differ: compare methods with classmates, not answers."],
    [],
    ["No.", "Question", "Your answer"],
  ];
  qs.forEach((q, i) => intro.push([i + 1, q.text, ""]));
  const first = 7;
  const formats: Format[] = [
    { area: area(1, 1), bold: true, fontSize: 16, fontColor: COLORS.title },
    { area: area(2, 1, 3, 1), italic: true, fontColor: COLORS.subtitle },
    header(6, 3),
    { area: area(first, 2, qs.length, 1), wrapText: true },
    { area: area(first, 3, qs.length, 1), fill: "#FFF4CE" },
  ];
  qs.forEach((q, i) => {
    if (q.format !== "text") formats.push({ area: area(first + i, 3), numberFormat: q.format });
  });
  const caseSheet = plan("Case", intro, formats, { 1: 40, 2: 560, 3: 110 });
  const rows = s.table.rows.map((r) => r.map((v) => (v === null ? "" : v)));
  const n = rows.length - 1;
  const data = plan(
    "Transactions",
    rows,
    [header(1, rows[0].length), { area: area(2, 3, n, 1), numberFormat: FORMATS.date }, { area: area(2, 4, n, 2), numberFormat: FORMATS.money }],
    { 1: 60, 2: 70, 3: 75, 4: 70, 5: 60, 6: 90, 7: 80 },
    { rows: 1, columns: 0 },
  );
  return [caseSheet, data];
}

/** The lecturer's answer key. */
export function answerKeyWorkbook(c: CaseConfig, classSeed: number, students: readonly { s: StudentCase; answers: Record<string, number | string> }[], qs: readonly Question[]): WritablePlan[] {
  const keyRows: Cell[][] = [["Student", "Seed", ...qs.map((q) => q.key)]];
  for (const { s, answers } of students) keyRows.push([s.id, s.seed, ...qs.map((q) => answers[q.key] ?? "")]);
  const keyFormats: Format[] = [header(1, qs.length + 2)];
  qs.forEach((q, i) => {
    if (q.format !== "text") keyFormats.push({ area: area(2, 3 + i, students.length, 1), numberFormat: q.format });
  });
  const widths: Record<number, number> = { 1: 80, 2: 80 };
  qs.forEach((_, i) => (widths[3 + i] = 95));
  const key = plan("Answers", keyRows, keyFormats, widths, { rows: 1, columns: 1 });

  const paramRows: Cell[][] = [["Student", "Seed", "r", "alpha", "a", "b", "p", "q", "gamma"]];
  for (const { s } of students) {
    const p = s.params;
    paramRows.push([s.id, s.seed, p.purchase.r, p.purchase.alpha, p.purchase.a, p.purchase.b, p.spend.p, p.spend.q, p.spend.gamma]);
  }
  const params = plan("True parameters", paramRows, [header(1, 9), { area: area(2, 3, students.length, 7), numberFormat: "0.0000" }], { 1: 80, 2: 80 }, { rows: 1, columns: 1 });

  const qRows: Cell[][] = [["Key", "Question", "Tolerance (relative)"]];
  for (const q of qs) qRows.push([q.key, q.text, q.tolerance]);
  const e = c.effects;
  qRows.push(
    [],
    ["Planted effects", ""],
    ["segment", `${e.segment.name} customers (${Math.round(e.segment.share * 100)} %) buy ${e.segment.purchaseRateMultiplier}× as often (BG/NBD λ scaled through α).`],
    ["channel", `${e.channel.name} customers (${Math.round(e.channel.share * 100)} %) cost about ${Math.round(e.channel.costShare * 100)} % of sales to serve, ${e.channel.other} ${Math.round(e.channel.otherCostShare * 100)} %.`],
    ["returns", `${Math.round(e.returns.rate * 1000) / 10} % of purchases are returned in full within ${e.returns.maxDays} days.`],
    ["cohort", `Customers acquired in month ${e.churningCohort.month} drop out faster (BG/NBD a × ${e.churningCohort.dropoutMultiplier}).`],
    [],
    ["Class seed", classSeed],
  );
  const questionsSheet = plan("Questions", qRows, [header(1, 3), { area: area(2, 3, qs.length, 1), numberFormat: "0.0%" }, { area: area(2, 2, qRows.length, 1), wrapText: true }], { 1: 120, 2: 520, 3: 90 });
  const config = plan("Config", JSON.stringify(c, null, 2).split("\n").map((l) => [l]), [{ area: area(1, 1, 200, 1), fontColor: COLORS.subtitle }], { 1: 400 });
  return [key, params, questionsSheet, config];
}
