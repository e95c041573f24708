/**
 * The task pane's controller: wires the page (taskpane.html) to Excel, the builders and the renderer.
 *
 * Flow: "Use selection" inspects the selection and proposes a column mapping; the data are then read
 * in chunks and checked (counts, date range, returns, problems with their rows). "Build sheets" builds
 * one plan per chosen sheet, asks before touching an existing sheet of the same name, and renders the
 * plan with progress and a Cancel button.
 *
 * Every value shown comes from the workbook or from the user, so it is set with `textContent` (never
 * `innerHTML`); `escapeHtml` exists for the rare string that must be embedded in markup.
 */
import { ROLES, REQUIRED_ROLES, mappingProblems, type ColumnMapping, type Role } from "./columns";
import { columnLetter, sheetNameProblem, uniqueSheetName } from "./a1";
import { describeSource, reportHeadline, type DataReport, type DataSource, type Transactions } from "./dataset";
import { inspectSelection, readTransactions, sourceOf, type SelectionInfo } from "./excel";
import { renderPlan, workbookNames, type RenderProgress } from "./render";
import { Cancelled } from "../runtime/scheduling";
import { buildSheetWithinPayload, fitModels, modelData, needsFits, predictAsync, type ModelData, type ModelFits } from "./builders";
import { DEFAULT_OPTIONS, PANE_MODELS, SHEET_KINDS, sheetName, type BuildInput, type BuildOptions } from "./builders/types";
import { buildDailyLedger } from "../core/data/transactions";
import { contributionMargin } from "../core/economics/unitEconomics";
import { isoFromSerial, serialFromIso, type TimeUnit } from "../core/data/dates";
import type { CohortUnit } from "../core/data/calendarPeriods";
import type { SheetPlan } from "./plan";
import { payloadOptions } from "./payload";
import { NO_DYNAMIC_ARRAYS_REASON, hasDynamicArrays } from "./probe";

import pkg from "../../package.json";

/** The add-in's name (as in manifest.xml) and version (package.json), shown in the header. */
export const ADDIN_NAME = "CLV for Excel";
export const ADDIN_VERSION: string = pkg.version;

type ConflictChoice = "replace" | "keep" | "cancel";

function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`task pane element #${id} is missing`);
  return el as T;
}

function setText(el: HTMLElement, text: string): void {
  el.textContent = text;
}

