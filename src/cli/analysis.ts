/**
 * One analysis workbook from a table of transactions: the pipeline of build.ts, the xlsx writer, and
 * the short terminal summary the demo and `clv workbook` print.
 */
import { writeFileSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { BuildOptions, SheetKind } from "../taskpane/builders/types";
import { analyse, buildSheets, headline, reportNotes, type BuiltSheets, type ColumnOverrides } from "./build";
import type { RawTable } from "./read";
import { writeWorkbook, type WriteStats } from "./xlsx/writer";
import { sheetName } from "../taskpane/builders/types";
import { DEFAULT_TIER_LABELS } from "../core/rfm/tiers";

export interface AnalysisResult {
  readonly path: string;
  readonly bytes: number;
  /** the values-only copy, when asked for */
  readonly valuesPath?: string;
  readonly built: BuiltSheets;
  readonly stats: WriteStats;
  /** the summary lines printed */
  readonly summary: string[];
}

export interface Reporter {
  /** a progress line (stderr) */
  progress(message: string): void;
}

function fmt(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return "n/a";
  return Math.abs(v) >= 1000 ? v.toLocaleString("en-US", { maximumFractionDigits: 1 }) : Number(v.toPrecision(digits + 1)).toString();
}

/** "BG/NBD r=0.243, alpha=4.41, a=0.793, b=2.43 (converged; log-likelihood -9,582.4)" */
function describeFit(name: string, params: Record<string, number>, converged: boolean, logLik: number): string {
  const ps = Object.entries(params).map(([k, v]) => `${k}=${fmt(v)}`).join(", ");
  return `${name} ${ps} (${converged ? "converged" : "did NOT converge"}; log-likelihood ${fmt(logLik, 5)})`;
}

/** High, Medium, Low first (the default tier labels), other labels after them. */
function tierRank(label: string): number {
  const i = DEFAULT_TIER_LABELS.indexOf(label);
  return i < 0 ? DEFAULT_TIER_LABELS.length : i;
}

export function summaryLines(built: BuiltSheets, options: BuildOptions, kinds: readonly SheetKind[], headlineText: string, path: string, bytes: number): string[] {
  const { fits, predictions } = built;
  const lines = [`Data: ${headlineText}`];
  if (fits && predictions) {
    const counts = new Map<string, number>();
    for (const t of predictions.tier) if (t !== "") counts.set(t, (counts.get(t) ?? 0) + 1);
    const finite = Array.from(predictions.clv).filter(Number.isFinite);
    const total = finite.reduce((a, b) => a + b, 0);
    lines.push(
      `Purchase model: ${describeFit(fits.count.model.name, fits.count.fit.params, fits.count.fit.converged, fits.count.fit.logLik)}`,
      `Spend model: ${describeFit(fits.spend.model.name, fits.spend.fit.params, fits.spend.fit.converged, fits.spend.fit.logLik)}`,
      // DESIGN §2: without a margin the value is revenue, and is called so.
      options.margin === undefined || options.margin === 1
        ? `Expected revenue over ${options.horizon} months (${Math.round(options.annualDiscount * 100)}% annual discount; no margin given, so revenue, not profit CLV): total ${fmt(total, 6)}, average ${fmt(total / Math.max(1, finite.length), 4)} per customer`
        : `CLV over ${options.horizon} months (${Math.round(options.annualDiscount * 100)}% annual discount, ${fmt(options.margin * 100, 3)}% margin): total ${fmt(total, 6)}, average ${fmt(total / Math.max(1, finite.length), 4)} per customer`,
      `Value tiers: ${[...counts]
        .sort((x, y) => tierRank(x[0]) - tierRank(y[0]))
        .map(([t, n]) => `${t} ${n.toLocaleString("en-US")}`)
        .join(", ")}`,
    );
  }
  lines.push(`Sheets: Data, ${kinds.map((k) => sheetName(k, options)).join(", ")}${options.valuesOnly ? " (values only)" : " (live CLV.* formulas with cached values)"}`);
  for (const f of built.failures) lines.push(`Not built: ${f}`);
  lines.push(`Wrote ${path} (${(bytes / 1e6).toFixed(1)} MB)`);
  return lines;
}

export function howToOpen(path: string, valuesPath?: string): string[] {
  const open = (p: string): string => `xdg-open "${p}" (Linux), open "${p}" (macOS), start "" "${p}" (Windows)`;
  const lines = [
    "How to open it:",
    `  In Excel 365 with the CLV add-in (README, "Sideloading"): ${open(path)}. The CLV.* formulas recalculate.`,
    "  Without the add-in, Excel shows #NAME? in the CLV.* cells once it recalculates, and LibreOffice recomputes",
    "  spilled formulas on opening, so it shows #NAME? in those tables (docs/workbook-files.md).",
  ];
  if (valuesPath) lines.push(`  In LibreOffice Calc, Google Sheets or Excel without the add-in, open the values-only copy: ${open(valuesPath)}.`);
  return lines;
}

/** Analyses `table`, builds the sheets and writes the workbook to `out`. */
export async function writeAnalysis(
  table: RawTable,
  overrides: ColumnOverrides,
  options: BuildOptions,
  kinds: readonly SheetKind[],
  out: string,
  reporter: Reporter,
  /** also write a values-only copy of a live workbook here */
  valuesCopy?: string,
): Promise<AnalysisResult> {
  reporter.progress(`Reading and checking ${table.origin}`);
  const analysis = analyse(table, overrides);
  const notes = reportNotes(analysis.report);
  if (notes.length > 0) reporter.progress(`Note: ${notes.join("; ")}.`);
  const built = await buildSheets(analysis, options, kinds, (m) => reporter.progress(m));
  reporter.progress("Writing the workbook");
  const dashboard = built.sheets.find((s) => s.plan.name === sheetName("dashboard", options));
  const { buffer, stats } = await writeWorkbook(built.sheets, {
    activeSheet: dashboard?.plan.name ?? built.sheets[built.sheets.length - 1].plan.name,
    recalculateOnOpen: !options.valuesOnly,
  });
  const path = resolve(out);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, buffer);
  const summary = summaryLines(built, options, kinds.filter((k) => built.sheets.some((s) => s.plan.name === sheetName(k, options))), headline(analysis), path, buffer.length);
  let valuesPath: string | undefined;
  if (valuesCopy && !options.valuesOnly) {
    const values = await writeWorkbook(
      built.sheets.map((s) => ({ plan: s.cached ?? s.plan, printArea: s.printArea })),
      { activeSheet: dashboard?.plan.name ?? built.sheets[built.sheets.length - 1].plan.name },
    );
    valuesPath = resolve(valuesCopy);
    writeFileSync(valuesPath, values.buffer);
    summary.push(`Wrote ${valuesPath} (${(values.buffer.length / 1e6).toFixed(1)} MB, values only)`);
  }
  return { path, bytes: buffer.length, valuesPath, built, stats, summary };
}
