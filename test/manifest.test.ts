/**
 * Offline structural checks of manifest.xml (office-addin-manifest validate needs Microsoft's online
 * service: DESIGN §6). The shared runtime only loads when the runtime, the custom-functions page and
 * the function file use one resid (office-js-docs-pr, "Configure your Office Add-in to use a shared
 * runtime").
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
 
const { toProductionManifest } = require("../scripts/manifest-url.js") as { toProductionManifest: (xml: string, url: string) => string };

const ROOT = resolve(__dirname, "..");
const xml = readFileSync(resolve(ROOT, "manifest.xml"), "utf8");
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", removeNSPrefix: true, isArray: (name) => ["Set", "Image", "Url", "String", "Runtime", "ExtensionPoint"].includes(name) });
 
const app: any = parser.parse(xml).OfficeApp;
const host = app.VersionOverrides.Hosts.Host;
const resources = app.VersionOverrides.Resources;
const urls = new Map<string, string>(resources.Urls.Url.map((u: { "@id": string; "@DefaultValue": string }) => [u["@id"], u["@DefaultValue"]]));
const shortStrings = new Map<string, string>(resources.ShortStrings.String.map((s: { "@id": string; "@DefaultValue": string }) => [s["@id"], s["@DefaultValue"]]));

describe("manifest.xml", () => {
  it("is a task pane add-in for Excel with the required requirement sets", () => {
    expect(app["@type"]).toBe("TaskPaneApp");
    expect(app.Hosts.Host["@Name"]).toBe("Workbook");
    const sets = Object.fromEntries(app.Requirements.Sets.Set.map((s: { "@Name": string; "@MinVersion": string }) => [s["@Name"], s["@MinVersion"]]));
    expect(sets).toEqual({ SharedRuntime: "1.1", CustomFunctionsRuntime: "1.3", ExcelApi: "1.13" });
  });

  it("points SupportUrl and LearnMoreUrl at the shipped reference page, not at the pane", () => {
    expect(app.SupportUrl["@DefaultValue"]).toBe("https://localhost:3000/reference.html");
    const learnMore = host.DesktopFormFactor.GetStarted.LearnMoreUrl["@resid"];
    expect(urls.get(learnMore)).toBe("https://localhost:3000/reference.html");
  });

  it("uses one long-lived shared runtime resid for the runtime, the functions page and the function file", () => {
    const runtime = host.Runtimes.Runtime[0];
    expect(runtime["@lifetime"]).toBe("long");
    const cf = host.AllFormFactors.ExtensionPoint.find((e: { "@type": string }) => e["@type"] === "CustomFunctions");
    expect(cf.Page.SourceLocation["@resid"]).toBe(runtime["@resid"]);
    expect(host.DesktopFormFactor.FunctionFile["@resid"]).toBe(runtime["@resid"]);
    const button = host.DesktopFormFactor.ExtensionPoint[0].OfficeTab.Group.Control;
    expect(button.Action["@type"]).toBe("ShowTaskpane");
    expect(button.Action.SourceLocation["@resid"]).toBe(runtime["@resid"]);
    expect(urls.get(runtime["@resid"])).toMatch(/\/taskpane\.html$/);
    expect(urls.get(cf.Script.SourceLocation["@resid"])).toMatch(/\/functions\.js$/);
    expect(urls.get(cf.Metadata.SourceLocation["@resid"])).toMatch(/\/functions\.json$/);
  });

  it("puts Runtimes right after the Host element (the order the shared runtime requires)", () => {
    expect(xml).toMatch(/<Host xsi:type="Workbook">\s*<Runtimes>/);
  });

  it("names the custom-functions namespace CLV", () => {
    const cf = host.AllFormFactors.ExtensionPoint.find((e: { "@type": string }) => e["@type"] === "CustomFunctions");
    expect(shortStrings.get(cf.Namespace["@resid"])).toBe("CLV");
  });

  it("uses https URLs only, within the resource-string limits, and icons that exist in assets/", () => {
    const all = [...xml.matchAll(/DefaultValue="(https?:[^"]+)"/g)].map((m) => m[1]);
    expect(all.length).toBeGreaterThan(5);
    for (const u of all) {
      expect(u).toMatch(/^https:\/\//);
      expect(u.length).toBeLessThanOrEqual(2048);
    }
    for (const s of shortStrings.values()) expect(s.length).toBeLessThanOrEqual(125);
    for (const u of all.filter((x) => x.includes("/assets/"))) expect(existsSync(resolve(ROOT, "assets", u.split("/assets/")[1])), u).toBe(true);
  });

  it("every resid used is defined", () => {
    const defined = new Set([...xml.matchAll(/ id="([^"]+)"/g)].map((m) => m[1]));
    for (const m of xml.matchAll(/resid="([^"]+)"/g)) expect(defined.has(m[1]), m[1]).toBe(true);
  });

  it("parses with office-addin-manifest info (offline)", () => {
    const out = execFileSync(process.execPath, [resolve(ROOT, "node_modules/office-addin-manifest/cli.js"), "info", "manifest.xml"], { cwd: ROOT, encoding: "utf8" });
    expect(out).toMatch(/CLV for Excel/);
  });

  it("production builds rewrite every localhost URL (global replace, webpack.config.js)", () => {
    const prod = toProductionManifest(xml, "https://addin.contoso.com/clv/");
    expect(prod).not.toMatch(/localhost/);
    expect((prod.match(/https:\/\/addin\.contoso\.com\/clv\//g) ?? []).length).toBe((xml.match(/https:\/\/localhost:3000\//g) ?? []).length);
    expect(prod).toContain("<AppDomain>https://addin.contoso.com</AppDomain>");
    expect(() => toProductionManifest(xml, "http://insecure.example/")).toThrow(/https/);
  });
});
