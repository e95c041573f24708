/**
 * Dates as Excel sees them.
 *
 * Excel's 1900 date system numbers days from 1900-01-01 = 1, and (copying Lotus 1-2-3) counts a
 * 29 February 1900 that never existed as serial 60. From 1900-03-01 (serial 61) on, a serial is simply
 * the number of days since 1899-12-30. Times of day are the fractional part.
 * (Microsoft, "Excel incorrectly assumes that the year 1900 is a leap year", KB 214326.)
 *
 * The core works on whole-day serials: purchases on the same day merge, and every duration is a
 * difference of day serials expressed in a time unit (DESIGN §2).
 */

/** The largest serial Excel accepts: 9999-12-31. */
export const MAX_EXCEL_SERIAL = 2958465;

const MS_PER_DAY = 86_400_000;
/** Days from 1970-01-01 to 1899-12-30, the zero of the modern part of the serial scale. */
const EPOCH_OFFSET_DAYS = 25569;

/** Days since 1970-01-01 of a proleptic Gregorian date (UTC, no time zones involved). */
function daysFromCivil(year: number, month: number, day: number): number {
  return Math.round(Date.UTC(year, month - 1, day) / MS_PER_DAY);
}

/** Excel serial of a calendar date, or NaN when the date does not exist (e.g. 2023-02-30). */
export function serialFromYmd(year: number, month: number, day: number): number {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return NaN;
  if (month < 1 || month > 12 || day < 1 || day > 31) return NaN;
  if (year === 1900 && month === 2 && day === 29) return 60; // Excel's phantom leap day
  const d = new Date(Date.UTC(year, month - 1, day));
  if (d.getUTCFullYear() !== year || d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return NaN;
  const serial = daysFromCivil(year, month, day) + EPOCH_OFFSET_DAYS;
  // Before 1900-03-01 the Lotus leap-day bug shifts serials down by one.
  const result = serial < 61 ? serial - 1 : serial;
  return result >= 1 && result <= MAX_EXCEL_SERIAL ? result : NaN;
}

/** Calendar parts of a (whole-day part of a) serial. */
export function ymdFromSerial(serial: number): { year: number; month: number; day: number } {
  const whole = Math.floor(serial);
  if (whole === 60) return { year: 1900, month: 2, day: 29 };
  const days = (whole < 60 ? whole + 1 : whole) - EPOCH_OFFSET_DAYS;
  const d = new Date(days * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** ISO text (YYYY-MM-DD) of a serial's day. */
export function isoFromSerial(serial: number): string {
  const { year, month, day } = ymdFromSerial(serial);
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

// ISO 8601 calendar dates: extended (1997-01-31, 1997/01/31) or basic (19970131), with an optional
// time of day (T or space separated, HH:MM or HH:MM:SS, optional fraction and zone designator, which is
// ignored: a purchase date is a local calendar day).
const ISO_DATE = /^(\d{4})([-/])(\d{1,2})\2(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})$/;

/**
 * Serial (with a time-of-day fraction) of ISO date text, or NaN when the text is not a valid date.
 * Only unambiguous year-first forms are read: "03/04/1997" means different days in different locales,
 * so it is refused rather than guessed.
 */
export function serialFromIso(text: string): number {
  const s = text.trim();
  const basic = ISO_BASIC.exec(s);
  if (basic) return serialFromYmd(Number(basic[1]), Number(basic[2]), Number(basic[3]));
  const m = ISO_DATE.exec(s);
  if (!m) return NaN;
  const day = serialFromYmd(Number(m[1]), Number(m[3]), Number(m[4]));
  if (Number.isNaN(day) || m[5] === undefined) return day;
  const hours = Number(m[5]);
  const minutes = Number(m[6]);
  const seconds = m[7] === undefined ? 0 : Number(m[7]);
  if (hours > 23 || minutes > 59 || seconds > 59) return NaN;
  return day + (hours * 3600 + minutes * 60 + seconds) / 86400;
}

/** True when `value` is a plausible Excel date serial (1900-01-01 .. 9999-12-31). */
export function isExcelSerial(value: number): boolean {
  return Number.isFinite(value) && value >= 1 && value < MAX_EXCEL_SERIAL + 1;
}

/** Time units live in units.ts; re-exported here for existing imports. */
export type { TimeUnit } from "./units";
export { DAYS_PER_UNIT } from "./units";
