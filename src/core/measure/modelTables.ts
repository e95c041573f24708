/**
 * Several model tables in one range: the fitted tables a student places side by side (or one under
 * another) to compare them. A table starts at a cell whose text is "model" with a model name to its
 * right (the first row every *.FIT table writes, DESIGN §3); it runs down to the next such cell in the
 * same column and right to the next table's column (at most three columns: label, estimate, s.e.).
 */

const LABEL = "model";

function isModelLabel(v: unknown): boolean {
  return typeof v === "string" && v.trim().toLowerCase() === LABEL;
}

function isName(v: unknown): boolean {
  return typeof v === "string" && v.trim() !== "";
}

/** The sub-ranges of `range` that hold one model table each, in reading order (left to right, top down). */
export function splitModelTables(range: readonly (readonly unknown[])[]): unknown[][][] {
  const starts: { row: number; col: number }[] = [];
  range.forEach((row, r) => {
    row.forEach((cell, c) => {
      if (isModelLabel(cell) && isName(row[c + 1])) starts.push({ row: r, col: c });
    });
  });
  starts.sort((a, b) => a.col - b.col || a.row - b.row);
  return starts.map(({ row, col }) => {
    let end = range.length;
    for (const s of starts) if (s.col === col && s.row > row && s.row < end) end = s.row;
    let right = col + 3;
    for (const s of starts) if (s.col > col && s.col < right && s.row < end && s.row >= row - 0) right = Math.min(right, s.col);
    const out: unknown[][] = [];
    for (let r = row; r < end; r++) out.push(range[r].slice(col, right));
    return out;
  });
}
