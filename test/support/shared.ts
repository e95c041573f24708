/**
 * Access to the published reference figures and data in ../shared (relative to the repo root).
 * The files are never committed; tests that need them skip with a clear message when ../shared is
 * absent, and only then.
 */
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";

export const SHARED_DIR = resolve(__dirname, "..", "..", "..", "shared");
export const HAS_SHARED = existsSync(resolve(SHARED_DIR, "reference", "published.json"));
export const SHARED_SKIP_REASON = `../shared not found at ${SHARED_DIR}: published-figure tests skipped`;

if (!HAS_SHARED) {
  // Say it once, loudly, so a skipped suite is never mistaken for a passing one.
  console.warn(SHARED_SKIP_REASON);
}

export function sharedPath(...parts: string[]): string {
  return resolve(SHARED_DIR, ...parts);
}

export function readShared(...parts: string[]): string {
  return readFileSync(sharedPath(...parts), "utf8");
}

 
export function published(): any {
  return JSON.parse(readShared("reference", "published.json"));
}

/** Rows of a CSV file with a header line, as objects of numbers where the text is numeric. */
export function readSharedCsv(...parts: string[]): Record<string, number | string>[] {
  const [header, ...lines] = readShared(...parts).trim().split(/\r?\n/);
  const names = header.split(",");
  return lines.map((line) => {
    const cells = line.split(",");
    const row: Record<string, number | string> = {};
    names.forEach((n, i) => {
      const v = cells[i];
      row[n] = v !== undefined && v !== "" && !Number.isNaN(Number(v)) ? Number(v) : v;
    });
    return row;
  });
}

/** CDNOW_sample.txt as columns (see ../shared/data/SOURCES.md for the format). */
export function readCdnowTransactions(): { customer: string[]; date: string[]; amount: number[] } {
  const customer: string[] = [];
  const date: string[] = [];
  const amount: number[] = [];
  for (const line of readShared("data", "CDNOW_sample.txt").split(/\r?\n/)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 5) continue;
    customer.push(String(Number(f[1])));
    date.push(`${f[2].slice(0, 4)}-${f[2].slice(4, 6)}-${f[2].slice(6, 8)}`);
    amount.push(Number(f[4]));
  }
  return { customer, date, amount };
}
