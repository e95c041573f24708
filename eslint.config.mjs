// Lint rules for the add-in: typescript-eslint's recommended set, plus the project's own bans
// (no eval, no Math.random in library code: results must be reproducible).
import js from "@eslint/js";
import globals from "globals";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/**", "node_modules/**", "coverage/**", "test-artifacts/**", "docs/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, Office: "readonly", Excel: "readonly", CustomFunctions: "readonly" } },
    rules: {
      "no-eval": "error",
      "no-implied-eval": "error",
      "no-new-func": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // Spreading an array into a call's arguments puts every element on the stack: a data-sized array
      // (a 1M-row selection) throws "Maximum call stack size exceeded". Loop instead.
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name=/^(max|min|hypot)$/] > SpreadElement",
          message: "Math.max/min(...array) overflows the stack on data-sized arrays; use a loop (or reduce).",
        },
        {
          selector: "CallExpression[callee.property.name=/^(push|unshift|splice|fromCharCode|fromCodePoint)$/] > SpreadElement",
          message: "push/unshift/splice(...array) overflows the stack on data-sized arrays; use a loop or concat.",
        },
        {
          selector: "CallExpression[callee.property.name='apply'][arguments.length=2]",
          message: "f.apply(thisArg, array) overflows the stack on data-sized arrays; use a loop.",
        },
      ],
    },
  },
  {
    files: ["src/core/**/*.ts"],
    rules: {
      "no-restricted-properties": ["error", { object: "Math", property: "random", message: "Use the seeded generator in src/core/math/random.ts." }],
      "no-restricted-globals": ["error", "document", "window", "Office", "Excel", "CustomFunctions"],
    },
  },
  {
    files: ["test/**/*.ts", "bench/**/*.ts", "scripts/**/*.mjs", "scripts/**/*.js", "*.js", "*.mjs", "*.mts"],
    languageOptions: { globals: { ...globals.node, ...globals.commonjs } },
    rules: { "@typescript-eslint/no-explicit-any": "off", "@typescript-eslint/no-require-imports": "off" },
  },
);
