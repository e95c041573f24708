/**
 * Sheet plans: what a builder wants on a new worksheet, as plain data.
 *
 * Builders (src/taskpane/builders) are pure functions from transactions and options to a plan; the
 * renderer (render.ts) is the only code that talks to Office.js. Keeping the plan plain data lets the
 * builders be unit-tested without Excel and lets the renderer batch everything in a few syncs.
 *
 * Coordinates are 1-based (row 1 / column 1 = A1) and always refer to the plan's own sheet. Formulas
 * are A1 text as typed in the formula bar (English function names, comma separators), so references to
 * other sheets (the data) are spelled out inside the formula text.
 */
import { widestRow } from "../core/data/cells";

/** A value written to a cell. Text is always written as text (the renderer guards leading "=" etc.). */
export type Cell = string | number | boolean;

/** A rectangle on the plan's sheet. */
export interface Area {
  readonly row: number;
  readonly column: number;
  readonly rows: number;
  readonly columns: number;
}

/**
 * Cells written at `row`/`column`.
 * - "values": static values. Text is never interpreted as a formula.
 * - "formulas": each cell is a formula ("=...") or a constant. A formula that returns an array spills
 *   from its cell; `spill` records the size the builder expects (computed by the core), so that
 *   formats and charts can cover it and tests can check it.
 */
export interface Write {
  readonly kind: "values" | "formulas";
  readonly row: number;
  readonly column: number;
  readonly cells: readonly (readonly Cell[])[];
  readonly spill?: { readonly rows: number; readonly columns: number };
  /** what the block is, for progress messages and tests (e.g. "retention matrix") */
  readonly label?: string;
  /**
   * The number of cells in `cells`, where it is known without reading them: a plan received from the
   * planning worker materialises a large block's cells only when the renderer reads them (transfer.ts).
   */
  readonly cellCount?: number;
}

export type HorizontalAlignment = "Left" | "Center" | "Right";

/** Formatting of an area. Every property is optional; absent ones are left alone. */
export interface Format {
  readonly area: Area;
  readonly numberFormat?: string;
  readonly bold?: boolean;
  readonly italic?: boolean;
  readonly fontSize?: number;
  readonly fontColor?: string;
  readonly fill?: string;
  readonly horizontalAlignment?: HorizontalAlignment;
  readonly wrapText?: boolean;
  /** a thin line under the area (header rows) */
  readonly bottomBorder?: string;
}

/** Conditional formats the plans use: a heat map (2- or 3-colour scale) or data bars. */
export type ConditionalFormat =
  | {
      readonly type: "colorScale";
      readonly area: Area;
      /** colours for the lowest value, (optional) the 50th percentile, and the highest value */
      readonly low: string;
      readonly mid?: string;
      readonly high: string;
    }
  | { readonly type: "dataBar"; readonly area: Area; readonly color: string };

/** An Excel table over static values (spilled formulas cannot live inside a table). */
export interface TableSpec {
  /** header row included */
  readonly area: Area;
  /** a base name; the renderer makes it unique in the workbook */
  readonly name: string;
  readonly style: string;
}

export type ChartType = "Line" | "LineMarkers" | "ColumnClustered" | "BarClustered" | "Pie" | "Doughnut" | "XYScatter" | "Area";

export interface ChartSeries {
  readonly name: string;
  readonly values: Area;
  /** category (x axis) labels or x values */
  readonly categories?: Area;
}

export interface ChartSpec {
  readonly type: ChartType;
  readonly title: string;
  readonly series: readonly ChartSeries[];
  /** the cells the chart covers */
  readonly position: Area;
  readonly xTitle?: string;
  readonly yTitle?: string;
  /** number format of the value axis, e.g. "0%" */
  readonly valueFormat?: string;
  /** number format of numeric category labels, e.g. "#,##0" (otherwise the cells' own format) */
  readonly categoryFormat?: string;
  readonly legend?: "Bottom" | "Right" | "Top" | "None";
  /** list categories top-down in bar charts (Excel draws the first category at the bottom) */
  readonly reverseCategories?: boolean;
  /** series colours, in series order (optional) */
  readonly colors?: readonly string[];
}

