/**
 * Reading the user's data from the workbook: the current selection or the Excel table it lies in.
 *
 * Limits (notes/office-addin.md): Excel on the web refuses responses above about 5 MB, and a single read
 * may return at most 5 million cells. The data are therefore read in row chunks of at most
 * `maxCellsPerRead` cells and `maxBytesPerRead` bytes, and only the columns between the first and last
 * mapped column, so a million-row log of three columns takes about 20 round trips and never one giant
 * payload, and a log with long text cells takes more, smaller reads.
 */
import { detectColumns, type ColumnMapping, type Detection } from "./columns";
import { TransactionParser, type DataReport, type DataSource, type Transactions } from "./dataset";
import { Cancelled, type CancelSignal } from "../runtime/scheduling";

/** Rows read for column detection (header plus a sample). */
export const SAMPLE_ROWS = 201;
export const DEFAULT_MAX_CELLS_PER_READ = 150_000;

export const MULTI_AREA_MESSAGE =
  "The selection has several areas (or is not a block of cells). Select one block of cells (your transactions, or one cell inside their table) and try again.";

/** A selection as the pane sees it: where the block is, its first rows and the proposed mapping. */
export interface SelectionInfo {
  readonly sheet: string;
  readonly table?: string;
  /** 1-based sheet row/column of the block's top-left cell (header row included) */
  readonly top: number;
  readonly left: number;
  readonly rows: number;
  readonly columns: number;
  /** the first rows of the block (header included) */
  readonly sample: readonly (readonly unknown[])[];
  readonly detection: Detection;
}

/** Where the data rows are, given whether the first row is a header row. */
export function sourceOf(info: SelectionInfo, hasHeader: boolean, headers: readonly string[]): DataSource {
  return {
    sheet: info.sheet,
    table: info.table,
    headerRow: hasHeader ? info.top : undefined,
    firstRow: hasHeader ? info.top + 1 : info.top,
    lastRow: info.top + info.rows - 1,
    firstColumn: info.left,
    headers,
  };
}

/**
 * Looks at the current selection: a cell inside a table means the table; a single cell means the
 * region around it; a whole-column selection is cut to the used range. Throws an Error with a message
 * for the user when there is nothing to read.
 */
export async function inspectSelection(context: Excel.RequestContext): Promise<SelectionInfo> {
  let selected: Excel.Range;
  let tables: Excel.TableScopedCollection;
  try {
    selected = context.workbook.getSelectedRange();
    selected.load("address,rowCount,columnCount,cellCount");
    tables = selected.getTables(false);
    tables.load("items/name");
    await context.sync();
  } catch (e) {
    // getSelectedRange throws InvalidSelection when several areas are selected (Ctrl+click) or when
    // the selection is not cells (a chart or a shape).
    if ((e as { code?: unknown })?.code === "InvalidSelection") throw new Error(MULTI_AREA_MESSAGE);
    throw e;
  }

  let block: Excel.Range;
  let tableName: string | undefined;
  let tableHasHeaders = true;
  /** A table's totals row is part of its range but is not data. */
  let totalsRows = 0;
  if (tables.items.length === 1) {
    const table = tables.items[0];
    table.load("name,showHeaders,showTotals");
    block = table.getRange();
    await context.sync();
    tableName = table.name;
    tableHasHeaders = table.showHeaders;
    totalsRows = table.showTotals ? 1 : 0;
  } else if (tables.items.length > 1) {
    throw new Error("The selection touches more than one Excel table. Click a cell inside the table that holds your transactions.");
  } else if (selected.cellCount === 1) {
    block = selected.getSurroundingRegion();
  } else {
    const sheet = selected.worksheet;
    block = selected.getIntersectionOrNullObject(sheet.getUsedRange(true));
  }
  block.load("isNullObject,rowIndex,columnIndex,rowCount,columnCount");
  block.worksheet.load("name");
  await context.sync();
  const blockRows = block.isNullObject ? 0 : block.rowCount - totalsRows;
  if (block.isNullObject || blockRows <= 0) {
    throw new Error("The selection is empty. Select your transactions (customer, date and amount columns) and try again.");
  }
  if (block.columnCount < 3) {
    throw new Error(
      `The selection has ${block.columnCount} column${block.columnCount === 1 ? "" : "s"}; transactions need at least three (customer, date, amount). Select the whole table or click a cell inside it.`,
    );
  }
  const sampleRows = Math.min(blockRows, SAMPLE_ROWS);
  const sampleRange = block.worksheet.getRangeByIndexes(block.rowIndex, block.columnIndex, sampleRows, block.columnCount);
  sampleRange.load("values");
  await context.sync();
  const sample = sampleRange.values;
  const detection = tableName && tableHasHeaders ? { ...detectColumns(sample, block.columnIndex + 1), hasHeader: true } : detectColumns(sample, block.columnIndex + 1);
  return {
    sheet: block.worksheet.name,
    table: tableName,
    top: block.rowIndex + 1,
    left: block.columnIndex + 1,
    rows: blockRows,
    columns: block.columnCount,
    sample,
    detection,
  };
}

