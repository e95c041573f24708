/**
 * Formulas as the .xlsx file stores them (ECMA-376 Part 1, §18.17, plus Microsoft's extensions in
 * [MS-XLSX]), from the formula-bar text the sheet plans hold.
 *
 * - The file holds no leading "=".
 * - Functions added after Excel 2007 carry a future-function prefix: `_xlfn.PERCENTILE.INC`,
 *   `_xlfn.UNIQUE`, and `_xlfn._xlws.FILTER` / `_xlfn._xlws.SORT` for the two that are worksheet-only.
 *   Without the prefix Excel reads the name as an unknown function and shows #NAME?.
 * - The spilled-range operator `A6#` is stored as `_xlfn.ANCHORARRAY(A6)`.
 * - Functions of an Office add-in (custom functions) are stored as `_xldudf_` followed by the
 *   namespace and the function id, dots written as underscores: `CLV.RFM.TABLE(` is
 *   `_xldudf_CLV_RFM_TABLE(`. Excel with the add-in shows `=CLV.RFM.TABLE(...)`; without it, the
 *   formula bar shows the stored name and the cell keeps its cached value until it recalculates, when
 *   it becomes #NAME? (docs/workbook-files.md).
 *
 * Text inside string literals ("...") is never touched.
 */

/** Functions newer than Excel 2007 that the file spells with `_xlfn.` (the ones a plan may use). */
const FUTURE_FUNCTIONS = new Set([
  "AGGREGATE", "BETA.DIST", "BETA.INV", "BINOM.DIST", "CEILING.MATH", "CHISQ.DIST", "CHISQ.INV", "CHOOSECOLS", "CHOOSEROWS",
  "CONCAT", "COVARIANCE.P", "COVARIANCE.S", "DAYS", "DROP", "EXPAND", "EXPON.DIST", "F.DIST", "F.INV", "FLOOR.MATH", "GAMMA",
  "GAMMA.DIST", "GAMMA.INV", "GAMMALN.PRECISE", "HSTACK", "IFNA", "IFS", "ISOWEEKNUM", "LAMBDA", "LET", "LOGNORM.DIST",
  "LOGNORM.INV", "MAXIFS", "MINIFS", "MODE.SNGL", "NORM.DIST", "NORM.INV", "NORM.S.DIST", "NORM.S.INV", "PERCENTILE.EXC",
  "PERCENTILE.INC", "PERCENTRANK.INC", "POISSON.DIST", "QUARTILE.EXC", "QUARTILE.INC", "RANDARRAY", "RANK.AVG", "RANK.EQ",
  "SEQUENCE", "SORTBY", "STDEV.P", "STDEV.S", "SWITCH", "T.DIST", "T.INV", "T.INV.2T", "TAKE", "TEXTAFTER", "TEXTBEFORE",
  "TEXTJOIN", "TEXTSPLIT", "TOCOL", "TOROW", "UNIQUE", "VAR.P", "VAR.S", "VSTACK", "WEIBULL.DIST", "WRAPCOLS", "WRAPROWS",
  "XLOOKUP", "XMATCH",
]);

/** Future functions that also carry the worksheet-only prefix. */
const WORKSHEET_FUNCTIONS = new Set(["FILTER", "SORT"]);

/** Functions whose result is an array even in a single cell (dynamic-array semantics). */
const ARRAY_FUNCTIONS = new Set(["FILTER", "SORT", "SORTBY", "UNIQUE", "SEQUENCE", "RANDARRAY", "HSTACK", "VSTACK", "TAKE", "DROP", "TOCOL", "TOROW", "CHOOSECOLS", "CHOOSEROWS", "EXPAND", "WRAPROWS", "WRAPCOLS", "TEXTSPLIT"]);

/** The add-in's namespace (manifest.xml): every custom function is `CLV.<id>`. */
export const ADDIN_NAMESPACE = "CLV";

export interface FileFormula {
  /** the formula as stored in <f> (no leading "=") */
  readonly text: string;
  /**
   * whether Excel must read it as a dynamic-array formula: it calls an add-in function (stored as a
   * plain formula, Excel 365 opens it as an implicit intersection, `=@CLV...`, and evaluates array
   * arguments such as `IF(range>0, ...)` one cell at a time) or an array function (UNIQUE, FILTER, ...).
   * A formula that only reads a spill (`SUM(A6#)`) needs no array evaluation and stays plain.
   */
  readonly dynamic: boolean;
}

/** The stored name of an add-in function: `CLV.RFM.TABLE` -> `_xldudf_CLV_RFM_TABLE`. */
export function addinFunctionName(name: string): string {
  return `_xldudf_${name.replace(/\./g, "_")}`;
}

const NAME = /[A-Za-z_][A-Za-z0-9_.]*/y;
const SPILL_REF = /((?:'(?:[^']|'')+'|[A-Za-z_][A-Za-z0-9_.]*)!)?\$?[A-Za-z]{1,3}\$?[0-9]+#/y;

/** Translates a plan formula ("=CLV.SUMMARY(Data!$A$2:$A$9,...)") to its stored form. */
export function fileFormula(formula: string): FileFormula {
  const src = formula.startsWith("=") ? formula.slice(1) : formula;
  let out = "";
  let dynamic = false;
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (ch === '"') {
      // a string literal; "" is an escaped quote
      let j = i + 1;
      while (j < src.length) {
        if (src[j] === '"') {
          if (src[j + 1] === '"') j += 2;
          else break;
        } else j++;
      }
      out += src.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (ch === "'" || /[A-Za-z_$]/.test(ch)) {
      SPILL_REF.lastIndex = i;
      const spill = SPILL_REF.exec(src);
      if (spill && !(i > 0 && /[A-Za-z0-9_.]/.test(src[i - 1]))) {
        const ref = spill[0].slice(0, -1);
        out += `_xlfn.ANCHORARRAY(${ref})`;
        i += spill[0].length;
        continue;
      }
    }
    if (ch === "'") {
      // a quoted sheet name: copy through the closing quote
      let j = i + 1;
      while (j < src.length) {
        if (src[j] === "'") {
          if (src[j + 1] === "'") j += 2;
          else break;
        } else j++;
      }
      out += src.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if (/[A-Za-z_]/.test(ch) && !(i > 0 && /[A-Za-z0-9_.$]/.test(src[i - 1]))) {
      NAME.lastIndex = i;
      const m = NAME.exec(src)!;
      const name = m[0];
      const isCall = src[i + name.length] === "(";
      const upper = name.toUpperCase();
      if (isCall && upper.startsWith(`${ADDIN_NAMESPACE}.`)) {
        out += addinFunctionName(upper);
        dynamic = true;
      } else if (isCall && WORKSHEET_FUNCTIONS.has(upper)) {
        out += `_xlfn._xlws.${upper}`;
        dynamic = true;
      } else if (isCall && FUTURE_FUNCTIONS.has(upper)) {
        out += `_xlfn.${upper}`;
        if (ARRAY_FUNCTIONS.has(upper)) dynamic = true;
      } else out += name;
      i += name.length;
      continue;
    }
    out += ch;
    i++;
  }
  return { text: out, dynamic };
}