function formatNumber(n: number, digits = 0): string {
  return n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** A message for the user from anything thrown (Office errors carry a code and debug info). */
export function describeError(e: unknown): string {
  if (e instanceof Cancelled) return e.message;
  const err = e as { message?: unknown; code?: unknown; debugInfo?: { message?: unknown; errorLocation?: unknown } };
  const code = typeof err?.code === "string" ? err.code : "";
  const message = typeof err?.message === "string" ? err.message : String(e);
  switch (code) {
    case "RequestPayloadSizeLimitExceeded":
    case "PayloadTooLarge":
      return "Excel refused a request as too large. Try a smaller selection, or build the sheets one at a time.";
    case "ItemAlreadyExists":
      return `${message} (a sheet or table of that name already exists; choose "Keep both" to use a new name).`;
    case "InvalidReference":
    case "InvalidArgument":
      return `Excel rejected the operation: ${message}`;
    case "AccessDenied":
      return "Excel denied access: the workbook or sheet may be protected or read-only.";
    case "ResponsePayloadSizeLimitExceeded":
      return "Excel refused a response as too large. Try a smaller selection.";
    case "InvalidSelection":
      return "Select one block of cells (not several areas, a chart or a shape) and try again.";
    case "ActivityLimitReached":
      return "Excel reports too many operations at once. Build one sheet at a time.";
    default:
      return message;
  }
}

interface Checked {
  readonly source: DataSource;
  readonly mapping: ColumnMapping;
  readonly transactions: Transactions;
  readonly report: DataReport;
}

export class TaskPaneApp {
  private info?: SelectionInfo;
  private checked?: Checked;
  private busy = false;
  private abort = { aborted: false };
  private conflictResolver?: (c: ConflictChoice) => void;

  private readonly ui = {
    useSelection: byId<HTMLButtonElement>("use-selection"),
    source: byId("source"),
    mapping: byId<HTMLFieldSetElement>("mapping"),
    checkData: byId<HTMLButtonElement>("check-data"),
    checks: byId("checks"),
    statRows: byId("stat-rows"),
    statCustomers: byId("stat-customers"),
    statDates: byId("stat-dates"),
    statRevenue: byId("stat-revenue"),
    statReturns: byId("stat-returns"),
    banner: byId("check-banner"),
    problems: byId<HTMLUListElement>("problems"),
    build: byId<HTMLButtonElement>("build"),
    conflict: byId("conflict"),
    conflictText: byId("conflict-text"),
    conflictReplace: byId<HTMLButtonElement>("conflict-replace"),
    conflictKeep: byId<HTMLButtonElement>("conflict-keep"),
    conflictCancel: byId<HTMLButtonElement>("conflict-cancel"),
    progress: byId("progress"),
    progressBar: byId("progress-bar"),
    progressFill: byId("progress-fill"),
    progressText: byId("progress-text"),
    cancel: byId<HTMLButtonElement>("cancel"),
    status: byId("status"),
    error: byId("error"),
    results: byId<HTMLUListElement>("results"),
    optCohortUnit: byId<HTMLSelectElement>("opt-cohort-unit"),
    optModel: byId<HTMLSelectElement>("opt-model"),
    optTimeUnit: byId<HTMLSelectElement>("opt-time-unit"),
    optHorizon: byId<HTMLInputElement>("opt-horizon"),
    optDiscount: byId<HTMLInputElement>("opt-discount"),
    optMargin: byId<HTMLInputElement>("opt-margin"),
    optCac: byId<HTMLInputElement>("opt-cac"),
    optCalibrationEnd: byId<HTMLInputElement>("opt-calibration-end"),
    optHoldout: byId<HTMLInputElement>("opt-holdout"),
    optValuesOnly: byId<HTMLInputElement>("opt-values-only"),
  };

  private readonly selects: Record<Role, HTMLSelectElement> = Object.fromEntries(
    ROLES.map((role) => [role, byId<HTMLSelectElement>(`map-${role}`)]),
  ) as Record<Role, HTMLSelectElement>;

  start(): void {
    setText(byId("app-name"), ADDIN_NAME);
    setText(byId("version"), `Version ${ADDIN_VERSION}`);
    this.ui.optModel.replaceChildren(...PANE_MODELS.map((name) => new Option(name, name, name === DEFAULT_OPTIONS.model, name === DEFAULT_OPTIONS.model)));
    this.ui.useSelection.addEventListener("click", () => void this.useSelection());
    this.ui.checkData.addEventListener("click", () => void this.checkData());
    for (const role of ROLES) this.selects[role].addEventListener("change", () => this.mappingChanged());
    this.ui.build.addEventListener("click", () => void this.build());
    this.ui.cancel.addEventListener("click", () => {
      this.abort.aborted = true;
      this.status("Cancelling…");
    });
    this.ui.conflictReplace.addEventListener("click", () => this.resolveConflict("replace"));
    this.ui.conflictKeep.addEventListener("click", () => this.resolveConflict("keep"));
    this.ui.conflictCancel.addEventListener("click", () => this.resolveConflict("cancel"));
    this.ui.conflict.addEventListener("keydown", (ev) => {
      if (ev.key === "Escape") this.resolveConflict("cancel");
    });
    for (const kind of SHEET_KINDS) byId<HTMLInputElement>(`sheet-${kind}`).addEventListener("change", () => this.updateBuildButton());
    this.ui.optHoldout.addEventListener("change", () => {
      this.ui.optCalibrationEnd.disabled = !this.ui.optHoldout.checked;
    });
    this.updateBuildButton();
    this.status("Select your transactions in the workbook, then click Use selection.");
  }

  // ---- status and errors ----

  private status(text: string): void {
    setText(this.ui.status, text);
  }

  private showError(text: string): void {
    this.ui.error.replaceChildren();
    if (!text) return;
    const box = document.createElement("div");
    box.className = "banner error";
    box.textContent = text;
    this.ui.error.appendChild(box);
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    this.ui.useSelection.disabled = busy;
    this.ui.checkData.disabled = busy;
    for (const role of ROLES) this.selects[role].disabled = busy;
    this.updateBuildButton();
  }

  private updateBuildButton(): void {
    const anySheet = SHEET_KINDS.some((k) => byId<HTMLInputElement>(`sheet-${k}`).checked);
    this.ui.build.disabled = this.busy || !this.checked || this.checked.report.errorCount > 0 || !anySheet;
  }

  private showProgress(p: RenderProgress | undefined): void {
    if (!p) {
      this.ui.progress.hidden = true;
      return;
    }
    this.ui.progress.hidden = false;
    const pct = Math.round(100 * p.fraction);
    this.ui.progressFill.style.width = `${pct}%`;
    this.ui.progressBar.setAttribute("aria-valuenow", String(pct));
    this.ui.progressBar.setAttribute("aria-valuetext", p.message);
    setText(this.ui.progressText, p.message);
  }

  // ---- data ----

  async useSelection(): Promise<void> {
    this.showError("");
    this.setBusy(true);
    this.status("Reading the selection…");
    try {
      const info = await Excel.run((context) => inspectSelection(context));
      this.info = info;
      // New data: the default holdout split is recomputed from its dates.
      this.ui.optCalibrationEnd.value = "";
      this.fillMapping(info);
      this.ui.source.hidden = false;
      this.ui.mapping.hidden = false;
      this.showSource();
    } catch (e) {
      this.showError(describeError(e));
      this.status("");
      this.setBusy(false);
      return;
    }
    this.setBusy(false);
    await this.checkData();
  }

  private fillMapping(info: SelectionInfo): void {
    const { headers, mapping } = info.detection;
    for (const role of ROLES) {
      const select = this.selects[role];
      select.replaceChildren();
      if (!REQUIRED_ROLES.includes(role as (typeof REQUIRED_ROLES)[number])) {
        select.appendChild(new Option("(none)", ""));
      } else if (mapping[role] === undefined) {
        select.appendChild(new Option("(choose a column)", ""));
      }
      headers.forEach((h, c) => {
        const letter = columnLetter(info.left + c);
        const label = h === `Column ${letter}` ? h : `${h} (${letter})`;
        select.appendChild(new Option(label, String(c)));
      });
      select.value = mapping[role] === undefined ? "" : String(mapping[role]);
    }
  }

  private currentMapping(): ColumnMapping {
    const m: ColumnMapping = {};
    for (const role of ROLES) {
      const v = this.selects[role].value;
      if (v !== "") m[role] = Number(v);
    }
    return m;
  }

  private showSource(): void {
    if (!this.info) return;
    const source = sourceOf(this.info, this.info.detection.hasHeader, this.info.detection.headers);
    const rows = source.lastRow - source.firstRow + 1;
    this.ui.source.replaceChildren();
    const strong = document.createElement("strong");
    strong.textContent = describeSource(source);
    this.ui.source.append("Data: ", strong, ` (${formatNumber(rows)} rows${source.headerRow ? ", headers in row " + source.headerRow : ", no header row"})`);
  }

  private mappingChanged(): void {
    this.checked = undefined;
    this.ui.checks.hidden = true;
    this.updateBuildButton();
    void this.checkData();
  }

  async checkData(): Promise<void> {
    if (!this.info || this.busy) return;
    const info = this.info;
    const mapping = this.currentMapping();
    const problems = mappingProblems(mapping, info.detection.headers);
    this.checked = undefined;
    this.showError("");
    if (problems.length > 0) {
      this.ui.checks.hidden = true;
      this.showError(problems.join(" "));
      this.status("");
      this.updateBuildButton();
      return;
    }
    const source = sourceOf(info, info.detection.hasHeader, info.detection.headers);
    this.setBusy(true);
    this.abort = { aborted: false };
    try {
      this.status("Checking the data…");
      const { transactions, report } = await Excel.run((context) =>
        readTransactions(context, source, mapping, {
          signal: this.abort,
          onProgress: (done, total) => this.showProgress({ fraction: done / total, message: `Reading rows: ${formatNumber(done)} of ${formatNumber(total)}` }),
        }),
      );
      this.checked = { source, mapping, transactions, report };
      this.showReport(report);
      this.marginFromCost(transactions, report);
      this.status(report.errorCount > 0 ? "Fix the problems listed, then check again." : `Data checked: ${reportHeadline(report)}.`);
      if (report.firstDate !== undefined && report.lastDate !== undefined && !this.ui.optCalibrationEnd.value) {
        this.ui.optCalibrationEnd.value = isoFromSerial(Math.floor((report.firstDate + report.lastDate) / 2));
      }
    } catch (e) {
      if (e instanceof Cancelled) this.status("Check cancelled: click Check data to read the data again.");
      else {
        this.showError(describeError(e));
        this.status("");
      }
    } finally {
      this.showProgress(undefined);
      this.setBusy(false);
    }
  }

  /** With a cost column, propose the profit margin the data imply: CLV.MARGIN(revenue, cost, TRUE). */
  private marginFromCost(t: Transactions, r: DataReport): void {
    if (!t.cost || r.errorCount > 0 || !(r.revenue > 0)) return;
    let cost = 0;
    for (const c of t.cost) if (Number.isFinite(c)) cost += c;
    const margin = contributionMargin(r.revenue, cost, true);
    if (!(margin >= 0 && margin <= 1)) return;
    this.ui.optMargin.value = (100 * margin).toFixed(1);
    const note = document.createElement("div");
    note.textContent = `Profit margin set to ${(100 * margin).toFixed(1)}% from the cost column (1 − cost / revenue).`;
    this.ui.banner.appendChild(note);
  }

  private showReport(r: DataReport): void {
    this.ui.checks.hidden = false;
    setText(this.ui.statRows, formatNumber(r.transactions));
    setText(this.ui.statCustomers, formatNumber(r.customers));
    setText(this.ui.statDates, r.firstDate !== undefined && r.lastDate !== undefined ? `${isoFromSerial(r.firstDate)} to ${isoFromSerial(r.lastDate)}` : "–");
    setText(this.ui.statRevenue, formatNumber(r.revenue, 2));
    setText(this.ui.statReturns, r.returns > 0 ? `${formatNumber(r.returns)} (${formatNumber(r.returnsValue, 2)})` : "none");
    const banner = this.ui.banner;
    if (r.errorCount > 0) {
      banner.className = "banner error";
      banner.textContent = `${formatNumber(r.errorCount)} problem${r.errorCount === 1 ? "" : "s"} must be fixed before building${r.errorCount > r.problems.length ? ` (the first ${r.problems.length} are listed)` : ""}.`;
    } else if (r.transactions === 0) {
      banner.className = "banner error";
      banner.textContent = "No transactions found in the selection.";
    } else {
      const notes: string[] = [];
      if (r.blankRows > 0) notes.push(`${formatNumber(r.blankRows)} blank row${r.blankRows === 1 ? "" : "s"} skipped`);
      if (r.returns > 0) notes.push(`${formatNumber(r.returns)} return${r.returns === 1 ? "" : "s"} (negative amounts) will be netted within the day`);
      if (r.zeroAmounts > 0) notes.push(`${formatNumber(r.zeroAmounts)} zero amount${r.zeroAmounts === 1 ? "" : "s"}`);
      banner.className = notes.length ? "banner warn" : "banner ok";
      banner.textContent = notes.length ? `Ready to build. Note: ${notes.join("; ")}.` : "Ready to build: no problems found.";
    }
    this.ui.problems.replaceChildren();
    for (const p of r.problems) {
      const li = document.createElement("li");
      li.textContent = `Row ${p.row}, ${p.column}: ${p.message}`;
      this.ui.problems.appendChild(li);
    }
  }

  // ---- options ----

  readOptions(): BuildOptions {
    const num = (input: HTMLInputElement, name: string, min: number, max = Infinity): number => {
      const v = Number(input.value);
      if (input.value.trim() === "" || !Number.isFinite(v) || v < min || v > max) {
        input.focus();
        throw new Error(`${name} must be a number ${max < Infinity ? `from ${min} to ${max}` : `of at least ${min}`}.`);
      }
      return v;
    };
    const cacText = this.ui.optCac.value.trim();
    const calText = this.ui.optCalibrationEnd.value.trim();
    let calibrationEnd: number | undefined;
    if (calText) {
      calibrationEnd = serialFromIso(calText);
      if (Number.isNaN(calibrationEnd)) throw new Error(`"Holdout starts after" is not a date (${calText}).`);
    }
    return {
      ...DEFAULT_OPTIONS,
      valuesOnly: this.ui.optValuesOnly.checked,
      cohortUnit: this.ui.optCohortUnit.value as CohortUnit,
      model: PANE_MODELS.includes(this.ui.optModel.value) ? this.ui.optModel.value : DEFAULT_OPTIONS.model,
      timeUnit: this.ui.optTimeUnit.value as TimeUnit,
      horizon: Math.round(num(this.ui.optHorizon, "CLV horizon (months)", 1, 1200)),
      annualDiscount: num(this.ui.optDiscount, "Annual discount rate", 0, 100) / 100,
      margin: num(this.ui.optMargin, "Profit margin", 0, 100) / 100,
      cac: cacText === "" ? undefined : num(this.ui.optCac, "CAC", 0),
      holdout: this.ui.optHoldout.checked,
      calibrationEnd,
    };
  }

  // ---- building ----

  private askConflict(name: string, suggestion: string): Promise<ConflictChoice> {
    // One question at a time: the progress bar (and its Cancel) comes back with the next step.
    this.showProgress(undefined);
    this.ui.conflict.hidden = false;
    setText(this.ui.conflictText, `A sheet named "${name}" already exists. Replace it (its contents are deleted), keep both (the new sheet is called "${suggestion}"), or cancel?`);
    this.ui.conflictKeep.focus();
    this.status(`Waiting for your choice: "${name}" already exists.`);
    return new Promise((resolve) => {
      this.conflictResolver = resolve;
    });
  }

  private resolveConflict(choice: ConflictChoice): void {
    const resolve = this.conflictResolver;
    if (!resolve) return;
    this.conflictResolver = undefined;
    this.ui.conflict.hidden = true;
    this.ui.build.focus();
    resolve(choice);
  }

  async build(): Promise<void> {
    const checked = this.checked;
    if (!checked || this.busy) return;
    this.showError("");
    let options: BuildOptions;
    try {
      options = this.readOptions();
    } catch (e) {
      this.showError(describeError(e));
      return;
    }
    const kinds = SHEET_KINDS.filter((k) => byId<HTMLInputElement>(`sheet-${k}`).checked);
    this.setBusy(true);
    this.abort = { aborted: false };
    const signal = this.abort;
    this.ui.results.replaceChildren();
    try {
      this.status("Preparing the data…");
      const input: BuildInput = {
        source: checked.source,
        mapping: checked.mapping,
        transactions: checked.transactions,
        ledger: buildDailyLedger({ customer: checked.transactions.customer, day: checked.transactions.date, amount: checked.transactions.amount }),
      };
      // Live sheets need dynamic arrays and payloads Excel accepts; otherwise the sheets are values
      // only and say why (the reason goes on each sheet and into the results list).
      if (!options.valuesOnly && !(await Excel.run((context) => hasDynamicArrays(context)))) {
        options = { ...options, valuesOnly: true, valuesOnlyReason: NO_DYNAMIC_ARRAYS_REASON };
      }
      options = payloadOptions(input, options);
      let data: ModelData | undefined;
      let fits: ModelFits | undefined;
      for (let i = 0; i < kinds.length; i++) {
        const kind = kinds[i];
        const step = (f: number, message: string): void => this.showProgress({ fraction: (i + f) / kinds.length, message });
        if (!data && (kind === "model" || kind === "dashboard")) {
          step(0, "Summarising customers…");
          await new Promise((r) => setTimeout(r, 0));
          data = modelData(input, options);
        }
        const fitFor = async (opts: BuildOptions): Promise<ModelFits | undefined> => {
          if (data && !fits && needsFits(kind, input, opts)) {
            step(0, "Fitting the models…");
            fits = await fitModels(data, opts, { signal, onProgress: (m) => step(0.2, m) });
            await predictAsync(data.summary, fits, opts, { signal, onProgress: (m) => step(0.3, m) });
          }
          return fits;
        };
        await fitFor(options);
        step(0.4, `Planning ${sheetName(kind, options)}…`);
        await new Promise((r) => setTimeout(r, 0));
        // A sheet whose live formulas would exceed Excel's payload is built as values (with fits).
        const plan = await buildSheetWithinPayload(kind, input, options, { data, fits }, fitFor);
        const placed = await this.placeAndRender(plan, signal, (p) => step(0.4 + 0.6 * p.fraction, p.message));
        if (placed === "cancelled") {
          this.status("Build cancelled; sheets already built were kept.");
          return;
        }
        this.addResult(placed, plan);
      }
      this.status(`Done: ${kinds.length} sheet${kinds.length === 1 ? "" : "s"} built.`);
    } catch (e) {
      if (e instanceof Cancelled) this.status("Build cancelled; no partial sheet was left behind.");
      else {
        this.showError(describeError(e));
        this.status("The build stopped.");
      }
    } finally {
      this.showProgress(undefined);
      this.setBusy(false);
    }
  }

  /** Settles the sheet name with the user and renders; returns the name used, or "cancelled". */
  private async placeAndRender(plan: SheetPlan, signal: { aborted: boolean }, onProgress: (p: RenderProgress) => void): Promise<string | "cancelled"> {
    const problem = sheetNameProblem(plan.name);
    if (problem) throw new Error(`Cannot create the sheet: ${problem}.`);
    const names = await Excel.run((context) => workbookNames(context));
    let name = plan.name;
    let replace = false;
    if (names.sheets.some((s) => s.toLowerCase() === name.toLowerCase())) {
      const suggestion = uniqueSheetName(name, names.sheets);
      const choice = await this.askConflict(name, suggestion);
      if (choice === "cancel") return "cancelled";
      if (choice === "keep") name = suggestion;
      else {
        replace = true;
        if (this.checked && this.checked.source.sheet.toLowerCase() === name.toLowerCase()) {
          throw new Error(`"${name}" holds the data being analysed, so it cannot be replaced; choose "Keep both".`);
        }
        if (names.sheets.length === 1) throw new Error(`"${name}" is the only sheet in the workbook, so it cannot be replaced; choose "Keep both".`);
        name = names.sheets.find((s) => s.toLowerCase() === plan.name.toLowerCase()) ?? name;
      }
    }
    this.status(`Building "${name}"…`);
    await Excel.run((context) =>
      renderPlan(context, plan, { sheetName: name, replaceExisting: replace, takenTableNames: names.tables, signal, onProgress }),
    );
    return name;
  }

  private addResult(name: string, plan: SheetPlan): void {
    const li = document.createElement("li");
    const title = document.createElement("strong");
    title.textContent = name;
    li.append("Built ", title);
    if (plan.notes.length > 0) {
      const notes = document.createElement("span");
      notes.className = "notes";
      notes.textContent = plan.notes.join(" ");
      li.appendChild(notes);
    }
    this.ui.results.appendChild(li);
  }
}
