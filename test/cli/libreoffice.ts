/**
 * LibreOffice Calc, headless, for the CLI tests: converts workbooks to CSV (one file per sheet) and
 * renders a sheet to PDF. Each run gets its own user profile (-env:UserInstallation), so parallel runs
 * never share a profile lock, and a hang guard (spawnSync timeout) kills a stuck soffice.
 *
 * The profile sets "recalculation on load: never" for OOXML files, so plain formulas keep the cached
 * values the writer stored. LibreOffice still computes array formulas (the dynamic-array spills) on
 * load whatever that setting says, and it has no CLV.* functions: those cells show #NAME?.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { pathToFileURL } from "node:url";

function findSoffice(): string | undefined {
  for (const p of ["/usr/bin/soffice", "/usr/lib/libreoffice/program/soffice", "/usr/local/bin/soffice", "/opt/homebrew/bin/soffice", "/Applications/LibreOffice.app/Contents/MacOS/soffice"]) {
    if (existsSync(p)) return p;
  }
  const which = spawnSync("sh", ["-c", "command -v soffice"], { encoding: "utf8" });
  return which.status === 0 && which.stdout.trim() ? which.stdout.trim() : undefined;
}

export const SOFFICE = findSoffice();
export const SOFFICE_SKIP_REASON = "LibreOffice (soffice) is not installed: the LibreOffice checks of the CLI workbooks are skipped (.ci/run installs libreoffice-calc-nogui)";
if (!SOFFICE) console.warn(SOFFICE_SKIP_REASON);

export const HAS_PDFTOPPM = spawnSync("sh", ["-c", "command -v pdftoppm"]).status === 0;

/** A hang guard, not a speed assertion. */
const TIMEOUT_MS = 180_000;

const RECALC_NEVER = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>1</value></prop></item>
</oor:items>
`;

function run(args: string[]): void {
  if (!SOFFICE) throw new Error(SOFFICE_SKIP_REASON);
  const profile = mkdtempSync(join(tmpdir(), "clv-lo-"));
  try {
    mkdirSync(join(profile, "user"), { recursive: true });
    writeFileSync(join(profile, "user", "registrymodifications.xcu"), RECALC_NEVER);
    const r = spawnSync(SOFFICE, [`-env:UserInstallation=${pathToFileURL(profile).href}`, "--headless", "--norestore", ...args], {
      encoding: "utf8",
      timeout: TIMEOUT_MS,
      killSignal: "SIGKILL",
    });
    if (r.error) throw new Error(`soffice ${args.join(" ")}: ${r.error.message}`);
    if (r.status !== 0) throw new Error(`soffice ${args.join(" ")} exited with ${r.status}: ${r.stderr}`);
  } finally {
    rmSync(profile, { recursive: true, force: true });
  }
}

/** Every sheet of `file` as CSV rows (LibreOffice's own reading of the file), by sheet name. */
export function sheetsAsCsv(file: string, outDir: string): Map<string, string[][]> {
  mkdirSync(outDir, { recursive: true });
  // Filter options: comma, double quote, UTF-8, from line 1, ..., and -1 = one file per sheet.
  run(["--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", outDir, file]);
  const stem = basename(file).replace(/\.xlsx$/i, "");
  const sheets = new Map<string, string[][]>();
  for (const name of readdirSync(outDir)) {
    if (!name.startsWith(`${stem}-`) || !name.endsWith(".csv")) continue;
    sheets.set(name.slice(stem.length + 1, -4), parseCsvText(readFileSync(join(outDir, name), "utf8")));
  }
  return sheets;
}

/** Renders `file` to PDF in `outDir` (the visible sheets' print areas). Returns the PDF's path. */
export function toPdf(file: string, outDir: string): string {
  mkdirSync(outDir, { recursive: true });
  run(["--convert-to", "pdf", "--outdir", outDir, file]);
  return join(outDir, basename(file).replace(/\.xlsx$/i, ".pdf"));
}

/** RFC 4180 rows (LibreOffice quotes fields with commas, quotes or line breaks). */
export function parseCsvText(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else if (ch !== "\r") field += ch;
  }
  if (field !== "" || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}
