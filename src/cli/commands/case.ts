/**
 * `clv case --students 30 --seed 2027 -o cases/`: one case workbook per student, each with its own
 * simulated transaction log and planted effects, and the lecturer's answer key, reproducible from the
 * seed (src/cli/case/*, docs/cases.md).
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { CliCommand } from "../command";
import { numberOption, optionsHelp, parseArgs, type OptionSpec } from "../args";
import { InputError } from "../read";
import { writeWorkbook } from "../xlsx/writer";
import { DEFAULT_CASE, loadCaseConfig, validateCase } from "../case/config";
import { simulateStudent } from "../case/simulate";
import { answers, questions } from "../case/answers";
import { answerKeyWorkbook, studentWorkbook } from "../case/workbooks";

const SPECS: OptionSpec[] = [
  { name: "students", value: true, placeholder: "<n>", help: "number of students (1 to 500; default 30)" },
  { name: "seed", value: true, placeholder: "<n>", help: "the class seed: the same seed and config give the same workbooks (default 2027)" },
  { name: "output", alias: "o", value: true, placeholder: "<folder>", help: "folder for student-01.xlsx ... and answer-key.xlsx (default cases/)" },
  { name: "config", value: true, placeholder: "<file.json>", help: "parameters and planted effects overriding the default (see --print-config and docs/cases.md)" },
  { name: "customers", value: true, placeholder: "<n>", help: `customers per student (overrides the config; default ${DEFAULT_CASE.customers})` },
  { name: "print-config", value: false, help: "print the default configuration as JSON and stop" },
  { name: "force", value: false, help: "replace workbooks already in the folder (otherwise existing files are never overwritten)" },
  { name: "help", alias: "h", value: false, help: "show this help" },
];

const USAGE = `Usage: clv case [--students 30] [--seed 2027] [-o cases/] [--config case.json]

Writes one workbook per student (a Case sheet with questions and shaded answer cells, and the student's
own Transactions sheet, simulated from known BG/NBD and Gamma-Gamma parameters with planted effects: a
segment that buys more often, a channel that costs more to serve, returns, a cohort that churns faster)
and answer-key.xlsx with every student's expected answers, computed by the add-in's own functions.`;

export const command: CliCommand = {
  summary: "per-student case workbooks with planted effects, and the answer key",
  async run(args) {
    const { options: o, positional } = parseArgs(args, SPECS);
    if (o.help) {
      process.stdout.write(`${USAGE}\n\nOptions:\n${optionsHelp(SPECS)}\n`);
      return 0;
    }
    if (o["print-config"]) {
      process.stdout.write(`${JSON.stringify(DEFAULT_CASE, null, 2)}\n`);
      return 0;
    }
    if (positional.length > 0) throw new InputError(`clv case takes no file arguments (got ${positional.join(", ")}); see --help.`);
    const students = typeof o.students === "string" ? numberOption("students", o.students, 1, 500, true) : 30;
    const seed = typeof o.seed === "string" ? numberOption("seed", o.seed, 0, 2 ** 32 - 1, true) : 2027;
    let config = loadCaseConfig(typeof o.config === "string" ? o.config : undefined);
    if (typeof o.customers === "string") config = validateCase({ ...config, customers: numberOption("customers", o.customers, 50, 100_000, true) });
    const dir = resolve(typeof o.output === "string" ? o.output : "cases");
    const names = [...Array.from({ length: students }, (_, i) => `student-${String(i + 1).padStart(2, "0")}.xlsx`), "answer-key.xlsx"];
    const existing = names.filter((n) => existsSync(join(dir, n)));
    if (existing.length > 0 && o.force !== true) throw new InputError(`${dir} already holds ${existing.slice(0, 3).join(", ")}${existing.length > 3 ? ", ..." : ""}; choose another -o folder, or add --force to replace them.`);
    mkdirSync(dir, { recursive: true });

    const qs = questions(config);
    const done: { s: ReturnType<typeof simulateStudent>; answers: Record<string, number | string> }[] = [];
    for (let i = 1; i <= students; i++) {
      const s = simulateStudent(config, seed, i);
      process.stderr.write(`  ${s.id}: ${(s.table.rows.length - 1).toLocaleString("en-US")} transactions; computing the answers\n`);
      const expected = answers(config, s.table);
      const { buffer } = await writeWorkbook(studentWorkbook(config, s, qs).map((plan) => ({ plan })), { activeSheet: "Case" });
      writeFileSync(join(dir, `${s.id}.xlsx`), buffer);
      done.push({ s, answers: expected });
    }
    const key = await writeWorkbook(answerKeyWorkbook(config, seed, done, qs).map((plan) => ({ plan })), { activeSheet: "Answers" });
    writeFileSync(join(dir, "answer-key.xlsx"), key.buffer);
    process.stdout.write(
      [
        `Wrote ${students} student workbook${students === 1 ? "" : "s"} (${names[0]}${students > 1 ? ` ... ${names[students - 1]}` : ""}) and answer-key.xlsx to ${dir}`,
        `Class seed ${seed}, ${config.customers} customers per student, ${qs.length} questions. The same seed and config give the same files.`,
        "",
      ].join("\n"),
    );
    return 0;
  },
};
