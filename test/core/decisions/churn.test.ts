import { describe, expect, it } from "vitest";
import { churnByPeriod, churnRuleHeader } from "../../../src/core/decisions/churn";
import { serialFromYmd } from "../../../src/core/data/dates";

const d = (m: number, day = 15) => serialFromYmd(2024, m, day);

describe("churn per calendar month (hand counts)", () => {
  // a: Jan, Feb, Apr (lost in Mar, reactivated in Apr); b: Jan only; c: Feb, Mar; d: Mar, Apr (two rows in Apr).
  const ids = ["a", "a", "a", "b", "c", "c", "d", "d", "d"];
  const days = [d(1), d(2), d(4), d(1), d(2), d(3), d(3), d(4, 2), d(4, 20)];

  it("window of one month: active = bought in the month", () => {
    const rows = churnByPeriod(ids, days, { unit: "M", inactiveAfter: 1 });
    expect(rows.map((r) => r.label)).toEqual(["2024-01", "2024-02", "2024-03", "2024-04"]);
    // Jan: new a, b. Feb: a retained, b lost, c new. Mar: a lost, c retained, d new. Apr: a reactivated, c lost, d retained.
    expect(rows.map((r) => [r.activeStart, r.retained, r.lost, r.new, r.reactivated, r.activeEnd])).toEqual([
      [0, 0, 0, 2, 0, 2],
      [2, 1, 1, 1, 0, 2],
      [2, 1, 1, 1, 0, 2],
      [2, 1, 1, 0, 1, 2],
    ]);
    expect(rows[1].retentionRate).toBe(0.5);
    expect(rows[1].churnRate).toBe(0.5);
    expect(Number.isNaN(rows[0].retentionRate)).toBe(true);
  });

  it("window of two months: a stays active through March, b is lost in March", () => {
    const rows = churnByPeriod(ids, days, { unit: "M", inactiveAfter: 2 });
    expect(rows.map((r) => [r.activeStart, r.retained, r.lost, r.new, r.reactivated, r.activeEnd])).toEqual([
      [0, 0, 0, 2, 0, 2],
      [2, 2, 0, 1, 0, 3],
      [3, 2, 1, 1, 0, 3],
      [3, 3, 0, 0, 0, 3],
    ]);
  });

  it("period_end drops later rows; the header states the rule", () => {
    const rows = churnByPeriod(ids, days, { unit: "M", inactiveAfter: 1, periodEnd: d(2, 28) });
    expect(rows).toHaveLength(2);
    expect(churnRuleHeader("M", 1)).toBe("period (active = bought in the month)");
    expect(churnRuleHeader("Q", 3)).toBe("period (active = bought in the quarter or the 2 quarters before)");
  });
});
