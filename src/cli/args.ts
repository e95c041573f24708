/**
 * Options of the clv commands that build workbooks, on node:util's parser (as the DuckDB commands):
 * `--name value`, `--name=value`, `-o value`, flags and positional arguments. Each command lists its
 * options once (name, alias, help), which gives both the parser's table and the --help text. Unknown
 * options are usage errors (exit code 2), never ignored.
 */
import { parseArgs as parseNodeArgs } from "node:util";
import { InputError } from "./read";

export interface OptionSpec {
  /** long name without dashes */
  readonly name: string;
  readonly alias?: string;
  /** true for options that take a value */
  readonly value: boolean;
  /** shown by --help: "<file>", "<fraction>", ... */
  readonly placeholder?: string;
  readonly help: string;
}

export interface Parsed {
  readonly options: Readonly<Record<string, string | true>>;
  readonly positional: readonly string[];
}

export function parseArgs(args: readonly string[], specs: readonly OptionSpec[]): Parsed {
  const config: Record<string, { type: "string" | "boolean"; short?: string }> = {};
  for (const s of specs) config[s.name] = s.alias ? { type: s.value ? "string" : "boolean", short: s.alias } : { type: s.value ? "string" : "boolean" };
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseNodeArgs({ args: Array.from(args), options: config, allowPositionals: true, strict: true });
  } catch (e) {
    // node:util's first sentence names the option ("Unknown option '--bogus'", "Option '-o, --output
    // <value>' argument missing"); it becomes a usage error with exit code 2.
    throw new InputError(`${(e as Error).message.split(". ")[0].replace(/\.?$/, "")} (see --help).`);
  }
  const options: Record<string, string | true> = {};
  for (const [name, value] of Object.entries(parsed.values)) {
    if (typeof value === "string") options[name] = value;
    else if (value === true) options[name] = true;
  }
  return { options, positional: parsed.positionals };
}

/** The --help text of the options. */
export function optionsHelp(specs: readonly OptionSpec[]): string {
  const left = specs.map((s) => `${s.alias ? `-${s.alias}, ` : "    "}--${s.name}${s.value ? ` ${s.placeholder ?? "<value>"}` : ""}`);
  const width = left.reduce((w, l) => Math.max(w, l.length), 0) + 2;
  return specs
    .map((s, i) => {
      const lines = wrap(s.help, 100 - width - 2);
      return `  ${left[i].padEnd(width)}${lines[0]}${lines.slice(1).map((l) => `\n  ${" ".repeat(width)}${l}`).join("")}`;
    })
    .join("\n");
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      out.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  out.push(line);
  return out;
}

/** A rate as a fraction: "0.3", "30%" -> 0.3; refused outside [0, 1] with the fix in the message. */
export function rateOption(name: string, text: string): number {
  const t = text.trim();
  const percent = t.endsWith("%");
  const v = Number(percent ? t.slice(0, -1) : t) / (percent ? 100 : 1);
  if (t === "" || !Number.isFinite(v)) throw new InputError(`--${name} '${text}' is not a number (write a fraction like 0.3, or 30%).`);
  if (v < 0 || v > 1) {
    throw new InputError(`--${name} is ${text}; rates are fractions between 0 and 1${!percent && v > 1 && v <= 100 ? ` (for ${v} % write ${v / 100} or ${v}%)` : ""}.`);
  }
  return v;
}

export function numberOption(name: string, text: string, min: number, max = Infinity, integer = false): number {
  const v = Number(text);
  if (text.trim() === "" || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
    throw new InputError(`--${name} '${text}' must be ${integer ? "a whole number" : "a number"} ${max < Infinity ? `from ${min} to ${max}` : `of at least ${min}`}.`);
  }
  return v;
}
