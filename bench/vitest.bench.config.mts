import { defineConfig } from "vitest/config";

// `npm run bench`: each bench/*.bench.ts file is a vitest file that times work through the harness and
// prints median ms and peak heap. Run serially so timings do not compete for the 2 cores.
export default defineConfig({
  test: {
    include: ["bench/**/*.bench.ts"],
    setupFiles: ["test/support/setup.ts"],
    environment: "node",
    testTimeout: 1_800_000,
    fileParallelism: false,
    pool: "forks",
    // --expose-gc lets the harness collect garbage between runs, so peak-heap figures are comparable.
    execArgv: ["--expose-gc"],
    reporters: ["verbose"],
  },
});
