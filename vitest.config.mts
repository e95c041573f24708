import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/support/setup.ts"],
    environment: "node",
    reporters: ["default", "./test/support/summaryReporter.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    benchmark: { include: ["bench/**/*.bench.ts"] },
  },
});