export type PlanKind = "cohorts" | "rfm" | "model" | "dashboard" | "decisions" | "modelCheck";

export interface SheetPlan {
  readonly kind: PlanKind;
  /** the sheet name wanted; the pane asks before touching an existing sheet of that name */
  readonly name: string;
  readonly tabColor?: string;
  readonly writes: readonly Write[];
  readonly formats: readonly Format[];
  readonly conditionalFormats: readonly ConditionalFormat[];
  readonly tables: readonly TableSpec[];
  readonly charts: readonly ChartSpec[];
  /** column widths in points, by column number */
  readonly columnWidths: Readonly<Record<number, number>>;
  readonly freeze?: { readonly rows: number; readonly columns: number };
  /** what the user should know about this sheet (written nowhere; shown in the pane) */
  readonly notes: readonly string[];
}

/** The number of cells a plan writes (for progress and chunking). */
export function planCellCount(plan: SheetPlan): number {
  let n = 0;
  for (const w of plan.writes) {
    if (w.cellCount !== undefined) n += w.cellCount;
    else for (const r of w.cells) n += r.length;
  }
  return n;
}

export function area(row: number, column: number, rows = 1, columns = 1): Area {
  return { row, column, rows, columns };
}

/**
 * A mutable helper the builders use to assemble a plan.
 */
export class PlanDraft {
  readonly writes: Write[] = [];
  readonly formats: Format[] = [];
  readonly conditionalFormats: ConditionalFormat[] = [];
  readonly tables: TableSpec[] = [];
  readonly charts: ChartSpec[] = [];
  readonly columnWidths: Record<number, number> = {};
  readonly notes: string[] = [];
  freeze?: { rows: number; columns: number };

  constructor(
    readonly kind: PlanKind,
    readonly name: string,
    readonly tabColor?: string,
  ) {}

  /** Static values at row/column. Returns the area written. */
  values(row: number, column: number, cells: readonly (readonly Cell[])[], label?: string): Area {
    if (cells.length === 0) return area(row, column, 0, 0);
    this.writes.push({ kind: "values", row, column, cells, label });
    return area(row, column, cells.length, widestRow(cells));
  }

  /** One formula in one cell, spilling over `spillRows` x `spillColumns` (1 x 1 when it does not spill). */
  formula(row: number, column: number, formula: string, spillRows = 1, spillColumns = 1, label?: string): Area {
    const spill = spillRows > 1 || spillColumns > 1 ? { rows: spillRows, columns: spillColumns } : undefined;
    this.writes.push({ kind: "formulas", row, column, cells: [[formula]], spill, label });
    return area(row, column, Math.max(1, spillRows), Math.max(1, spillColumns));
  }

  /** A block of formulas (and constants), one per cell. */
  formulas(row: number, column: number, cells: readonly (readonly Cell[])[], label?: string): Area {
    if (cells.length === 0) return area(row, column, 0, 0);
    this.writes.push({ kind: "formulas", row, column, cells, label });
    return area(row, column, cells.length, widestRow(cells));
  }

  format(f: Format): void {
    if (f.area.rows > 0 && f.area.columns > 0) this.formats.push(f);
  }

  conditional(c: ConditionalFormat): void {
    if (c.area.rows > 0 && c.area.columns > 0) this.conditionalFormats.push(c);
  }

  table(t: TableSpec): void {
    this.tables.push(t);
  }

  chart(c: ChartSpec): void {
    this.charts.push(c);
  }

  width(column: number, points: number): void {
    this.columnWidths[column] = points;
  }

  note(text: string): void {
    this.notes.push(text);
  }

  done(): SheetPlan {
    return {
      kind: this.kind,
      name: this.name,
      tabColor: this.tabColor,
      writes: this.writes,
      formats: this.formats,
      conditionalFormats: this.conditionalFormats,
      tables: this.tables,
      charts: this.charts,
      columnWidths: this.columnWidths,
      freeze: this.freeze,
      notes: this.notes,
    };
  }
}
