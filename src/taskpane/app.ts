/**
 * The task pane's controller: wires the page (taskpane.html) to Excel, the builders and the renderer.
 *
 * Flow: "Use selection" inspects the selection and proposes a column mapping; the data are then read
 * in chunks and checked (counts, date range, returns, problems with their rows). "Build sheets" builds
 * one plan per chosen sheet, asks before touching an existing sheet of the same name, and renders the
 * plan with progress and a Cancel button.
 *
 * Every value shown comes from the workbook or from the user, so it is set with `textContent` (never
 * `innerHTML`). The page's elements are in dom.ts, the options form in options.ts, the name-conflict
 * question in conflict.ts and the build itself in buildRun.ts.
 */
import { ROLES, REQUIRED_ROLES, mappingProblems, type ColumnMapping } from "./columns";
import { columnLetter } from "./a1";
import { describeSource, reportHeadline, type DataReport, type Transactions } from "./dataset";
import { inspectSelection, readTransactions, sourceOf, type SelectionInfo } from "./excel";
import type { RenderProgress } from "./render";
import { Cancelled } from "../runtime/scheduling";
import { DEFAULT_OPTIONS, PANE_MODELS, SHEET_KINDS, type BuildOptions } from "./builders/types";
import { contributionMargin } from "../core/economics/unitEconomics";
import { isoFromSerial } from "../core/data/dates";
import type { SheetPlan } from "./plan";
import { byId, formatNumber, mappingSelects, paneElements, setText } from "./dom";
import { readOptions } from "./options";
import { ConflictDialog } from "./conflict";
import { MODEL_FAILURE_HINT, runBuild, type CheckedData } from "./buildRun";
import { timed } from "./timing";

import pkg from "../../package.json";

/** The add-in's name (as in manifest.xml) and version (package.json), shown in the header. */
export const ADDIN_NAME = "CLV for Excel";
export const ADDIN_VERSION: string = pkg.version;

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

export class TaskPaneApp {
  private info?: SelectionInfo;
  private checked?: CheckedData;
  private busy = false;
  private abort = { aborted: false };

  private readonly ui = paneElements();
  private readonly selects = mappingSelects();
  private readonly conflict = new ConflictDialog(this.ui);

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
      const { transactions, report } = await timed("read", () =>
        Excel.run((context) =>
          readTransactions(context, source, mapping, {
            signal: this.abort,
            onProgress: (done, total) => this.showProgress({ fraction: done / total, message: `Reading rows: ${formatNumber(done)} of ${formatNumber(total)}` }),
          }),
        ),
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
    note.textContent = `Contribution margin set to ${(100 * margin).toFixed(1)}% from the cost column (1 − cost / revenue).`;
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

  // ---- building ----

  async build(): Promise<void> {
    const checked = this.checked;
    if (!checked || this.busy) return;
    this.showError("");
    let options: BuildOptions;
    try {
      options = readOptions(this.ui);
    } catch (e) {
      this.showError(describeError(e));
      return;
    }
    const kinds = SHEET_KINDS.filter((k) => byId<HTMLInputElement>(`sheet-${k}`).checked);
    this.setBusy(true);
    this.abort = { aborted: false };
    this.ui.results.replaceChildren();
    const failed: string[] = [];
    try {
      const outcome = await runBuild(checked, options, kinds, {
        signal: this.abort,
        progress: (p) => this.showProgress(p),
        status: (text) => this.status(text),
        askConflict: (name, suggestion) => {
          // One question at a time: the progress bar (and its Cancel) comes back with the next step.
          this.showProgress(undefined);
          this.status(`Waiting for your choice: "${name}" already exists.`);
          return this.conflict.ask(name, suggestion);
        },
        built: (name, plan) => this.addResult(name, plan),
        failed: (name, error, modelFit) => {
          const why = modelFit ? `${describeError(error)} ${MODEL_FAILURE_HINT}` : describeError(error);
          failed.push(name);
          this.addFailure(name, why);
          if (failed.length === 1) this.showError(`${name} was not built: ${why}`);
        },
      });
      if (outcome === "cancelled") {
        this.status("Build cancelled; sheets already built were kept.");
        return;
      }
      const built = kinds.length - failed.length;
      this.status(
        failed.length === 0
          ? `Done: ${kinds.length} sheet${kinds.length === 1 ? "" : "s"} built.`
          : `Done: ${built} of ${kinds.length} sheets built; not built: ${failed.join(", ")} (the reasons are listed below).`,
      );
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

  /** A sheet that could not be built, with the reason, in the results list. */
  private addFailure(name: string, why: string): void {
    const li = document.createElement("li");
    const title = document.createElement("strong");
    title.textContent = name;
    li.append("Not built: ", title);
    const reason = document.createElement("span");
    reason.className = "notes";
    reason.textContent = why;
    li.appendChild(reason);
    this.ui.results.appendChild(li);
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
