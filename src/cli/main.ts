/**
 * The `clv` command: the headless companion of the add-in (DESIGN §1). Each subcommand lives in its
 * own module under `commands/` and is listed once in COMMANDS below.
 */
export interface CliCommand {
  /** One line for the command list. */
  summary: string;
  /** Runs the command; resolves to the process exit code (0 ok, 1 failure, 2 bad input or usage). */
  run(args: string[]): Promise<number>;
}

const COMMANDS: Record<string, () => Promise<CliCommand>> = {};

function usage(): string {
  const lines = Object.keys(COMMANDS)
    .sort()
    .map((name) => `  ${name}`);
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
  return command.run(rest);
}
