/**
 * House rules for the task pane's source, checked on the text: data never reaches the DOM as markup,
 * no eval, no network calls (office.js is the only script loaded from outside, by the page itself).
 */
import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";

const DIR = resolve(__dirname, "..", "..", "src", "taskpane");

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

const sources = files(DIR).filter((f) => f.endsWith(".ts"));
const strip = (s: string) => s.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");

describe("task pane source", () => {
  it("has source files to check", () => {
    expect(sources.length).toBeGreaterThan(10);
  });

  it.each(sources.map((f) => [f.slice(DIR.length + 1), f]))("%s: no HTML sinks, eval or network", (_name, file) => {
    const code = strip(readFileSync(file, "utf8"));
    expect(code).not.toMatch(/\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML|document\.write|DOMParser/);
    expect(code).not.toMatch(/\beval\s*\(|new\s+Function\s*\(|setTimeout\(\s*["'`]/);
    expect(code).not.toMatch(/\bfetch\s*\(|XMLHttpRequest|WebSocket|sendBeacon|EventSource|importScripts/);
  });

  it("loads nothing from the network but office.js", () => {
    const html = readFileSync(join(DIR, "taskpane.html"), "utf8");
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]).filter((u) => /^(https?:)?\/\//.test(u));
    expect(urls).toEqual(["https://appsforoffice.microsoft.com/lib/1/hosted/office.js"]);
  });
});
