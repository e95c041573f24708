/**
 * Help that helps (DESIGN §3): read what the build ships, dist/functions.json and dist/reference.html.
 * Excel shows a function's description in the formula tooltip and the Insert Function dialog, and each
 * argument's help while the user types; Microsoft's limit for both is 255 characters. Every helpUrl
 * must land on its function's section of the reference page shipped with the add-in.
 */
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { DIST, ensureBuilt, type FunctionMetadata } from "../support/bundle";

let functions: FunctionMetadata[] = [];
let html = "";
let anchors = new Set<string>();

beforeAll(() => {
  ensureBuilt();
  functions = (JSON.parse(readFileSync(resolve(DIST, "functions.json"), "utf8")) as { functions: FunctionMetadata[] }).functions;
  html = readFileSync(resolve(DIST, "reference.html"), "utf8");
  anchors = new Set([...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]));
}, 180_000);

describe("built function metadata", () => {
  it("has functions to check", () => {
    expect(functions.length).toBeGreaterThan(30);
  });

  it("keeps every description to one or two sentences of at most 255 characters", () => {
    const tooLong = functions.filter((f) => (f.description ?? "").length > 255).map((f) => `${f.id} (${f.description!.length})`);
    expect(tooLong).toEqual([]);
    for (const f of functions) {
      // Abbreviations such as "e.g." do not end a sentence.
      const text = (f.description ?? "").replace(/\b(e\.g|i\.e|vs|cf|et al)\./g, "$1");
      const sentences = text.split(/[.!?](?:\s|$)/).filter((s) => s.trim().length > 0);
      expect(sentences.length, `${f.id}: ${f.description}`).toBeLessThanOrEqual(2);
    }
  });

  it("keeps every argument's help to at most 255 characters", () => {
    const tooLong = functions.flatMap((f) => f.parameters.filter((p) => (p.description ?? "").length > 255).map((p) => `${f.id}(${p.name}) (${p.description!.length})`));
    expect(tooLong).toEqual([]);
  });

  it("points every helpUrl to an anchor of the shipped reference page", () => {
    for (const f of functions) {
      const url = new URL(f.helpUrl ?? "");
      expect(url.protocol, f.id).toBe("https:");
      expect(url.pathname.endsWith("/reference.html"), `${f.id}: ${f.helpUrl}`).toBe(true);
      const anchor = decodeURIComponent(url.hash.slice(1));
      expect(anchors.has(anchor), `${f.id}: #${anchor} missing from dist/reference.html`).toBe(true);
      // The anchor sits right before the function's own heading.
      const at = html.indexOf(`id="${anchor}"`);
      expect(html.slice(at, at + 300), f.id).toContain(`CLV.${f.name}</h3>`);
    }
  });

  it("never links to a domain nobody owns", () => {
    for (const f of functions) expect(f.helpUrl, f.id).not.toMatch(/example\.(org|com)/);
    expect(readFileSync(resolve(DIST, "manifest.xml"), "utf8")).not.toMatch(/example\.(org|com)/);
  });
});
