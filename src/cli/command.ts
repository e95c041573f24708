/** What every `clv` subcommand module exports as `command` (listed in main.ts's COMMANDS). */
export interface CliCommand {
  /** One line for the command list. */
  summary: string;
  /** Runs the command; resolves to the process exit code (0 ok, 1 failure, 2 bad input or usage). */
  run(args: string[]): Promise<number>;
}
