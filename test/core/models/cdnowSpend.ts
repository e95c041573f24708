/**
 * Test helper: CDNOW repeat-purchase average spend per customer for the Gamma-Gamma checks, computed
 * directly from CDNOW_sample.txt by the rule of Fader & Hardie (2013) note 025 and the shared
 * summary rule (test/fixtures/published.json `cdnow.summary_rule`): calibration period up to
 * 1997-09-30, purchases of the same customer on the same day merge into one purchase day (values
 * summed), frequency = purchase days after the first, monetary = mean value of those repeat days.
 * Written independently of src/core/data so the model tests do not depend on it.
 */
import { readCdnowTransactions } from "../../support/samples";

export interface CdnowSpend {
  /** customer id 1..2357 in file order of first appearance sorted by id */
  readonly id: number[];
  readonly frequency: number[];
  readonly monetary: number[];
}

export function cdnowSpend(calibrationEnd = "1997-09-30"): CdnowSpend {
  const tx = readCdnowTransactions();
  const byCustomer = new Map<number, Map<string, number>>();
  for (let i = 0; i < tx.customer.length; i++) {
    if (tx.date[i] > calibrationEnd) continue; // ISO dates compare as text
    const id = Number(tx.customer[i]);
    let days = byCustomer.get(id);
    if (!days) byCustomer.set(id, (days = new Map()));
    days.set(tx.date[i], (days.get(tx.date[i]) ?? 0) + tx.amount[i]);
  }
  const ids = Array.from(byCustomer.keys()).sort((a, b) => a - b);
  const frequency: number[] = [];
  const monetary: number[] = [];
  for (const id of ids) {
    const days = Array.from(byCustomer.get(id)!.entries()).sort((a, b) => (a[0] < b[0] ? -1 : 1));
    const repeat = days.slice(1);
    frequency.push(repeat.length);
    monetary.push(repeat.length ? repeat.reduce((s, [, v]) => s + v, 0) / repeat.length : 0);
  }
  return { id: ids, frequency, monetary };
}
