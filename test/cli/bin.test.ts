/**
 * The installed entry points as a user runs them: bin/clv.js (tsx compiling the TypeScript CLI, the
 * commands loaded with import()) and `npm start`'s wrapper, which must fail loudly where desktop
 * sideloading does not exist.
 */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "..", "..");
const run = (...args: string[]) => spawnSync(process.execPath, args, { cwd: ROOT, encoding: "utf8", timeout: 120_000 });

describe("bin/clv.js", () => {
  it("lists the commands and loads a command module", () => {
    const help = run("bin/clv.js", "--help");
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/demo/);
    expect(help.stdout).toMatch(/workbook/);
    expect(help.stdout).toMatch(/case/);
    const workbookHelp = run("bin/clv.js", "workbook", "--help");
    expect(workbookHelp.status, workbookHelp.stderr).toBe(0);
    expect(workbookHelp.stdout).toMatch(/--values-only/);
  });

  it("exits with 2 on usage errors and unknown commands, naming the problem", () => {
    const missing = run("bin/clv.js", "workbook");
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/name the transactions file/);
    const unknown = run("bin/clv.js", "nonsense");
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'nonsense'/);
  });
});

describe.skipIf(process.platform === "win32" || process.platform === "darwin")("npm start where desktop Excel does not exist", () => {
  it("exits non-zero and points to the demo and Excel on the web", () => {
    const r = run("scripts/start.mjs");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/npm run demo/);
    expect(r.stderr).toMatch(/Excel on the web/);
  });
});
