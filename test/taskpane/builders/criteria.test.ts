/**
 * The SUMIFS/COUNTIFS criteria the dashboard writes match a label exactly. Excel's criteria rules
 * (SUMIFS/COUNTIFS reference, support.microsoft.com): `?` matches any one character and `*` any run;
 * a tilde before `?`, `*` or `~` matches that character itself; a leading `=`, `<>`, `<`, `>`, `<=`,
 * `>=` is an operator; text comparison ignores case. `criterionMatches` models those rules (text
 * cells only), and the criterion text is what Excel would compute from `equalsCriterion`'s formula.
 */
import { describe, expect, it } from "vitest";
import { equalsCriterion } from "../../../src/taskpane/builders/common";

/** Excel's criteria matching for text cells (the operators other than "=" are not needed here). */
function criterionMatches(criterion: string, cell: string): boolean {
  const op = /^(<>|<=|>=|=|<|>)?/.exec(criterion)![0];
  const pattern = criterion.slice(op.length);
  if (op !== "" && op !== "=") throw new Error(`operator ${op} not modelled`);
  let re = "";
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === "~" && i + 1 < pattern.length && "*?~".includes(pattern[i + 1])) re += `\\${pattern[++i]}`;
    else if (ch === "*") re += ".*";
    else if (ch === "?") re += ".";
    else re += ch.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${re}$`, "is").test(cell);
}

/** What `"="&SUBSTITUTE(SUBSTITUTE(SUBSTITUTE(label,"~","~~"),"*","~*"),"?","~?")` evaluates to. */
function evaluate(formulaText: string, label: string): string {
  const m = /^"="&SUBSTITUTE\(SUBSTITUTE\(SUBSTITUTE\(X,"~","~~"\),"\*","~\*"\),"\?","~\?"\)$/.exec(formulaText);
  if (!m) throw new Error(`unexpected criterion formula ${formulaText}`);
  return "=" + label.split("~").join("~~").split("*").join("~*").split("?").join("~?");
}

describe("equalsCriterion", () => {
  const labels = ["A*", "AB", "A?", "A~", "A~*", "a*", "?", "*", ">5", "5", "=x", "x"];
  it.each(labels)("the criterion for %j matches that label (case aside) and no other", (label) => {
    const criterion = evaluate(equalsCriterion("X"), label);
    const hits = labels.filter((cell) => criterionMatches(criterion, cell));
    expect(hits).toEqual(labels.filter((cell) => cell.toLowerCase() === label.toLowerCase()));
  });
  it("a bare label as criterion would not (the bug this prevents)", () => {
    expect(labels.filter((cell) => criterionMatches("A*", cell))).toEqual(["A*", "AB", "A?", "A~", "A~*", "a*"]);
  });
});
