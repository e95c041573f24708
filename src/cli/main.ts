/**
 * The `clv` command: the headless companion of the add-in (DESIGN §1). Each subcommand lives in its
 * own module under `commands/` and is listed once in COMMANDS below.
 */
import type { CliCommand } from "./command";

export type { CliCommand } from "./command";

const COMMANDS: Record<string, () => Promise<CliCommand>> = {
  case: async () => (await import("./commands/case")).command,
  demo: async () => (await import("./commands/demo")).command,
  workbook: async () => (await import("./commands/workbook")).command,
  summary: async () => (await import("./commands/summary")).command,
  fit: async () => (await import("./commands/fit")).command,
};

/** One line per command for the command list (the commands themselves load only when they run). */
const SUMMARIES: Record<string, string> = {
  case: "per-student case workbooks with planted effects, and the answer key",
  demo: "the bundled CDNOW sample built into clv-demo.xlsx (no Excel needed)",
  workbook: "the task pane's sheets from a transactions file (.csv or .xlsx)",
  summary: "customer summary (or its compressed form) of a large CSV/Parquet log, on DuckDB",
  fit: "BG/NBD or Pareto/NBD fitted to a (compressed) summary file; model table and predictions",
};

function usage(): string {
  const lines = Object.keys(COMMANDS)
    .sort()
    .map((name) => `  ${name.padEnd(10)}${SUMMARIES[name] ?? ""}`);
  return ["Usage: clv <command> [options]   (clv <command> --help for its options)", "", "Commands:", ...lines].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h") {
    process.stdout.write(usage() + "\n");
    return name ? 0 : 2;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`clv: unknown command '${name}'.\n\n${usage()}\n`);
    return 2;
  }
  const command = await load();
  try {
    return await command.run(rest);
  } catch (e) {
    // Input the user must fix (a missing file, bad options, data the pane would refuse): the message
    // and exit code 2, never a stack trace.
    if (e instanceof Error && e.name === "InputError") {
      process.stderr.write(`clv ${name}: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
