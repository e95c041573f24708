import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/support/setup.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    benchmark: { include: ["bench/**/*.bench.ts"] },
  },
});
