/**
 * The repository's own reference material: the public data sets in samples/ (see samples/SOURCES.md)
 * and the published figures in test/fixtures/published.json (see test/fixtures/SOURCES.md). Both are
 * committed, so every published-figure test runs in any clone.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";

const ROOT = resolve(__dirname, "..", "..");
export const SAMPLES_DIR = resolve(ROOT, "samples");

export function samplePath(file: string): string {
  return resolve(SAMPLES_DIR, file);
}

function readSample(file: string): string {
  return readFileSync(samplePath(file), "utf8");
}

/** test/fixtures/published.json: nested figures; each test names the figure it reads and its source. */
export function published(): any {
  return JSON.parse(readFileSync(resolve(ROOT, "test", "fixtures", "published.json"), "utf8"));
}

/** Rows of a CSV file of samples/ with a header line, as objects of numbers where the text is numeric. */
export function readSampleCsv(file: string): Record<string, number | string>[] {
  const [header, ...lines] = readSample(file).trim().split(/\r?\n/);
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

/** samples/CDNOW_sample.txt as columns (see samples/SOURCES.md for the format). */
export function readCdnowTransactions(): { customer: string[]; date: string[]; amount: number[] } {
  const customer: string[] = [];
  const date: string[] = [];
  const amount: number[] = [];
  for (const line of readSample("CDNOW_sample.txt").split(/\r?\n/)) {
    const f = line.trim().split(/\s+/);
    if (f.length < 5) continue;
    customer.push(String(Number(f[1])));
    date.push(`${f[2].slice(0, 4)}-${f[2].slice(4, 6)}-${f[2].slice(6, 8)}`);
    amount.push(Number(f[4]));
  }
  return { customer, date, amount };
}
