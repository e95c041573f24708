/**
 * Loads the built custom-functions bundle (dist/functions.js + dist/functions.json) the way Excel's
 * JavaScript-only runtime would: in a fresh `vm` context whose only host globals are `CustomFunctions`
 * and `Office`. No DOM, no `window`, no timers, no Node modules. Functions bind through the
 * `CustomFunctions.associate` calls that the metadata plugin appended at build time.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import vm from "node:vm";
import { customFunctionsStub, type CustomFunctionsStub } from "./customFunctionsStub";

export const ROOT = resolve(__dirname, "..", "..");
export const DIST = resolve(ROOT, "dist");

export interface FunctionMetadata {
  id: string;
  name: string;
  description?: string;
  helpUrl?: string;
  parameters: { name: string; description?: string; optional?: boolean; type?: string; dimensionality?: string }[];
  result: { type?: string; dimensionality?: string };
}

/** Build dist/ once if a previous step (npm test runs `npm run build` first) has not. */
export function ensureBuilt(): void {
  if (existsSync(resolve(DIST, "functions.js")) && existsSync(resolve(DIST, "functions.json"))) return;
  execFileSync(process.execPath, [resolve(ROOT, "node_modules/webpack/bin/webpack.js"), "--mode", "production"], { cwd: ROOT, stdio: "pipe" });
}

export interface LoadedBundle {
  metadata: FunctionMetadata[];
  customFunctions: CustomFunctionsStub;
  call(id: string, args: unknown[]): unknown;
  context: vm.Context;
}

export function loadBundle(): LoadedBundle {
  ensureBuilt();
  const metadata = (JSON.parse(readFileSync(resolve(DIST, "functions.json"), "utf8")) as { functions: FunctionMetadata[] }).functions;
  const customFunctions = customFunctionsStub();
  const office = { onReady: (cb?: () => void) => (cb ? (cb(), Promise.resolve({})) : Promise.resolve({})) };
  const context = vm.createContext({ CustomFunctions: customFunctions, Office: office });
  vm.runInContext(readFileSync(resolve(DIST, "functions.js"), "utf8"), context, { filename: "functions.js" });
  return {
    metadata,
    customFunctions,
    context,
    call(id, args) {
      const fn = customFunctions.registry.get(id.toUpperCase());
      if (!fn) throw new Error(`No function bound to ${id}`);
      return fn(...args);
    },
  };
}
