/**
 * Calendar periods for cohort tables: weeks (ISO 8601, Monday to Sunday), months, quarters and years.
 *
 * Unlike the time units of the model summaries (DESIGN §2: fixed lengths in days), cohorts are calendar
 * buckets: customers acquired in January form the January cohort whatever the day. A period is
 * identified by an integer index that increases by one from a period to the next, so "periods since
 * acquisition" is a difference of indices.
 */
import { serialFromYmd, ymdFromSerial } from "./dates";

export type CohortUnit = "W" | "M" | "Q" | "Y";
export const COHORT_UNITS: readonly CohortUnit[] = ["W", "M", "Q", "Y"];

/** Words accepted for a calendar period besides its letter ("month" for "M"). */
export const COHORT_UNIT_WORDS: Readonly<Record<string, CohortUnit>> = {
  week: "W",
  weeks: "W",
  month: "M",
  months: "M",
  quarter: "Q",
  quarters: "Q",
  year: "Y",
  years: "Y",
};

/**
 * Days since 1899-12-30 of a serial's day. From 1900-03-01 on this is the serial itself; earlier serials
 * are one lower because of Excel's phantom 1900-02-29 (serial 60, which falls on the same day as 59 here).
 */
function trueDay(serial: number): number {
  return serial < 60 ? serial + 1 : serial;
}

function serialOfTrueDay(day: number): number {
  return day <= 60 ? day - 1 : day;
}

/** 1900-01-01, true day 2, was a Monday: weeks are counted from it. */
const FIRST_MONDAY = 2;

/** Index of the calendar period containing the whole-day serial. */
export function periodIndex(serial: number, unit: CohortUnit): number {
  if (unit === "W") return Math.floor((trueDay(serial) - FIRST_MONDAY) / 7);
  const { year, month } = ymdFromSerial(serial);
  switch (unit) {
    case "M":
      return year * 12 + (month - 1);
    case "Q":
      return year * 4 + Math.floor((month - 1) / 3);
    default:
      return year;
  }
}

/** Serial of the first day of a period. */
export function periodStart(index: number, unit: CohortUnit): number {
  switch (unit) {
    case "W":
      return serialOfTrueDay(FIRST_MONDAY + 7 * index);
    case "M":
      return serialFromYmd(Math.floor(index / 12), (index % 12) + 1, 1);
    case "Q":
      return serialFromYmd(Math.floor(index / 4), (index % 4) * 3 + 1, 1);
    default:
      return serialFromYmd(index, 1, 1);
  }
}

/**
 * Label of a period: "1997-W05" (ISO 8601 week: the week belongs to the year of its Thursday),
 * "1997-01", "1997-Q1", "1997".
 */
export function periodLabel(index: number, unit: CohortUnit): string {
  switch (unit) {
    case "W": {
      const thursday = serialOfTrueDay(FIRST_MONDAY + 7 * index + 3);
      const { year } = ymdFromSerial(thursday);
      const week = Math.floor((thursday - serialFromYmd(year, 1, 1)) / 7) + 1;
      return `${year}-W${String(week).padStart(2, "0")}`;
    }
    case "M": {
      const year = Math.floor(index / 12);
      return `${year}-${String((index % 12) + 1).padStart(2, "0")}`;
    }
    case "Q":
      return `${Math.floor(index / 4)}-Q${(index % 4) + 1}`;
    default:
      return String(index);
  }
}

/**
 * A memo of periodIndex over whole-day serials in [firstDay, lastDay]: each distinct day is converted
 * once, so a million rows cost a million array reads rather than a million date conversions.
 */
export class PeriodIndexer {
  private readonly table: Int32Array;
  private readonly known: Uint8Array;
  constructor(
    private readonly unit: CohortUnit,
    private readonly firstDay: number,
    lastDay: number,
  ) {
    const size = lastDay - firstDay + 1;
    this.table = new Int32Array(size);
    this.known = new Uint8Array(size);
  }

  of(day: number): number {
    const i = day - this.firstDay;
    if (this.known[i] === 0) {
      this.table[i] = periodIndex(day, this.unit);
      this.known[i] = 1;
    }
    return this.table[i];
  }
}