export interface ReadOptions {
  readonly maxCellsPerRead?: number;
  /** bytes one read may return (Excel on the web refuses responses above 5 MB) */
  readonly maxBytesPerRead?: number;
  readonly signal?: CancelSignal;
  readonly onProgress?: (rowsRead: number, totalRows: number) => void;
}

/**
 * Bytes one read may return: well under Excel on the web's 5 MB response limit ("Excel on the web
 * has a payload size limit for requests and responses of 5MB": resource-limits-and-performance-
 * optimization.md), since the exact encoding of a cell in the response is not documented.
 */
export const DEFAULT_MAX_BYTES_PER_READ = 2_000_000;
/** Bytes per cell assumed before the first chunk has shown how wide the rows really are. */
const FIRST_GUESS_CELL_BYTES = 32;

/** The JSON size of one cell as a response carries it (a rough, slightly generous measure). */
export function cellJsonBytes(v: unknown): number {
  if (typeof v === "number") return 24;
  if (typeof v === "string") return v.length + 3;
  if (typeof v === "boolean") return 6;
  return 3;
}

/**
 * Reads and parses every data row of `source`, in chunks. Only columns from the first to the last
 * mapped one are fetched. A chunk is limited by cells (`maxCellsPerRead`) and by bytes: its rows are
 * sized from the widest row seen so far, and a read that Excel still refuses as too large
 * (ResponsePayloadSizeLimitExceeded, e.g. one very long text further down) is retried with half the rows.
 */
export async function readTransactions(
  context: Excel.RequestContext,
  source: DataSource,
  mapping: ColumnMapping,
  options: ReadOptions = {},
): Promise<{ transactions: Transactions; report: DataReport }> {
  const used = Object.values(mapping).filter((c): c is number => c !== undefined);
  let lo = Infinity;
  let hi = -Infinity;
  for (const c of used) {
    if (c < lo) lo = c;
    if (c > hi) hi = c;
  }
  const width = hi - lo + 1;
  const shifted: ColumnMapping = {};
  for (const [role, c] of Object.entries(mapping) as [keyof ColumnMapping, number | undefined][]) {
    if (c !== undefined) shifted[role] = c - lo;
  }
  const parser = new TransactionParser(shifted, source.headers.slice(lo, hi + 1));
  const sheet = context.workbook.worksheets.getItem(source.sheet);
  const total = source.lastRow - source.firstRow + 1;
  const cellStep = Math.max(1, Math.floor((options.maxCellsPerRead ?? DEFAULT_MAX_CELLS_PER_READ) / width));
  const maxBytes = options.maxBytesPerRead ?? DEFAULT_MAX_BYTES_PER_READ;
  let rowBytes = width * FIRST_GUESS_CELL_BYTES;
  let start = 0;
  while (start < total) {
    if (options.signal?.aborted) throw new Cancelled("The build was cancelled; no sheet was left behind.");
    let n = Math.min(cellStep, Math.max(1, Math.floor(maxBytes / rowBytes)), total - start);
    let values: unknown[][];
    for (;;) {
      const range = sheet.getRangeByIndexes(source.firstRow - 1 + start, source.firstColumn - 1 + lo, n, width);
      range.load("values");
      try {
        await context.sync();
        values = range.values;
        break;
      } catch (e) {
        if ((e as { code?: unknown })?.code !== "ResponsePayloadSizeLimitExceeded" || n === 1) throw e;
        n = Math.max(1, Math.floor(n / 2));
      }
    }
    // The widest row so far sizes the next chunk.
    for (const row of values) {
      let b = 2;
      for (const v of row) b += cellJsonBytes(v);
      if (b > rowBytes) rowBytes = b;
    }
    parser.add(values, source.firstRow + start);
    start += n;
    options.onProgress?.(start, total);
  }
  return parser.finish();
}
