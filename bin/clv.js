#!/usr/bin/env node
// Entry point of the `clv` command: runs the TypeScript CLI in src/cli through tsx, so the command
// shares the add-in's source (core and sheet builders) without a separate build step.
"use strict";
require("tsx/cjs/api").register();
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
