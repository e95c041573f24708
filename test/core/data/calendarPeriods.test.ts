import { describe, expect, it } from "vitest";
import { serialFromIso, isoFromSerial } from "../../../src/core/data/dates";
import { periodIndex, periodLabel, periodStart } from "../../../src/core/data";

const d = (iso: string): number => serialFromIso(iso);
const label = (iso: string, unit: "W" | "M" | "Q" | "Y") => periodLabel(periodIndex(d(iso), unit), unit);
const start = (iso: string, unit: "W" | "M" | "Q" | "Y") => isoFromSerial(periodStart(periodIndex(d(iso), unit), unit));

describe("calendar periods", () => {
  it("labels ISO 8601 weeks (the week's Thursday decides the year)", () => {
    // Known ISO week dates: 1997-01-01 is a Wednesday in 1997-W01; 2021-01-01 (Friday) is in 2020-W53;
    // 2024-12-30 (Monday) starts 2025-W01; 2026-06-15 is a Monday in W25.
    expect(label("1997-01-01", "W")).toBe("1997-W01");
    expect(start("1997-01-01", "W")).toBe("1996-12-30");
    expect(label("2021-01-01", "W")).toBe("2020-W53");
    expect(label("2024-12-30", "W")).toBe("2025-W01");
    expect(label("2024-12-29", "W")).toBe("2024-W52");
    expect(label("2026-06-15", "W")).toBe("2026-W25");
    expect(label("2026-06-21", "W")).toBe("2026-W25");
    expect(label("2026-06-22", "W")).toBe("2026-W26");
  });

  it("labels months, quarters and years and finds their first days", () => {
    expect(label("1997-03-31", "M")).toBe("1997-03");
    expect(start("1997-03-31", "M")).toBe("1997-03-01");
    expect(label("1997-11-05", "Q")).toBe("1997-Q4");
    expect(start("1997-11-05", "Q")).toBe("1997-10-01");
    expect(label("1997-11-05", "Y")).toBe("1997");
    expect(start("1997-11-05", "Y")).toBe("1997-01-01");
  });

  it("numbers consecutive periods consecutively across year ends", () => {
    expect(periodIndex(d("1998-01-15"), "M") - periodIndex(d("1997-12-31"), "M")).toBe(1);
    expect(periodIndex(d("1998-01-01"), "Q") - periodIndex(d("1997-12-31"), "Q")).toBe(1);
    expect(periodIndex(d("2025-01-06"), "W") - periodIndex(d("2025-01-05"), "W")).toBe(1);
    expect(periodIndex(d("2025-01-05"), "W") - periodIndex(d("2024-12-30"), "W")).toBe(0);
  });
});
