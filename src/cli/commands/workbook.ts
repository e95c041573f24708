/**
 * `clv workbook <transactions.csv|.xlsx> -o analysis.xlsx`: the task pane's "Use selection", "Check
 * data" and "Build sheets" from the command line, with the pane's options.
 */
import { existsSync } from "node:fs";
import { basename, resolve } from "node:path";
import type { CliCommand } from "../command";
import { numberOption, optionsHelp, parseArgs, rateOption, type OptionSpec } from "../args";
import { howToOpen, writeAnalysis } from "../analysis";
import { analyse, resolveSheets, type ColumnOverrides } from "../build";
import { InputError, readTransactionFile, type RawTable } from "../read";
import { ROLES } from "../../taskpane/columns";
import { DEFAULT_OPTIONS, SHEET_KINDS, type BuildOptions } from "../../taskpane/builders/types";
import { serialFromIso, type TimeUnit } from "../../core/data/dates";
import type { CohortUnit } from "../../core/data/calendarPeriods";

const SPECS: OptionSpec[] = [
  { name: "output", alias: "o", value: true, placeholder: "<file.xlsx>", help: "the workbook to write (default: <input name>-clv.xlsx in the current folder)" },
  { name: "force", value: false, help: "replace the output file when it exists (otherwise an existing file is never overwritten)" },
  { name: "sheets", value: true, placeholder: "<list>", help: `sheets to build, comma-separated: ${SHEET_KINDS.join(", ")} (or their sheet names), or all (default)` },
  { name: "sheet", value: true, placeholder: "<name>", help: "for an .xlsx input: the worksheet holding the transactions (default: the first)" },
  { name: "margin", value: true, placeholder: "<fraction>", help: "profit margin as a fraction of revenue (0.3 or 30%); default: 1 - cost / revenue when there is a cost column, else none (values are revenue, not CLV)" },
  { name: "discount", value: true, placeholder: "<fraction>", help: `annual discount rate (0.1 or 10%; default ${DEFAULT_OPTIONS.annualDiscount}); CLV discounts monthly at (1 + annual)^(1/12) - 1` },
  { name: "horizon", value: true, placeholder: "<months>", help: `CLV horizon in months (default ${DEFAULT_OPTIONS.horizon})` },
  { name: "cac", value: true, placeholder: "<amount>", help: "acquisition cost per customer, for the dashboard's LTV:CAC (default: none)" },
  { name: "model", value: true, placeholder: "<name>", help: "purchase model: bgnbd (BG/NBD, default) or pareto (Pareto/NBD)" },
  { name: "time-unit", value: true, placeholder: "<D|W|M|Y>", help: `time unit of recency and T in the model (default ${DEFAULT_OPTIONS.timeUnit})` },
  { name: "cohort-unit", value: true, placeholder: "<W|M|Q|Y>", help: `calendar period of the cohorts (default ${DEFAULT_OPTIONS.cohortUnit})` },
  { name: "calibration-end", value: true, placeholder: "<date>", help: "last day of the calibration period of the holdout check, as 1997-09-30 (default: the middle of the data)" },
  { name: "no-holdout", value: false, help: "leave out the calibration/holdout check of the model sheet" },
  { name: "values-only", value: false, help: "write plain numbers instead of live CLV.* formulas (for people without the add-in, LibreOffice, Google Sheets)" },
  ...ROLES.map(
    (role): OptionSpec => ({
      name: role,
      value: true,
      placeholder: "<column>",
      help: `the ${role} column, by header or letter (default: detected from the headers and contents${role === "customer" || role === "date" || role === "amount" ? "" : "; none to leave it out"})`,
    }),
  ),
  { name: "help", alias: "h", value: false, help: "show this help" },
];

const USAGE = `Usage: clv workbook <transactions.csv|.xlsx> [-o analysis.xlsx] [options]

Builds the task pane's sheets from a transactions file: one row per purchase with a customer, a date and
an amount column (optionally cost, channel and segment). Columns are detected as in the pane; the data
check reports problems with their row numbers, as the pane does, and nothing is written until they are
fixed. Exit codes: 0 built, 1 a sheet could not be built, 2 bad input or options.`;

function choice<T extends string>(name: string, text: string, allowed: readonly T[]): T {
  const v = text.trim().toUpperCase() as T;
  if (!allowed.includes(v)) throw new InputError(`--${name} '${text}' must be one of ${allowed.join(", ")}.`);
  return v;
}

