/**
 * A small argument parser for the clv commands: `--name value`, `--name=value`, `-o value`, flags,
 * and positional arguments. Unknown options are usage errors (exit code 2), never ignored.
 */
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
  const options: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--") {
      for (const a of args.slice(i + 1)) positional.push(a);
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = arg.startsWith("--") ? arg.slice(2, eq > 0 ? eq : undefined) : arg.slice(1, eq > 0 ? eq : undefined);
    const spec = specs.find((s) => (arg.startsWith("--") ? s.name === name : s.alias === name));
    if (!spec) throw new InputError(`unknown option ${arg.slice(0, eq > 0 ? eq : undefined)} (see --help).`);
    if (!spec.value) {
      if (eq > 0) throw new InputError(`--${spec.name} takes no value.`);
      options[spec.name] = true;
      continue;
    }
    let value: string | undefined;
    if (eq > 0) value = arg.slice(eq + 1);
    else {
      value = args[i + 1];
      i++;
    }
    if (value === undefined) throw new InputError(`--${spec.name} needs a value ${spec.placeholder ?? ""}.`.replace(/ \.$/, "."));
    options[spec.name] = value;
  }
  return { options, positional };
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
