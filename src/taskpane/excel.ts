/**
 * Reading the user's data from the workbook: the current selection or the Excel table it lies in.
 *
 * Limits (notes/office-addin.md): Excel on the web refuses responses above about 5 MB, and a single read
 * may return at most 5 million cells. The data are therefore read in row chunks of at most
 * `maxCellsPerRead` cells, and only the columns between the first and last mapped column, so a
 * million-row log of three columns takes about 20 round trips and never one giant payload.
 */
import { detectColumns, type ColumnMapping, type Detection } from "./columns";
import { TransactionParser, type DataReport, type DataSource, type Transactions } from "./dataset";
import { BuildCancelled, type RenderSignal } from "./render";

/** Rows read for column detection (header plus a sample). */
export const SAMPLE_ROWS = 201;
export const DEFAULT_MAX_CELLS_PER_READ = 150_000;

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
  const selected = context.workbook.getSelectedRange();
  selected.load("address,rowCount,columnCount,cellCount");
  const tables = selected.getTables(false);
  tables.load("items/name");
  await context.sync();

  let block: Excel.Range;
  let tableName: string | undefined;
  let tableHasHeaders = true;
  if (tables.items.length === 1) {
    const table = tables.items[0];
    table.load("name,showHeaders");
    block = table.getRange();
    await context.sync();
    tableName = table.name;
    tableHasHeaders = table.showHeaders;
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
  if (block.isNullObject || block.rowCount === 0) {
    throw new Error("The selection is empty. Select your transactions (customer, date and amount columns) and try again.");
  }
  if (block.columnCount < 3) {
    throw new Error(
      `The selection has ${block.columnCount} column${block.columnCount === 1 ? "" : "s"}; transactions need at least three (customer, date, amount). Select the whole table or click a cell inside it.`,
    );
  }
  const sampleRows = Math.min(block.rowCount, SAMPLE_ROWS);
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
    rows: block.rowCount,
    columns: block.columnCount,
    sample,
    detection,
  };
}

export interface ReadOptions {
  readonly maxCellsPerRead?: number;
  readonly signal?: RenderSignal;
  readonly onProgress?: (rowsRead: number, totalRows: number) => void;
}

/**
 * Reads and parses every data row of `source`, in chunks. Only columns from the first to the last
 * mapped one are fetched.
 */
export async function readTransactions(
  context: Excel.RequestContext,
  source: DataSource,
  mapping: ColumnMapping,
  options: ReadOptions = {},
): Promise<{ transactions: Transactions; report: DataReport }> {
  const used = Object.values(mapping).filter((c): c is number => c !== undefined);
  const lo = Math.min(...used);
  const hi = Math.max(...used);
  const width = hi - lo + 1;
  const shifted: ColumnMapping = {};
  for (const [role, c] of Object.entries(mapping) as [keyof ColumnMapping, number | undefined][]) {
    if (c !== undefined) shifted[role] = c - lo;
  }
  const parser = new TransactionParser(shifted, source.headers.slice(lo, hi + 1));
  const sheet = context.workbook.worksheets.getItem(source.sheet);
  const total = source.lastRow - source.firstRow + 1;
  const step = Math.max(1, Math.floor((options.maxCellsPerRead ?? DEFAULT_MAX_CELLS_PER_READ) / width));
  for (let start = 0; start < total; start += step) {
    if (options.signal?.aborted) throw new BuildCancelled();
    const n = Math.min(step, total - start);
    const range = sheet.getRangeByIndexes(source.firstRow - 1 + start, source.firstColumn - 1 + lo, n, width);
    range.load("values");
    await context.sync();
    parser.add(range.values, source.firstRow + start);
    options.onProgress?.(start + n, total);
  }
  return parser.finish();
}
