/**
 * Formulas as the .xlsx file stores them (src/cli/xlsx/formula.ts). Expected texts follow the stored
 * forms in ECMA-376 / [MS-XLSX] and in files Excel saves: `_xlfn.` future functions, `_xlfn._xlws.`
 * worksheet-only ones, `_xlfn.ANCHORARRAY` for the `#` spill operator, `_xldudf_` add-in functions.
 */
import { describe, expect, it } from "vitest";
import { addinFunctionName, fileFormula } from "../../src/cli/xlsx/formula";

describe("fileFormula", () => {
  it("drops the leading = and stores add-in functions as _xldudf_ names (dynamic arrays)", () => {
    expect(fileFormula("=CLV.SUMMARY(Data!$A$2:$A$9,Data!$B$2:$B$9,Data!$C$2:$C$9,,\"W\",FALSE)")).toEqual({
      text: '_xldudf_CLV_SUMMARY(Data!$A$2:$A$9,Data!$B$2:$B$9,Data!$C$2:$C$9,,"W",FALSE)',
      dynamic: true,
    });
    expect(addinFunctionName("CLV.RFM.TABLE")).toBe("_xldudf_CLV_RFM_TABLE");
    expect(fileFormula("=clv.ltv_cac(D5,$B$58)").text).toBe("_xldudf_CLV_LTV_CAC(D5,$B$58)");
  });

  it("stores spill references as ANCHORARRAY, with or without a sheet, and keeps such formulas plain", () => {
    expect(fileFormula("=SUM(INDEX($A$6#,0,2))")).toEqual({ text: "SUM(INDEX(_xlfn.ANCHORARRAY($A$6),0,2))", dynamic: false });
    expect(fileFormula("=ROWS(B7#)").text).toBe("ROWS(_xlfn.ANCHORARRAY(B7))");
    expect(fileFormula("='CLV Model'!$A$6#").text).toBe("_xlfn.ANCHORARRAY('CLV Model'!$A$6)");
  });

  it("prefixes functions newer than Excel 2007", () => {
    expect(fileFormula("=PERCENTILE.INC($N$6#,0.95)").text).toBe("_xlfn.PERCENTILE.INC(_xlfn.ANCHORARRAY($N$6),0.95)");
    expect(fileFormula("=IFERROR(ROWS(UNIQUE(FILTER(Data!$A$2:$A$9,Data!$D$2:$D$9=H5))),0)")).toEqual({
      text: "IFERROR(ROWS(_xlfn.UNIQUE(_xlfn._xlws.FILTER(Data!$A$2:$A$9,Data!$D$2:$D$9=H5))),0)",
      dynamic: true,
    });
    // Excel 2007 functions keep their names.
    expect(fileFormula('=COUNTIFS(A1:A9,">="&B1,A1:A9,"<"&C1)').text).toBe('COUNTIFS(A1:A9,">="&B1,A1:A9,"<"&C1)');
  });

  it("leaves string literals and quoted sheet names alone", () => {
    expect(fileFormula('=IF(A1>0,"CLV.VALUE(x) and A1#","")').text).toBe('IF(A1>0,"CLV.VALUE(x) and A1#","")');
    expect(fileFormula("='It''s CLV.X'!$A$1+1").text).toBe("'It''s CLV.X'!$A$1+1");
    expect(fileFormula('="say ""UNIQUE(""')).toEqual({ text: '"say ""UNIQUE(""', dynamic: false });
  });

  it("does not touch names that merely contain a function name or a cell-like text", () => {
    expect(fileFormula("=MYSORT(A1)+XCLV.X(1)").text).toBe("MYSORT(A1)+XCLV.X(1)");
    expect(fileFormula("=(1+B8)^(1/12)-1")).toEqual({ text: "(1+B8)^(1/12)-1", dynamic: false });
  });
});
