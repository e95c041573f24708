// Architecture rules (DESIGN §1), checked by `npm test` through `npm run check:deps`.
//
// Layers, lowest first. A module may import from its own layer and from the layers listed in `uses`:
//   core       src/core       pure numerics: no Office, DOM, timers or packages
//   runtime    src/runtime    host plumbing shared by the adapters (scheduling); no Office, no DOM
//   functions  src/functions  the CLV.* custom functions (Excel adapter)
//   taskpane   src/taskpane   the task pane: builders (pure sheet plans), UI and Office.js renderer
//   commands   src/commands   ribbon commands
//   cli        src/cli        the headless companion (reuses core and the pane's pure builders)
// To add a layer, add a line to LAYERS; everything else follows from the table.
const LAYERS = {
  core: { path: "^src/core/", uses: [] },
  runtime: { path: "^src/runtime/", uses: ["core"] },
  functions: { path: "^src/functions/", uses: ["core", "runtime"] },
  taskpane: { path: "^src/taskpane/", uses: ["core", "runtime"] },
  commands: { path: "^src/commands/", uses: [] },
  cli: { path: "^src/cli/", uses: ["core", "runtime", "taskpane"] },
};

/** Pane modules that talk to Office.js or the DOM; the CLI runs in Node and must not load them. */
const OFFICE_BOUND_PANE_MODULES = "^src/taskpane/(app|render|excel|taskpane)\\.ts$";

const layerRules = Object.entries(LAYERS).map(([name, layer]) => {
  const others = Object.entries(LAYERS)
    .filter(([other]) => other !== name && !layer.uses.includes(other))
    .map(([, l]) => l.path);
  return {
    name: `${name}-layer`,
    comment: `${layer.path} may import only its own layer and ${layer.uses.join(", ") || "nothing else in src"} (DESIGN §1).`,
    severity: "error",
    from: { path: layer.path },
    to: { path: others.join("|") },
  };
});

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: "core-no-packages",
      comment: "src/core is pure TypeScript: no npm packages and no Node or browser built-ins (DESIGN §1).",
      severity: "error",
      // Known exception, to be replaced by a distribution function in src/core/math: the chi-square
      // tail of the tier-fairness test (core/measure/fairness.ts) comes from jstat.
      from: { path: "^src/core/", pathNot: "^src/core/measure/fairness\\.ts$" },
      to: { dependencyTypes: ["npm", "npm-dev", "npm-optional", "npm-peer", "npm-no-pkg", "npm-unknown", "core"] },
    },
    {
      name: "runtime-no-packages",
      comment: "src/runtime runs in Excel's JavaScript runtime and in Node alike: no packages, no built-ins.",
      severity: "error",
      from: { path: "^src/runtime/" },
      to: { dependencyTypes: ["npm", "npm-dev", "npm-optional", "npm-peer", "npm-no-pkg", "npm-unknown", "core"] },
    },
    {
      name: "cli-not-office-bound",
      comment: "The CLI reuses the pane's pure builders; the Office.js/DOM modules of the pane do not run in Node.",
      severity: "error",
      from: { path: "^src/cli/" },
      to: { path: OFFICE_BOUND_PANE_MODULES },
    },
    {
      name: "src-not-to-tests",
      comment: "Shipped code never imports tests, benchmarks or scripts.",
      severity: "error",
      from: { path: "^src/" },
      to: { path: "^(test|bench|scripts)/" },
    },
    {
      name: "no-circular",
      comment: "Import cycles make load order fragile and layers meaningless.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "not-to-unresolvable",
      comment: "An import that does not resolve to a file or package.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: "no-orphans",
      comment: "A module nothing imports and that imports nothing is dead code (entry points excepted).",
      severity: "error",
      from: { orphan: true, pathNot: ["\\.d\\.ts$", "^src/commands/commands\\.ts$", "^src/cli/main\\.ts$"] },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"], extensions: [".ts", ".js", ".mjs", ".cjs", ".json"] },
  },
};
