/**
 * Support for the end-to-end test: the built pane (webpack), a tiny static server on 127.0.0.1, and
 * Debian's Chromium driven by playwright-core (never a downloaded browser).
 */
import { existsSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { createRequire } from "node:module";
import { extname, join, resolve, sep } from "node:path";
import type { AddressInfo } from "node:net";

export const ROOT = resolve(__dirname, "..", "..");
export const ARTIFACTS = join(ROOT, "test-artifacts");
export const CHROMIUM_PATH = "/usr/bin/chromium";
export const HAS_CHROMIUM = existsSync(CHROMIUM_PATH);
export const CHROMIUM_SKIP_REASON = `${CHROMIUM_PATH} not found: the end-to-end test of the task pane is skipped (install Debian's package: apt-get install -y chromium)`;
export const OFFICE_JS_URL = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/**
 * The directory of a built pane: $E2E_DIST when set (CI runs `npm run build` first and passes
 * E2E_DIST=dist), otherwise a fresh development build of the project's webpack config into
 * test-artifacts/<dirName> (one directory per test file that builds, since test files run in
 * parallel). dist/ itself is never read implicitly: other tests may be rebuilding it at the same
 * moment (test/support/bundle.ts), and a half-written dist would make this test flaky.
 */
export async function builtPane(dirName = "e2e-dist"): Promise<string> {
  const fromEnv = process.env.E2E_DIST;
  if (fromEnv) {
    const dir = resolve(ROOT, fromEnv);
    if (!existsSync(join(dir, "taskpane.html"))) throw new Error(`E2E_DIST=${fromEnv} has no taskpane.html; run npm run build first`);
    return dir;
  }
  const out = join(ARTIFACTS, dirName);
  mkdirSync(out, { recursive: true });
  const require = createRequire(__filename);
  const webpack = require("webpack");
  const makeConfig = require(join(ROOT, "webpack.config.js"));
  const config = await makeConfig({ WEBPACK_BUILD: true }, { mode: "development" });
  config.mode = "development";
  config.output = { ...config.output, path: out, clean: true };
  config.devtool = false;
  await new Promise<void>((done, fail) => {
    webpack(config).run((err: Error | null, stats: { hasErrors(): boolean; toString(o: unknown): string }) => {
      if (err) fail(err);
      else if (stats.hasErrors()) fail(new Error(`webpack build of the pane failed:\n${stats.toString("errors-only")}`));
      else done();
    });
  });
  return out;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "application/javascript; charset=utf-8",
  ".json": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".xml": "application/xml",
  ".map": "application/json",
};

/** Serves `dir` on 127.0.0.1 (random port). */
export async function serve(dir: string): Promise<{ server: Server; base: string }> {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? "/").split("?")[0]);
    const file = resolve(root, "." + (path === "/" ? "/taskpane.html" : path));
    if (!(file === root || file.startsWith(root + sep)) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404);
      res.end("not found");
      return;
    }
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    res.end(readFileSync(file));
  });
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  return { server, base: `http://127.0.0.1:${port}/` };
}

export function fakeOfficeJs(): string {
  return readFileSync(join(__dirname, "fake-office.js"), "utf8");
}
