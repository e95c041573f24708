/**
 * `clv demo` (`npm run demo`): the bundled CDNOW sample built into clv-demo.xlsx with every sheet the
 * pane builds, on any OS, without Excel.
 */
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import type { CliCommand } from "../command";
import { optionsHelp, parseArgs, type OptionSpec } from "../args";
import { writeAnalysis, howToOpen } from "../analysis";
import { readCdnowSample, InputError } from "../read";
import { DEFAULT_OPTIONS, SHEET_KINDS } from "../../taskpane/builders/types";

/** The repository's root (src/cli/commands -> ../../..). */
export const REPO_ROOT = resolve(__dirname, "..", "..", "..");
export const CDNOW_SAMPLE = join(REPO_ROOT, "samples", "CDNOW_sample.txt");

const SPECS: OptionSpec[] = [
  {
    name: "output",
    alias: "o",
    value: true,
    placeholder: "<file.xlsx>",
    help: "where to write the live workbook (default clv-demo.xlsx in the current folder); its values-only copy goes next to it as <name>-values.xlsx",
  },
  { name: "help", alias: "h", value: false, help: "show this help" },
];

export const command: CliCommand = {
  summary: "build the bundled CDNOW sample into clv-demo.xlsx (every sheet the pane builds) and a values-only copy",
  async run(args) {
    const { options } = parseArgs(args, SPECS);
    if (options.help) {
      process.stdout.write(`Usage: clv demo [-o clv-demo.xlsx]\n\n${this.summary}.\n\nOptions:\n${optionsHelp(SPECS)}\n`);
      return 0;
    }
    if (!existsSync(CDNOW_SAMPLE)) throw new InputError(`the sample ${CDNOW_SAMPLE} is missing: run the demo from a complete clone of the repository.`);
    const out = typeof options.output === "string" ? options.output : "clv-demo.xlsx";
    const started = Date.now();
    const progress = (m: string): void => {
      process.stderr.write(`  [${((Date.now() - started) / 1000).toFixed(1)}s] ${m}\n`);
    };
    process.stdout.write("CLV demo: the CDNOW sample (2,357 customers of an online CD store, 1997-1998; samples/SOURCES.md)\n");
    const valuesCopy = out.replace(/(\.xlsx)?$/i, "-values.xlsx");
    const result = await writeAnalysis(readCdnowSample(CDNOW_SAMPLE), {}, DEFAULT_OPTIONS, SHEET_KINDS, out, { progress }, valuesCopy);
    process.stdout.write([...result.summary, ...howToOpen(result.path, result.valuesPath), ""].join("\n"));
    return result.built.failures.length > 0 ? 1 : 0;
  },
};