export function optionsFrom(o: Readonly<Record<string, string | true>>): BuildOptions {
  const str = (k: string): string | undefined => (typeof o[k] === "string" ? (o[k] as string) : undefined);
  let model = DEFAULT_OPTIONS.model;
  if (str("model") !== undefined) {
    const m = str("model")!.toLowerCase().replace(/[^a-z]/g, "");
    if (m === "bgnbd") model = "BG/NBD";
    else if (m === "pareto" || m === "paretonbd") model = "Pareto/NBD";
    else throw new InputError(`--model '${str("model")}' must be bgnbd or pareto.`);
  }
  let calibrationEnd: number | undefined;
  if (str("calibration-end") !== undefined) {
    calibrationEnd = serialFromIso(str("calibration-end")!);
    if (Number.isNaN(calibrationEnd)) throw new InputError(`--calibration-end '${str("calibration-end")}' is not a date (write it as 1997-09-30).`);
  }
  return {
    ...DEFAULT_OPTIONS,
    valuesOnly: o["values-only"] === true,
    model,
    timeUnit: str("time-unit") !== undefined ? choice<TimeUnit>("time-unit", str("time-unit")!, ["D", "W", "M", "Y"]) : DEFAULT_OPTIONS.timeUnit,
    cohortUnit: str("cohort-unit") !== undefined ? choice<CohortUnit>("cohort-unit", str("cohort-unit")!, ["W", "M", "Q", "Y"]) : DEFAULT_OPTIONS.cohortUnit,
    horizon: str("horizon") !== undefined ? numberOption("horizon", str("horizon")!, 1, 1200, true) : DEFAULT_OPTIONS.horizon,
    annualDiscount: str("discount") !== undefined ? rateOption("discount", str("discount")!) : DEFAULT_OPTIONS.annualDiscount,
    margin: str("margin") !== undefined ? rateOption("margin", str("margin")!) : DEFAULT_OPTIONS.margin,
    cac: str("cac") !== undefined ? numberOption("cac", str("cac")!, 0) : undefined,
    holdout: o["no-holdout"] !== true,
    calibrationEnd,
  };
}

export const command: CliCommand = {
  summary: "the task pane's sheets from a transactions file (.csv or .xlsx)",
  async run(args) {
    const { options: o, positional } = parseArgs(args, SPECS);
    if (o.help) {
      process.stdout.write(`${USAGE}\n\nOptions:\n${optionsHelp(SPECS)}\n`);
      return 0;
    }
    if (positional.length !== 1) throw new InputError(positional.length === 0 ? "name the transactions file (see --help)." : `one input file, please (got ${positional.join(", ")}).`);
    const input = positional[0];
    const out = typeof o.output === "string" ? o.output : `${basename(input).replace(/\.[^.]*$/, "")}-clv.xlsx`;
    if (!/\.xlsx$/i.test(out)) throw new InputError(`--output '${out}' must end in .xlsx.`);
    if (resolve(out) === resolve(input)) throw new InputError("the output would replace the input file; choose another --output.");
    if (existsSync(out) && o.force !== true) throw new InputError(`${out} exists; choose another --output, or add --force to replace it.`);
    let options = optionsFrom(o);
    const kinds = resolveSheets(typeof o.sheets === "string" ? o.sheets : undefined, options);
    const overrides: ColumnOverrides = {};
    for (const role of ROLES) if (typeof o[role] === "string") overrides[role] = o[role] as string;
    const table = await readTransactionFile(input, typeof o.sheet === "string" ? o.sheet : undefined);
    const progress = (m: string): void => {
      process.stderr.write(`  ${m}\n`);
    };
    if (o.margin === undefined) options = marginFromCost(table, overrides, options, progress);
    const result = await writeAnalysis(table, overrides, options, kinds, out, { progress });
    process.stdout.write([...result.summary, ...howToOpen(result.path), ""].join("\n"));
    return result.built.failures.length > 0 ? 1 : 0;
  },
};

/** With a cost column and no --margin, the margin the data imply, 1 - cost / revenue (as the pane proposes). */
function marginFromCost(table: RawTable, overrides: ColumnOverrides, options: BuildOptions, progress: (m: string) => void): BuildOptions {
  let a;
  try {
    a = analyse(table, overrides);
  } catch {
    return options; // the build reports the problem
  }
  const t = a.input.transactions;
  if (!t.cost || !(a.report.revenue > 0)) return options;
  let cost = 0;
  for (const c of t.cost) if (Number.isFinite(c)) cost += c;
  const margin = 1 - cost / a.report.revenue;
  if (!(margin >= 0 && margin <= 1)) return options;
  progress(`Profit margin set to ${(100 * margin).toFixed(1)}% from the cost column (1 - cost / revenue); --margin overrides it.`);
  return { ...options, margin };
}
