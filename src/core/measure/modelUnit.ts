/**
 * The time unit a model table records (DESIGN §2: units travel with the model). The fitted table's
 * "time unit" row holds "D", "W", "M" or "Y", optionally followed by words ("W (weeks)"); a hand-typed
 * table may spell it out ("weeks"). A table without the row is read in the default unit.
 */
import { invalidArgument } from "../errors";
import type { TimeUnit } from "../data/dates";

export const DEFAULT_MODEL_UNIT: TimeUnit = "W";

const WORDS: Record<string, TimeUnit> = {
  d: "D",
  day: "D",
  days: "D",
  w: "W",
  week: "W",
  weeks: "W",
  m: "M",
  month: "M",
  months: "M",
  y: "Y",
  year: "Y",
  years: "Y",
};

/** The unit of a model table, or undefined when it has no "time unit" row. */
export function tableTimeUnit(range: readonly (readonly unknown[])[], argName = "model"): TimeUnit | undefined {
  for (let i = 0; i < range.length; i++) {
    const label = range[i][0];
    if (typeof label !== "string" || !/^(time )?unit$/i.test(label.trim())) continue;
    const v = range[i][1];
    const word = typeof v === "string" ? v.trim().split(/[\s(]/)[0].toLowerCase() : "";
    const unit = WORDS[word];
    if (!unit) throw invalidArgument(`${argName}: the 'time unit' row (row ${i + 1}) reads ${JSON.stringify(v)}; write D, W, M or Y.`);
    return unit;
  }
  return undefined;
}
