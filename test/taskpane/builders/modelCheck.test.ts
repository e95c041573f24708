/**
 * The Model check sheet plan on the CDNOW sample: the live plan writes the measurement formulas
 * (CLV.QUALITY, COMPARE, TRACK, HOLDOUT.BYFREQ, ACCURACY, REFIT) over the data and the split, the
 * values-only plan the same core numbers; with the calibration end of Fader, Hardie & Lee (2005),
 * 1997-09-30, the holdout totals are theirs (1,882 actual; BG/NBD 1,653.41 predicted, published.json).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { published } from "../../support/samples";
import { cdnowInput } from "../cdnow";
import { overlaps, planFormulas, writeLabelled } from "../planTools";
import { buildModelCheckSheet, candidateModels, fitModelCheck, type ModelCheckFits } from "../../../src/taskpane/builders/modelCheck";
import { FitsRequired } from "../../../src/taskpane/builders/modelData";
import { serialFromIso } from "../../../src/core/data/dates";
import { DEFAULT_OPTIONS, type BuildInput, type BuildOptions } from "../../../src/taskpane/builders/types";

describe("Model check plan on CDNOW", () => {
  let input: BuildInput;
  let liveFits: ModelCheckFits | undefined;
  let valuesFits: ModelCheckFits | undefined;
  const options: BuildOptions = { ...DEFAULT_OPTIONS, calibrationEnd: serialFromIso("1997-09-30") };

  // The fits are computed beforehand, as the pane and the CLI do (fitModelCheck); the builder never fits.
  beforeAll(async () => {
    input = cdnowInput();
    liveFits = await fitModelCheck(input, options);
    valuesFits = await fitModelCheck(input, { ...options, valuesOnly: true });
  }, 120_000);

  it("the builder does not fit: without precomputed fits it raises FitsRequired, live and values only", () => {
    expect(() => buildModelCheckSheet(input, options)).toThrow(FitsRequired);
    expect(() => buildModelCheckSheet(input, { ...options, valuesOnly: true })).toThrow(FitsRequired);
    // Values need the decay table's refits, which a live build does not compute.
    expect(liveFits!.refits).toBeUndefined();
    expect(() => buildModelCheckSheet(input, { ...options, valuesOnly: true }, liveFits)).toThrow(FitsRequired);
    // Fits of another calibration end do not belong to this sheet.
    expect(() => buildModelCheckSheet(input, { ...options, calibrationEnd: serialFromIso("1997-10-31") }, liveFits)).toThrow(FitsRequired);
  });

  it("the precomputed fits are those of the shared pipeline: BG/NBD on the calibration period of FHL (2005)", () => {
    // Fader, Hardie & Lee (2005), weekly, calibration to 1997-09-30 (published.json bgnbd_cdnow).
    const pub = published().bgnbd_cdnow.published;
    const bg = valuesFits!.candidates.find((c) => c.model.name === "BG/NBD")!.fit!;
    for (const k of ["r", "alpha", "a", "b"]) expect(bg.params[k], k).toBeCloseTo(pub[k], 2);
    expect(valuesFits!.refits && "rows" in valuesFits!.refits ? valuesFits!.refits.rows.length : 0).toBe(3);
  });

  it("candidates come from the registry: every continuous-time count model", () => {
    expect(candidateModels().map((m) => m.name)).toEqual(["BG/NBD", "Pareto/NBD", "MBG/NBD"]);
  });

  it("live: one formula per measurement function, spills that do not overlap, two charts", () => {
    const plan = buildModelCheckSheet(input, options, liveFits);
    expect(plan.kind).toBe("modelCheck");
    expect(plan.name).toBe("CLV Model check");
    const formulas = planFormulas(plan);
    for (const f of ["QUALITY", "SPLIT", "COMPARE", "TRACK", "HOLDOUT.BYFREQ", "ACCURACY", "REFIT"]) {
      expect(formulas.some((x) => x.startsWith(`=CLV.${f}(`)), f).toBe(true);
    }
    expect(overlaps(plan)).toEqual([]);
    expect(plan.charts.map((c) => c.type)).toEqual(["Line", "ColumnClustered"]);
    // 78 weekly tracking rows from 1997-01-01 to 1998-06-30.
    expect(writeLabelled(plan, "tracking").spill?.rows).toBe(78);
  });

  it("values only: the holdout totals of FHL (2005) in the comparison and by frequency", () => {
    const plan = buildModelCheckSheet(input, { ...options, valuesOnly: true }, valuesFits);
    const compare = writeLabelled(plan, "compare").cells;
    expect(compare[0]).toEqual(["model", "BG/NBD", "Pareto/NBD", "MBG/NBD"]);
    const line = (label: string) => compare.find((r) => r[0] === label)!;
    expect(line("holdout actual").slice(1)).toEqual([1882, 1882, 1882]);
    expect(line("holdout predicted")[1] as number).toBeCloseTo(published().cdnow.holdout.bgnbd_predicted_total_peer, 1);
    expect(line("log-likelihood")[1] as number).toBeCloseTo(-9582.43, 1);
    const byFreq = writeLabelled(plan, "holdout by frequency").cells;
    expect(byFreq.map((r) => r[0])).toEqual(["0", "1", "2", "3", "4", "5", "6", "7+", "all"]);
    expect(byFreq[8][4]).toBe(1882);
    const tracking = writeLabelled(plan, "tracking").cells;
    expect(tracking).toHaveLength(78);
    expect((tracking[77][5] as number) - (tracking[38][5] as number)).toBe(1882);
    // Accuracy: the holdout reaches 9 months, so only the 6-month horizon.
    const acc = writeLabelled(plan, "accuracy").cells;
    expect(acc.map((r) => r[0])).toEqual(["predicted 6 months"]);
    const decay = writeLabelled(plan, "decay").cells;
    expect(decay).toHaveLength(3);
    expect(decay[2][0]).toBe(serialFromIso("1997-09-30"));
    expect(decay[2][decay[2].length - 3]).toBe(1882);
    expect(overlaps(plan)).toEqual([]);
  });
});

describe("Model check with a segment column: the tier audit", () => {
  it("live formula and values plan agree; groups are the customers' first labels (acquisition month here)", async () => {
    const { cdnowSheetRows, inputFromRows } = await import("../cdnow");
    const { tierAuditFn } = await import("../../../src/functions/measurement");
    const { isoFromSerial } = await import("../../../src/core/data/dates");
    const rows = cdnowSheetRows().map((r, i) => (i === 0 ? [...r, "Segment"] : [...r, isoFromSerial(r[1] as number).slice(0, 7)]));
    const input = inputFromRows(rows);
    expect(input.mapping.segment).toBe(3);
    const options: BuildOptions = { ...DEFAULT_OPTIONS, calibrationEnd: serialFromIso("1997-09-30") };
    const livePlan = buildModelCheckSheet(input, options, await fitModelCheck(input, options));
    expect(planFormulas(livePlan).some((f) => f.startsWith("=CLV.TIER.AUDIT("))).toBe(true);
    const inputs = writeLabelled(livePlan, "tier audit inputs").cells;
    const fromFunction = tierAuditFn(inputs.map((r) => [r[0]]), inputs.map((r) => [r[1]]), null, null) as unknown[][];
    const valuesPlan = buildModelCheckSheet(input, { ...options, valuesOnly: true }, await fitModelCheck(input, { ...options, valuesOnly: true }));
    const values = writeLabelled(valuesPlan, "tier audit").cells;
    expect(fromFunction.length).toBe(values.length);
    fromFunction.forEach((r, i) => r.forEach((v, j) => (typeof v === "number" ? expect(v).toBeCloseTo(values[i][j] as number, 12) : expect(v).toEqual(values[i][j]))));
    // CDNOW customers were acquired in January to March 1997: three groups.
    expect(values.slice(1, 4).map((r) => r[0])).toEqual(["1997-01", "1997-02", "1997-03"]);
    expect(values[4][1]).toBe(2357);
    expect(overlaps(valuesPlan)).toEqual([]);
    expect(overlaps(livePlan)).toEqual([]);
  });
});
