/**
 * Retention and churn per calendar period from a transaction log, for non-contractual customers whose
 * churn is not observed: a customer counts as active at the end of a period when they bought in that
 * period or in the `inactiveAfter − 1` periods before it (an activity window, the usual operational
 * definition: Ascarza et al. 2018, "In Pursuit of Enhanced Customer Retention Management", Customer
 * Needs and Solutions 5, §2; with a window of 1, active = bought in the period). Per period p:
 *   active at start  active at the end of p − 1
 *   retained         active at the start and at the end of p
 *   lost             active at the start, not at the end
 *   new              first purchase ever in p
 *   reactivated      active at the end, not at the start, and bought before p
 *   active at end    retained + new + reactivated
 *   retention rate   retained / active at start;   churn rate = lost / active at start = 1 − retention
 */
import { periodIndex, periodLabel, type CohortUnit } from "../data/calendarPeriods";
import { CustomerInterner } from "../data/customerIds";
import { invalidArgument } from "../errors";

export interface ChurnRow {
  readonly label: string;
  readonly activeStart: number;
  readonly retained: number;
  readonly lost: number;
  readonly new: number;
  readonly reactivated: number;
  readonly activeEnd: number;
  /** NaN when nobody was active at the start */
  readonly retentionRate: number;
  readonly churnRate: number;
}

export interface ChurnOptions {
  readonly unit: CohortUnit;
  /** last day counted (rows after it are ignored); default: the last date */
  readonly periodEnd?: number;
  /** activity window in periods (≥ 1) */
  readonly inactiveAfter: number;
}

export const MAX_CHURN_PERIODS = 20000;

export function churnByPeriod(ids: ArrayLike<unknown>, days: ArrayLike<number>, options: ChurnOptions): ChurnRow[] {
  const L = options.inactiveAfter;
  if (!(L >= 1 && Number.isInteger(L))) throw invalidArgument(`inactive_after is ${L}; it must be a whole number of periods of at least 1`);
  let end = options.periodEnd ?? -Infinity;
  if (options.periodEnd === undefined) for (let i = 0; i < days.length; i++) end = Math.max(end, Math.floor(days[i]));
  const interner = new CustomerInterner();
  const periods: number[][] = [];
  let first = Infinity;
  for (let i = 0; i < days.length; i++) {
    const day = Math.floor(days[i]);
    if (day > end) continue;
    const c = interner.add(ids[i]);
    if (c < 0) throw invalidArgument(`ids: row ${i + 1} is not a customer id (a number or text)`);
    const p = periodIndex(day, options.unit);
    (periods[c] ??= []).push(p);
    first = Math.min(first, p);
  }
  if (!Number.isFinite(first)) throw invalidArgument("There are no transactions on or before period_end");
  const last = periodIndex(end, options.unit);
  const span = last - first + 1;
  if (span > MAX_CHURN_PERIODS) throw invalidArgument(`The data span ${span} periods; choose a longer period (e.g. "Q" or "Y")`);
  const retainedDiff = new Float64Array(span + 1);
  const lost = new Float64Array(span);
  const fresh = new Float64Array(span);
  const reactivated = new Float64Array(span);
  for (const list of periods) {
    if (!list) continue;
    const ps = [...new Set(list)].sort((a, b) => a - b);
    // Merge the activity windows [q, q + L − 1] into spells of activity.
    let s = ps[0];
    let e = ps[0] + L - 1;
    const spells: [number, number][] = [];
    for (let j = 1; j < ps.length; j++) {
      if (ps[j] <= e + 1) e = Math.max(e, ps[j] + L - 1);
      else {
        spells.push([s, e]);
        s = ps[j];
        e = ps[j] + L - 1;
      }
    }
    spells.push([s, e]);
    spells.forEach(([a, b], j) => {
      const ia = a - first;
      (j === 0 ? fresh : reactivated)[ia]++;
      const ib = Math.min(b, last) - first;
      // Retained in the periods after the first of the spell, up to its last period.
      if (ib > ia) {
        retainedDiff[ia + 1]++;
        retainedDiff[ib + 1]--;
      }
      if (b < last) lost[b + 1 - first]++;
    });
  }
  const rows: ChurnRow[] = [];
  let retained = 0;
  for (let k = 0; k < span; k++) {
    retained += retainedDiff[k];
    const activeStart = retained + lost[k];
    rows.push({
      label: periodLabel(first + k, options.unit),
      activeStart,
      retained,
      lost: lost[k],
      new: fresh[k],
      reactivated: reactivated[k],
      activeEnd: retained + fresh[k] + reactivated[k],
      retentionRate: activeStart > 0 ? retained / activeStart : NaN,
      churnRate: activeStart > 0 ? lost[k] / activeStart : NaN,
    });
  }
  return rows;
}

const UNIT_WORDS: Record<CohortUnit, [string, string]> = { W: ["week", "weeks"], M: ["month", "months"], Q: ["quarter", "quarters"], Y: ["year", "years"] };

/** The activity rule as the header of the period column says it. */
export function churnRuleHeader(unit: CohortUnit, inactiveAfter: number): string {
  const [one, many] = UNIT_WORDS[unit];
  return inactiveAfter === 1
    ? `period (active = bought in the ${one})`
    : `period (active = bought in the ${one} or the ${inactiveAfter - 1} ${inactiveAfter - 1 === 1 ? one : many} before)`;
}
