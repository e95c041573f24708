#!/usr/bin/env node
// `npm start`: sideload the add-in into desktop Excel (office-addin-debugging). Desktop sideloading
// exists only on Windows and macOS; elsewhere the tool prints "Platform not supported" and still exits
// 0, so this wrapper stops first, with a non-zero code and the two routes that do work there.
// `npm start -- web --document <url>` (Excel on the web) is passed through on every platform.
import { spawnSync } from "node:child_process";

const args = process.argv.slice(2);
const web = args.includes("web");
if (!web && process.platform !== "win32" && process.platform !== "darwin") {
  process.stderr.write(
    [
      `npm start sideloads the add-in into desktop Excel, which exists only on Windows and macOS (this is ${process.platform}).`,
      "",
      "Instead:",
      "  npm run demo                 builds the sample data into clv-demo.xlsx without Excel (open it in LibreOffice or Excel)",
      "  Excel on the web             npm run dev-server, then in Excel on the web: Home > Add-ins > More settings >",
      "                               Upload My Add-in > manifest.xml (or: npm start -- web --document <workbook URL>)",
      "",
      "See README.md, \"Sideloading into Excel\".",
      "",
    ].join("\n"),
  );
  process.exit(1);
}
const r = spawnSync("office-addin-debugging", ["start", "manifest.xml", ...args], { stdio: "inherit", shell: process.platform === "win32" });
process.exit(r.status ?? 1);
