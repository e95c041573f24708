/**
 * `clv case`: per-student workbooks with distinct, reproducible logs, and an answer key that a refit of
 * each student's data (read back from the student's own workbook file) reproduces. The planted effects
 * show in the answers. Every file is opened with LibreOffice Calc headless, which must read the key's
 * numbers as written.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "../../src/cli/main";
import { readXlsx } from "../../src/cli/read";
import { DEFAULT_CASE } from "../../src/cli/case/config";
import { answers, questions } from "../../src/cli/case/answers";
import { simulateStudent, studentSeed } from "../../src/cli/case/simulate";
import { readStoredWorkbook } from "./xlsxCells";
import { SOFFICE, sheetsAsCsv } from "./libreoffice";

const DIR = resolve(__dirname, "..", "..", "test-artifacts", "cli-case");
const STUDENTS = 3;
const CONFIG = DEFAULT_CASE;

async function clv(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const o = vi.spyOn(process.stdout, "write").mockImplementation((c: string | Uint8Array) => ((out += String(c)), true));
  const e = vi.spyOn(process.stderr, "write").mockImplementation((c: string | Uint8Array) => ((err += String(c)), true));
  try {
    return { code: await main(args), out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const files = (dir: string): string[] => [...Array.from({ length: STUDENTS }, (_, i) => join(dir, `student-0${i + 1}.xlsx`)), join(dir, "answer-key.xlsx")];

beforeAll(async () => {
  rmSync(DIR, { recursive: true, force: true });
  const r = await clv("case", "--students", String(STUDENTS), "--seed", "2027", "-o", join(DIR, "a"));
  expect(r.code, r.err).toBe(0);
}, 300_000);

describe("clv case", () => {
  it("writes one workbook per student and the answer key", () => {
    for (const f of files(join(DIR, "a"))) expect(existsSync(f), f).toBe(true);
  });

  it("gives each student a different log, and the same logs again from the same seed", async () => {
    const logs = await Promise.all(files(join(DIR, "a")).slice(0, STUDENTS).map(async (f) => (await readXlsx(f, "Transactions")).rows));
    const fingerprints = logs.map((rows) => JSON.stringify(rows));
    expect(new Set(fingerprints).size).toBe(STUDENTS);
    const again = await clv("case", "--students", String(STUDENTS), "--seed", "2027", "-o", join(DIR, "b"));
    expect(again.code, again.err).toBe(0);
    for (let i = 0; i < STUDENTS + 1; i++) {
      const [x, y] = [files(join(DIR, "a"))[i], files(join(DIR, "b"))[i]];
      const sheetsX = (await readStoredWorkbook(readFileSync(x))).sheets;
      const sheetsY = (await readStoredWorkbook(readFileSync(y))).sheets;
      expect(JSON.stringify([...sheetsX].map(([n, m]) => [n, [...m]]))).toBe(JSON.stringify([...sheetsY].map(([n, m]) => [n, [...m]])));
    }
    // a different class seed gives different students
    expect(studentSeed(2027, 1)).not.toBe(studentSeed(2028, 1));
    expect(studentSeed(2027, 1)).not.toBe(studentSeed(2027, 2));
  }, 300_000);

  it("has an answer key that a refit of each student's workbook reproduces", async () => {
    const qs = questions(CONFIG);
    const key = (await readStoredWorkbook(readFileSync(join(DIR, "a", "answer-key.xlsx")))).sheets.get("Answers")!;
    const header = Array.from({ length: qs.length + 2 }, (_, c) => key.get(`${String.fromCharCode(65 + c)}1`)!.value);
    expect(header).toEqual(["Student", "Seed", ...qs.map((q) => q.key)]);
    for (let i = 0; i < STUDENTS; i++) {
      // The student's data as the student's file holds it, refitted from scratch.
      const table = await readXlsx(files(join(DIR, "a"))[i], "Transactions");
      const refit = answers(CONFIG, table);
      qs.forEach((q, k) => {
        const stored = key.get(`${String.fromCharCode(67 + k)}${i + 2}`)?.value;
        const want = refit[q.key];
        if (typeof want === "number") expect(stored as number, `${q.key} of student ${i + 1}`).toBeCloseTo(want, 9);
        else expect(stored, `${q.key} of student ${i + 1}`).toBe(want);
      });
    }
  }, 300_000);

  it.each([1, 2, 3])("plants its effects in student %i: the segment buys more, the channel costs more, returns, the cohort churns", (i) => {
    const e = CONFIG.effects;
    const s = simulateStudent(CONFIG, 2027, i);
    const a = answers(CONFIG, s.table);
    // λ × 2.5 shows as a smaller ratio of purchase days (drop-out and the first purchase count for both
    // groups), and a few hundred customers per student make that ratio noisy
    expect(a[`purchase_days_${e.segment.name}`] as number).toBeGreaterThan(1.25 * (a[`purchase_days_${e.segment.other}`] as number));
    expect(a[`cost_share_${e.channel.name}`] as number).toBeCloseTo(e.channel.costShare, 1);
    expect(a[`cost_share_${e.channel.other}`] as number).toBeCloseTo(e.channel.otherCostShare, 1);
    expect(a.returns as number).toBeGreaterThan(0);
    // about rate × purchases returns: 6 % of the purchase rows, within a wide band
    const purchases = s.table.rows.slice(1).filter((r) => (r[3] as number) > 0).length;
    expect((a.returns as number) / purchases).toBeGreaterThan(0.03);
    expect((a.returns as number) / purchases).toBeLessThan(0.09);
    expect(a.weakest_cohort).toBe("2025-03");
  });

  it("refuses bad options and a bad config with exit code 2, and never overwrites without --force", async () => {
    expect((await clv("case", "--students", "0")).code).toBe(2);
    const bad = join(DIR, "bad.json");
    writeFileSync(bad, JSON.stringify({ effects: { returns: { rate: 0.9 } } }));
    const r = await clv("case", "--config", bad, "-o", join(DIR, "c"));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/effects.returns.rate is 0.9/);
    writeFileSync(bad, JSON.stringify({ effect: {} }));
    expect((await clv("case", "--config", bad, "-o", join(DIR, "c"))).err).toMatch(/unknown setting effect/);
    const again = await clv("case", "--students", String(STUDENTS), "--seed", "2027", "-o", join(DIR, "a"));
    expect(again.code).toBe(2);
    expect(again.err).toMatch(/--force/);
    const printed = await clv("case", "--print-config");
    expect(JSON.parse(printed.out)).toEqual(DEFAULT_CASE);
  });
});

describe.skipIf(!SOFFICE)("the case workbooks in LibreOffice Calc", () => {
  it("opens every workbook; the key's numbers read as written", async () => {
    for (const f of files(join(DIR, "a"))) {
      const csv = sheetsAsCsv(f, join(DIR, "csv"));
      expect(csv.size).toBeGreaterThan(1);
    }
    const csv = sheetsAsCsv(join(DIR, "a", "answer-key.xlsx"), join(DIR, "csv"));
    const rows = csv.get("Answers")!;
    const stored = (await readStoredWorkbook(readFileSync(join(DIR, "a", "answer-key.xlsx")))).sheets.get("Answers")!;
    expect(rows[1][0]).toBe("student-01");
    // customers (C) and the BG/NBD r (M) of student 1, as LibreOffice shows them (formatted)
    expect(Number(rows[1][2].replace(/,/g, ""))).toBe(stored.get("C2")!.value);
    expect(Number(rows[1][12])).toBeCloseTo(stored.get("M2")!.value as number, 4);
  }, 300_000);
});
