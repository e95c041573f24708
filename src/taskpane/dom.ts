/**
 * The page's elements (taskpane.html) and small DOM helpers. Text from the workbook or the user is
 * always set with `textContent`, never parsed as markup.
 */
import type { Role } from "./columns";
import { ROLES } from "./columns";

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`task pane element #${id} is missing`);
  return el as T;
}

export function setText(el: HTMLElement, text: string): void {
  el.textContent = text;
}

export function formatNumber(n: number, digits = 0): string {
  return n.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** Every element the controller uses, looked up once. */
export function paneElements() {
  return {
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
}

export type PaneElements = ReturnType<typeof paneElements>;

/** The column-mapping drop-downs, one per role. */
export function mappingSelects(): Record<Role, HTMLSelectElement> {
  return Object.fromEntries(ROLES.map((role) => [role, byId<HTMLSelectElement>(`map-${role}`)])) as Record<Role, HTMLSelectElement>;
}
