/**
 * The workbook commands' option parser (src/cli/args.ts): the forms a user types, and usage errors
 * for what it cannot read (exit code 2 through InputError), as in the DuckDB commands.
 */
import { describe, expect, it } from "vitest";
import { optionsHelp, parseArgs, type OptionSpec } from "../../src/cli/args";
import { InputError } from "../../src/cli/read";

const SPECS: OptionSpec[] = [
  { name: "output", alias: "o", value: true, placeholder: "<file.xlsx>", help: "where to write" },
  { name: "margin", value: true, placeholder: "<fraction>", help: "gross margin" },
  { name: "force", value: false, help: "replace files" },
  { name: "help", alias: "h", value: false, help: "show this help" },
];

describe("parseArgs", () => {
  it("reads values after a space or an equals sign, aliases, flags and positional arguments in any order", () => {
    const p = parseArgs(["data.csv", "-o", "out.xlsx", "--margin=0.3", "--force", "more.csv"], SPECS);
    expect(p.options).toEqual({ output: "out.xlsx", margin: "0.3", force: true });
    expect(p.positional).toEqual(["data.csv", "more.csv"]);
  });

  it("takes everything after -- as positional, even what looks like an option", () => {
    const p = parseArgs(["--force", "--", "--not-an-option.csv"], SPECS);
    expect(p.options).toEqual({ force: true });
    expect(p.positional).toEqual(["--not-an-option.csv"]);
  });

  it("refuses an unknown option, a missing value and a value on a flag, naming the option", () => {
    const attempts: [string[], RegExp][] = [
      [["--bogus"], /^Unknown option '--bogus' \(see --help\)\.$/],
      [["data.csv", "-o"], /'-o, --output <value>' argument missing/],
      [["--force=yes"], /--force/],
    ];
    for (const [args, message] of attempts) {
      let thrown: unknown;
      try {
        parseArgs(args, SPECS);
      } catch (e) {
        thrown = e;
      }
      expect(thrown, args.join(" ")).toBeInstanceOf(InputError);
      expect((thrown as Error).message).toMatch(message);
    }
  });

  it("lists each option once in the help, with its alias and placeholder", () => {
    const help = optionsHelp(SPECS).split("\n");
    expect(help).toHaveLength(SPECS.length);
    expect(help[0]).toMatch(/^ {2}-o, --output <file\.xlsx> +where to write$/);
    expect(help[2]).toMatch(/^ {6}--force +replace files$/);
  });
});
