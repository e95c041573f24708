/**
 * What every builder gets: the data (where it is, and its parsed columns) and the user's options.
 */
import type { ColumnMapping } from "../columns";
import type { DataSource, Transactions } from "../dataset";
import type { CohortUnit } from "../../core/data/calendarPeriods";
import type { TimeUnit } from "../../core/data/dates";
import type { DailyLedger } from "../../core/data/transactions";
import type { PlanKind } from "../plan";
import { modelEntries } from "../../core/models/registry";

export type SheetKind = PlanKind;
export const SHEET_KINDS: readonly SheetKind[] = ["cohorts", "rfm", "model", "dashboard", "decisions", "modelCheck"];

/** Default sheet names (the pane asks before touching an existing sheet of the same name). */
export const DEFAULT_SHEET_NAMES: Readonly<Record<SheetKind, string>> = {
  cohorts: "CLV Cohorts",
  rfm: "CLV RFM",
  model: "CLV Model",
  dashboard: "CLV Dashboard",
  decisions: "CLV Decisions",
  modelCheck: "CLV Model check",
};

/** The purchase models the pane offers, in the registry's order (src/core/models/registry.ts). */
export const PANE_MODELS: readonly string[] = modelEntries()
  .filter((e) => e.pane)
  .map((e) => e.model.name);

export interface BuildInput {
  readonly source: DataSource;
  readonly mapping: ColumnMapping;
  readonly transactions: Transactions;
  /** the transactions merged per customer and day (core/data/transactions.ts), built once */
  readonly ledger: DailyLedger;
}

export interface BuildOptions {
  /** write static values computed by the core instead of live CLV.* formulas */
  readonly valuesOnly: boolean;
  /**
   * Why the sheets are values only when the user asked for live formulas (no dynamic arrays in this
   * Excel, or payloads too large for custom functions); written on each sheet and shown in the pane.
   */
  readonly valuesOnlyReason?: string;
  /** calendar period of cohorts */
  readonly cohortUnit: CohortUnit;
  /** purchase model of the CLV sheet: one of PANE_MODELS */
  readonly model: string;
  /** time unit of the model (recency and T) */
  readonly timeUnit: TimeUnit;
  /** CLV horizon in months (CLV.VALUE's `months`) */
  readonly horizon: number;
  /** annual discount rate as a fraction (0.1 = 10 %) */
  readonly annualDiscount: number;
  /**
   * contribution margin as a fraction of revenue; undefined when the user gave none, and then every
   * value is revenue and labelled so, never CLV (DESIGN §2)
   */
  readonly margin?: number;
  /** acquisition cost per customer, for LTV:CAC (optional) */
  readonly cac?: number;
  /** add the calibration/holdout check to the model sheet when the data allow */
  readonly holdout: boolean;
  /** last day of the calibration period (Excel serial); default: the middle of the data */
  readonly calibrationEnd?: number;
  /**
   * Per-customer tables longer than this are written as values even in live mode: a custom function
   * cannot return more than about 5 MB (notes/office-addin.md), and 100k-row spills recalculate slowly.
   */
  readonly maxLiveCustomers: number;
  /** sheet names to use (defaults: DEFAULT_SHEET_NAMES) */
  readonly sheetNames?: Partial<Record<SheetKind, string>>;
}

export const DEFAULT_OPTIONS: BuildOptions = {
  valuesOnly: false,
  cohortUnit: "M",
  model: PANE_MODELS[0],
  timeUnit: "W",
  horizon: 12,
  annualDiscount: 0.1,
  holdout: true,
  maxLiveCustomers: 20_000,
};

/** What the value columns are: CLV on a margin, or revenue when no margin was given. */
export function valueWord(options: Pick<BuildOptions, "margin">): "CLV" | "revenue" {
  return options.margin === undefined ? "revenue" : "CLV";
}

/** The same, capitalised for labels at the start of a cell ("CLV", "Revenue"). */
export function valueLabel(options: Pick<BuildOptions, "margin">): "CLV" | "Revenue" {
  return options.margin === undefined ? "Revenue" : "CLV";
}

export function sheetName(kind: SheetKind, options: BuildOptions): string {
  return options.sheetNames?.[kind] ?? DEFAULT_SHEET_NAMES[kind];
}
