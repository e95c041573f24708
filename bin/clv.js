#!/usr/bin/env node
// Entry point of the `clv` command: runs the TypeScript CLI in src/cli through tsx, so the command
// shares the add-in's source (core and sheet builders) without a separate build step.
"use strict";
require("tsx/cjs/api").register();
// Commands load with import() (src/cli/main.ts), which goes through Node's ESM loader: tsx's ESM hooks
// compile TypeScript there. (tsx's own esm/api register() resolves its hook file wrongly in this
// version; registering the hooks directly, with the data object they expect, does the same.)
require("node:module").register("tsx/esm", { parentURL: require("node:url").pathToFileURL(__filename), data: {} });
const { main } = require("../src/cli/main.ts");
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`clv: ${err && err.stack ? err.stack : err}\n`);
    process.exitCode = 1;
  },
);
