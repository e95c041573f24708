/**
 * One student's transaction log: simulated from the class's parameters (varied per student) with the
 * planted effects of the case config, by the core's seeded simulator (core/simulate/transactions.ts:
 * BG/NBD purchases, Gamma-Gamma amounts). The same seed and index give the same log on every machine.
 *
 * Customers are drawn one by one: an acquisition month, a segment, a channel; then each group of
 * customers sharing (month, segment) is simulated with its own parameters: the planted segment's
 * purchase rate λ ~ Gamma(r, α) is scaled by dividing α, the churning cohort's dropout p ~ Beta(a, b)
 * by multiplying a. Returns and costs are added per purchase afterwards.
 */
import { serialFromIso, serialFromYmd, ymdFromSerial } from "../../core/data/dates";
import { createRng, type Rng } from "../../core/math/random";
import { bgnbd } from "../../core/models/bgnbd";
import { simulateTransactions } from "../../core/simulate/transactions";
import type { RawCell, RawTable } from "../read";
import type { CaseConfig } from "./config";

export const CASE_HEADERS = ["Order ID", "Customer ID", "Order date", "Amount", "Cost", "Channel", "Segment"] as const;

export interface StudentParams {
  readonly purchase: { r: number; alpha: number; a: number; b: number };
  readonly spend: { p: number; q: number; gamma: number };
}

export interface StudentCase {
  /** "student-07" */
  readonly id: string;
  readonly index: number;
  /** the seed of this student's stream (from the class seed and the index) */
  readonly seed: number;
  /** the parameters the log was simulated from (before the planted effects) */
  readonly params: StudentParams;
  readonly table: RawTable;
}

/** The seed of student `index` (1-based): a 32-bit mix of the class seed and the index. */
export function studentSeed(classSeed: number, index: number): number {
  let h = (Math.imul(classSeed >>> 0, 0x9e3779b1) ^ Math.imul(index, 0x85ebca6b)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  return (h ^ (h >>> 15)) >>> 0;
}

function jitter(rng: Rng, v: number, sd: number): number {
  return v * Math.exp(sd * rng.normal());
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

/** First day of the calendar month `k` months after the month of `serial`. */
function monthStart(serial: number, k: number): number {
  const { year, month } = ymdFromSerial(serial);
  const m = month - 1 + k;
  return serialFromYmd(year + Math.floor(m / 12), (m % 12) + 1, 1);
}

export function simulateStudent(config: CaseConfig, classSeed: number, index: number): StudentCase {
  const seed = studentSeed(classSeed, index);
  const rng = createRng(seed);
  const v = config.studentVariation;
  const params: StudentParams = {
    purchase: {
      r: jitter(rng, config.purchase.r, v),
      alpha: jitter(rng, config.purchase.alpha, v),
      a: jitter(rng, config.purchase.a, v),
      b: jitter(rng, config.purchase.b, v),
    },
    spend: { p: jitter(rng, config.spend.p, v), q: jitter(rng, config.spend.q, v), gamma: jitter(rng, config.spend.gamma, v) },
  };
  const start = serialFromIso(config.start);
  const end = serialFromIso(config.end);
  const e = config.effects;

  // Customers: acquisition month (0-based), planted segment?, planted channel?
  const groups = new Map<string, number[]>();
  const channelOf: boolean[] = [];
  for (let c = 0; c < config.customers; c++) {
    const month = rng.integer(config.acquisitionMonths);
    const premium = rng.uniform() < e.segment.share;
    channelOf.push(rng.uniform() < e.channel.share);
    const key = `${month}|${premium ? 1 : 0}`;
    const list = groups.get(key) ?? [];
    list.push(c);
    groups.set(key, list);
  }
  interface Row {
    customer: number;
    day: number;
    amount: number;
  }
  const purchases: Row[] = [];
  for (const key of [...groups.keys()].sort()) {
    const members = groups.get(key)!;
    const [month, premium] = key.split("|").map(Number);
    const first = monthStart(start, month);
    const last = monthStart(start, month + 1) - 1;
    const p = { ...params.purchase };
    if (premium) p.alpha /= e.segment.purchaseRateMultiplier;
    if (month + 1 === e.churningCohort.month) p.a *= e.churningCohort.dropoutMultiplier;
    const sim = simulateTransactions({ model: bgnbd, params: p }, params.spend, members.length, first, end, rng.nextUint32(), {
      daysPerUnit: 7,
      acquisitionDays: Math.min(last, end) - first,
    });
    for (let i = 0; i < sim.length; i++) purchases.push({ customer: members[sim.customer[i] - 1], day: sim.day[i], amount: round2(sim.amount[i]) });
  }
  // Returns: a purchase returned in full, 1..maxDays later (within the log).
  const rows: { customer: number; day: number; amount: number; cost: number }[] = [];
  for (const pu of purchases) {
    const share = channelOf[pu.customer] ? e.channel.costShare : e.channel.otherCostShare;
    rows.push({ ...pu, cost: round2(pu.amount * share * (0.8 + 0.4 * rng.uniform())) });
    if (rng.uniform() < e.returns.rate) {
      const day = Math.min(end, pu.day + 1 + rng.integer(e.returns.maxDays));
      rows.push({ customer: pu.customer, day, amount: -pu.amount, cost: 0 });
    }
  }
  rows.sort((x, y) => x.day - y.day || x.customer - y.customer || y.amount - x.amount);
  const premiumOf = new Map<number, boolean>();
  for (const [key, members] of groups) for (const m of members) premiumOf.set(m, key.endsWith("|1"));
  const table: RawCell[][] = [[...CASE_HEADERS]];
  rows.forEach((r, i) =>
    table.push([
      i + 1,
      `C${String(r.customer + 1).padStart(5, "0")}`,
      r.day,
      r.amount,
      r.cost,
      channelOf[r.customer] ? e.channel.name : e.channel.other,
      premiumOf.get(r.customer) ? e.segment.name : e.segment.other,
    ]),
  );
  const id = `student-${String(index).padStart(2, "0")}`;
  return { id, index, seed, params, table: { rows: table, dateColumns: new Set([2]), origin: id } };
}
