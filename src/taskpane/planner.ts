/**
 * The data-sized work of a build behind one interface: the daily ledger, the payload estimate, the
 * customer summary, the model fits and predictions, and the sheet plans of the pure builders. The
 * controller (buildRun.ts) only asks for plans and renders them.
 *
 * Two implementations. `LocalPlanner` does the work on the thread that calls it, giving the event loop
 * back between steps and running the fits and predictions in the scheduler's slices
 * (src/runtime/scheduling.ts); a plan itself is computed in one go. `WorkerPlanner` (workerPlanner.ts)
 * runs a LocalPlanner in a Web Worker (plan.worker.ts), so that on the page's main thread a build of a
 * million rows only renders and shows progress; the pane uses it wherever the platform has workers.
 */
import { buildDailyLedger } from "../core/data/transactions";
import { Cancelled, yieldToHost, type CancelSignal } from "../runtime/scheduling";
import { buildSheetWithinPayload, fitModelCheck, fitModels, modelData, needsFits, predictAsync, type ModelCheckFits, type ModelData, type ModelFits } from "./builders";
import { sheetName, type BuildInput, type BuildOptions, type SheetKind } from "./builders/types";
import type { ColumnMapping } from "./columns";
import type { DataSource, Transactions } from "./dataset";
import { payloadOptions } from "./payload";
import type { SheetPlan } from "./plan";
import { timed, timedSync } from "./timing";

/** What a planner works from: the checked data. */
export interface PlanSource {
  readonly source: DataSource;
  readonly mapping: ColumnMapping;
  readonly transactions: Transactions;
}

/** Progress of a plan: `fraction` of the sheet's share before rendering (0..0.4), and what is being done. */
export type PlanProgress = (fraction: number, message: string) => void;

/**
 * A sheet that could not be planned: the error, and whether it is the purchase model's fit (a failed
 * fit fails only the sheets that need it; the others are built).
 */
export class SheetFailed extends Error {
  constructor(
    readonly error: unknown,
    readonly modelFit: boolean,
  ) {
    super(error instanceof Error ? error.message : String(error));
    this.name = "SheetFailed";
  }
}

export interface Planner {
  /** Builds the ledger; resolves with the options the sheets are built with (payloads checked). */
  prepare(options: BuildOptions): Promise<BuildOptions>;
  /** The plan of one sheet; rejects with SheetFailed (the build goes on) or Cancelled. */
  plan(kind: SheetKind, options: BuildOptions, progress: PlanProgress): Promise<SheetPlan>;
  /** Frees what the planner holds (a worker is terminated). */
  dispose(): void;
}

/** The planner on the calling thread. */
export class LocalPlanner implements Planner {
  private input?: BuildInput;
  private data?: ModelData;
  private fits?: ModelFits;
  private checks?: ModelCheckFits;
  // A summary or a fit that failed once fails only the sheets that need it, without being tried again.
  private dataError?: { error: unknown };
  private fitError?: { error: unknown };

  constructor(
    private readonly from: PlanSource,
    private readonly signal: CancelSignal,
  ) {}

  async prepare(options: BuildOptions): Promise<BuildOptions> {
    await yieldToHost();
    const t = this.from.transactions;
    const ledger = timedSync("ledger", () => buildDailyLedger({ customer: t.customer, day: t.date, amount: t.amount }));
    const input: BuildInput = { source: this.from.source, mapping: this.from.mapping, transactions: t, ledger };
    this.input = input;
    await yieldToHost();
    this.checkCancel();
    return timedSync("payload estimate", () => payloadOptions(input, options));
  }

  private checkCancel(): void {
    if (this.signal.aborted) throw new Cancelled("The build was cancelled; no sheet was left behind.");
  }

  async plan(kind: SheetKind, options: BuildOptions, progress: PlanProgress): Promise<SheetPlan> {
    const input = this.input;
    if (!input) throw new Error("prepare() must come before plan()");
    try {
      if (kind === "model" || kind === "dashboard") {
        if (this.dataError) throw this.dataError.error;
        if (!this.data) {
          progress(0, `Summarising ${input.transactions.length.toLocaleString("en-US")} rows by customer…`);
          await yieldToHost();
          try {
            this.data = timedSync("summary", () => modelData(input, options));
          } catch (e) {
            this.dataError = { error: e };
            throw e;
          }
        }
      }
      const fitFor = async (opts: BuildOptions): Promise<ModelFits | undefined> => {
        const data = this.data;
        if (data && !this.fits && needsFits(kind, input, opts)) {
          if (this.fitError) throw this.fitError.error;
          progress(0, `Fitting the models to ${data.summary.customer.length.toLocaleString("en-US")} customers…`);
          try {
            const fits = await timed("fits", () => fitModels(data, opts, { signal: this.signal, onProgress: (m) => progress(0.2, m) }));
            await timed("predictions", () => predictAsync(data.summary, fits, opts, { signal: this.signal, onProgress: (m) => progress(0.3, m) }));
            this.fits = fits;
          } catch (e) {
            if (!(e instanceof Cancelled) && !this.signal.aborted) this.fitError = { error: e };
            throw e;
          }
        }
        return this.fits;
      };
      // The Model check sheet's candidate fits (and, for values, its refits), in slices like the others.
      const checksFor = async (opts: BuildOptions): Promise<ModelCheckFits | undefined> => {
        if (kind === "modelCheck" && (!this.checks || (opts.valuesOnly && !this.checks.refits))) {
          progress(0, "Fitting the candidate models…");
          this.checks = await fitModelCheck(input, opts, { signal: this.signal, onProgress: (m) => progress(0.2, m) });
        }
        return this.checks;
      };
      await fitFor(options);
      await checksFor(options);
      progress(0.4, `Planning ${sheetName(kind, options)}…`);
      await yieldToHost();
      this.checkCancel();
      // A sheet whose live formulas would exceed Excel's payload is built as values (with fits).
      return await timed(`plan ${kind}`, () => buildSheetWithinPayload(kind, input, options, { data: this.data, fits: this.fits, checks: this.checks }, fitFor, checksFor));
    } catch (e) {
      if (e instanceof Cancelled || this.signal.aborted) throw e instanceof Cancelled ? e : new Cancelled("The build was cancelled; no sheet was left behind.");
      throw new SheetFailed(e, this.fitError !== undefined && e === this.fitError.error);
    }
  }

  dispose(): void {
    this.input = undefined;
    this.data = undefined;
    this.fits = undefined;
    this.checks = undefined;
  }
}
