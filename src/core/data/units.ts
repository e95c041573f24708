/**
 * Time units (DESIGN §2): time is measured in days and expressed in a unit of fixed length, never a
 * calendar bucket: "D" 1 day, "W" 7 days, "M" 365.25/12 days, "Y" 365.25 days.
 *
 * One project-wide default, weeks, holds for every function that measures time (CLV.SUMMARY,
 * CLV.SPLIT, every *.FIT) and for model tables that do not state their unit: the published CDNOW
 * figures (Fader, Hardie & Lee 2005) are in weeks, and a fitted model table records the unit it was
 * fitted in so predictions never have to guess.
 */
export type TimeUnit = "D" | "W" | "M" | "Y";

export const TIME_UNITS: readonly TimeUnit[] = ["D", "W", "M", "Y"];

/** The unit used when none is given (SUMMARY, SPLIT, FIT, hand-typed model tables). */
export const DEFAULT_TIME_UNIT: TimeUnit = "W";

/** Length of a time unit in days. */
export const DAYS_PER_UNIT: Readonly<Record<TimeUnit, number>> = {
  D: 1,
  W: 7,
  M: 365.25 / 12,
  Y: 365.25,
};

/** Plain names for labels and messages. */
export const UNIT_NAMES: Readonly<Record<TimeUnit, string>> = { D: "days", W: "weeks", M: "months", Y: "years" };

/** Other accepted spellings of the units (case-insensitive). */
export const TIME_UNIT_ALIASES: Readonly<Record<string, TimeUnit>> = {
  day: "D",
  days: "D",
  week: "W",
  weeks: "W",
  month: "M",
  months: "M",
  year: "Y",
  years: "Y",
};

/** The unit a text names ("W", "weeks", "w"), or undefined. */
export function parseTimeUnit(text: string): TimeUnit | undefined {
  const t = text.trim();
  const upper = t.toUpperCase();
  if ((TIME_UNITS as readonly string[]).includes(upper)) return upper as TimeUnit;
  return TIME_UNIT_ALIASES[t.toLowerCase()];
}

/** Number of `unit`s in one month of 365.25/12 days: D 30.4375, W 4.348..., M 1, Y 1/12. */
export function unitsPerMonth(unit: TimeUnit): number {
  return DAYS_PER_UNIT.M / DAYS_PER_UNIT[unit];
}

/** "W (weeks)" */
export function describeUnit(unit: TimeUnit): string {
  return `${unit} (${UNIT_NAMES[unit]})`;
}
