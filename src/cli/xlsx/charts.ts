/**
 * DrawingML charts for the plan's ChartSpec (ECMA-376 Part 1, §21.2 "DrawingML - Charts", and §20.5
 * "SpreadsheetML drawing" for the anchor that places a chart over cells).
 *
 * ExcelJS writes no charts, so the writer adds these parts to the package itself:
 * xl/charts/chartN.xml (one per chart), xl/drawings/drawingN.xml (one per sheet with charts, a
 * two-cell anchor per chart) with its relationships, the sheet's <drawing r:id> element, and content
 * types. Series read the sheet's cells by reference (no cached copies), so Excel and LibreOffice draw
 * what the cells hold.
 */
import { columnLetter, sheetPrefix } from "../../taskpane/a1";
import type { Area, ChartSpec } from "../../taskpane/plan";

const C_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart";
const A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main";
const R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

export function xmlEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** `'CLV Dashboard'!$C$62:$N$62` */
export function areaReference(sheet: string, a: Area): string {
  const first = `$${columnLetter(a.column)}$${a.row}`;
  const last = `$${columnLetter(a.column + a.columns - 1)}$${a.row + a.rows - 1}`;
  return sheetPrefix(sheet) + (a.rows === 1 && a.columns === 1 ? first : `${first}:${last}`);
}

function hex(color: string): string {
  return color.replace(/^#/, "").toUpperCase();
}

function richTitle(text: string, size = 1400): string {
  return (
    `<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}" b="1"/></a:pPr>` +
    `<a:r><a:rPr lang="en-US" sz="${size}" b="1"/><a:t>${xmlEscape(text)}</a:t></a:r></a:p></c:rich></c:tx>` +
    `<c:overlay val="0"/></c:title>`
  );
}

/** Default series colours (Office-like), used when the plan gives none. */
const PALETTE = ["0F6CBD", "CA5010", "107C10", "8764B8", "C239B3", "038387", "986F0B", "4F6BED", "E3008C", "498205", "8E562E", "5C2E91"];

function seriesShape(spec: ChartSpec, index: number): string {
  const color = spec.colors?.[index] ? hex(spec.colors[index]) : PALETTE[index % PALETTE.length];
  if (spec.type === "Line" || spec.type === "LineMarkers" || spec.type === "XYScatter") {
    const marker =
      spec.type === "Line"
        ? `<c:marker><c:symbol val="none"/></c:marker>`
        : `<c:marker><c:symbol val="circle"/><c:size val="5"/><c:spPr><a:solidFill><a:srgbClr val="${color}"/></a:solidFill><a:ln><a:solidFill><a:srgbClr val="${color}"/></a:solidFill></a:ln></c:spPr></c:marker>`;
    return `<c:spPr><a:ln w="22225" cap="rnd"><a:solidFill><a:srgbClr val="${color}"/></a:solidFill><a:round/></a:ln></c:spPr>${marker}`;
  }
  if (spec.type === "Pie" || spec.type === "Doughnut") return "";
  if (spec.type === "Area") return `<c:spPr><a:solidFill><a:srgbClr val="${color}"/></a:solidFill></c:spPr>`;
  return `<c:spPr><a:solidFill><a:srgbClr val="${color}"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>`;
}

/** Whether an area holds numbers (its categories are then a number reference, shown in the cells' format). */
export type NumericArea = (a: Area) => boolean;

function seriesXml(spec: ChartSpec, sheet: string, numeric: NumericArea): string {
  const scatter = spec.type === "XYScatter";
  return spec.series
    .map((s, i) => {
      const name = `<c:tx><c:v>${xmlEscape(s.name)}</c:v></c:tx>`;
      const cat = s.categories
        ? scatter
          ? `<c:xVal><c:numRef><c:f>${xmlEscape(areaReference(sheet, s.categories))}</c:f></c:numRef></c:xVal>`
          : numeric(s.categories)
            ? `<c:cat><c:numRef><c:f>${xmlEscape(areaReference(sheet, s.categories))}</c:f></c:numRef></c:cat>`
            : `<c:cat><c:strRef><c:f>${xmlEscape(areaReference(sheet, s.categories))}</c:f></c:strRef></c:cat>`
        : "";
      const val = `<c:${scatter ? "yVal" : "val"}><c:numRef><c:f>${xmlEscape(areaReference(sheet, s.values))}</c:f></c:numRef></c:${scatter ? "yVal" : "val"}>`;
      const smooth = spec.type === "Line" || spec.type === "LineMarkers" || scatter ? `<c:smooth val="0"/>` : "";
      return `<c:ser><c:idx val="${i}"/><c:order val="${i}"/>${name}${seriesShape(spec, i)}${cat}${val}${smooth}</c:ser>`;
    })
    .join("");
}

const CAT_AX = 500000001;
const VAL_AX = 500000002;

function axisTitle(text: string | undefined): string {
  return text ? richTitle(text, 1000) : "";
}

function axes(spec: ChartSpec): string {
  const bar = spec.type === "BarClustered";
  const scatter = spec.type === "XYScatter";
  const catPos = bar ? "l" : "b";
  const valPos = bar ? "b" : "l";
  const orientation = spec.reverseCategories ? "maxMin" : "minMax";
  // A format of its own for numeric category labels; otherwise the cells' format (sourceLinked).
  const categoryNumFmt = spec.categoryFormat
    ? `<c:numFmt formatCode="${xmlEscape(spec.categoryFormat)}" sourceLinked="0"/>`
    : `<c:numFmt formatCode="General" sourceLinked="1"/>`;
  const lines = `<c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="BFBFBF"/></a:solidFill></a:ln></c:spPr>`;
  const grid = `<c:majorGridlines><c:spPr><a:ln w="9525"><a:solidFill><a:srgbClr val="E6E6E6"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>`;
  const catAxis = scatter
    ? `<c:valAx><c:axId val="${CAT_AX}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="b"/>${axisTitle(spec.xTitle)}<c:numFmt formatCode="General" sourceLinked="1"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>${lines}<c:crossAx val="${VAL_AX}"/><c:crosses val="autoZero"/><c:crossBetween val="midCat"/></c:valAx>`
    : `<c:catAx><c:axId val="${CAT_AX}"/><c:scaling><c:orientation val="${orientation}"/></c:scaling><c:delete val="0"/><c:axPos val="${catPos}"/>${axisTitle(spec.xTitle)}${categoryNumFmt}<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="low"/>${lines}<c:crossAx val="${VAL_AX}"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>`;
  const fmt = spec.valueFormat ? `<c:numFmt formatCode="${xmlEscape(spec.valueFormat)}" sourceLinked="0"/>` : `<c:numFmt formatCode="General" sourceLinked="1"/>`;
  const valAxis = `<c:valAx><c:axId val="${VAL_AX}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="0"/><c:axPos val="${valPos}"/>${grid}${axisTitle(spec.yTitle)}${fmt}<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>${lines}<c:crossAx val="${CAT_AX}"/><c:crosses val="${spec.reverseCategories ? "max" : "autoZero"}"/><c:crossBetween val="${scatter ? "midCat" : "between"}"/></c:valAx>`;
  return catAxis + valAxis;
}

function plotXml(spec: ChartSpec, sheet: string, numeric: NumericArea): string {
  const series = seriesXml(spec, sheet, numeric);
  const ids = `<c:axId val="${CAT_AX}"/><c:axId val="${VAL_AX}"/>`;
  switch (spec.type) {
    case "Line":
    case "LineMarkers":
      return `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${series}<c:marker val="1"/>${ids}</c:lineChart>${axes(spec)}`;
    case "ColumnClustered":
    case "BarClustered":
      return `<c:barChart><c:barDir val="${spec.type === "BarClustered" ? "bar" : "col"}"/><c:grouping val="clustered"/><c:varyColors val="0"/>${series}<c:gapWidth val="80"/>${ids}</c:barChart>${axes(spec)}`;
    case "Area":
      return `<c:areaChart><c:grouping val="standard"/><c:varyColors val="0"/>${series}${ids}</c:areaChart>${axes(spec)}`;
    case "XYScatter":
      return `<c:scatterChart><c:scatterStyle val="lineMarker"/><c:varyColors val="0"/>${series}${ids}</c:scatterChart>${axes(spec)}`;
    case "Pie":
      return `<c:pieChart><c:varyColors val="1"/>${series}<c:firstSliceAng val="0"/></c:pieChart>`;
    case "Doughnut":
      return `<c:doughnutChart><c:varyColors val="1"/>${series}<c:firstSliceAng val="0"/><c:holeSize val="50"/></c:doughnutChart>`;
  }
}

const LEGEND_POS: Readonly<Record<string, string>> = { Bottom: "b", Right: "r", Top: "t" };

/** Whether the chart shows a legend: as the renderer decides (one series, no legend unless asked). */
export function showsLegend(spec: ChartSpec): boolean {
  if (spec.legend === "None") return false;
  if (spec.legend === undefined && spec.series.length === 1 && spec.type !== "Pie" && spec.type !== "Doughnut") return false;
  return true;
}

/** xl/charts/chartN.xml for one chart on `sheet`. */
export function chartXml(spec: ChartSpec, sheet: string, numeric: NumericArea = () => false): string {
  const legend = showsLegend(spec) ? `<c:legend><c:legendPos val="${LEGEND_POS[spec.legend ?? "Bottom"] ?? "b"}"/><c:overlay val="0"/></c:legend>` : "";
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<c:chartSpace xmlns:c="${C_NS}" xmlns:a="${A_NS}" xmlns:r="${R_NS}">` +
    `<c:roundedCorners val="0"/>` +
    `<c:chart>${richTitle(spec.title)}<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>${plotXml(spec, sheet, numeric)}</c:plotArea>${legend}<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>` +
    `<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln w="9525"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr>` +
    `</c:chartSpace>`
  );
}

/** xl/drawings/drawingN.xml: one two-cell anchor per chart, chart k related as rId{k+1}. */
export function drawingXml(charts: readonly ChartSpec[]): string {
  const anchors = charts
    .map((spec, k) => {
      const p = spec.position;
      return (
        `<xdr:twoCellAnchor editAs="oneCell">` +
        `<xdr:from><xdr:col>${p.column - 1}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${p.row - 1}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
        `<xdr:to><xdr:col>${p.column - 1 + p.columns}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${p.row - 1 + p.rows}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>` +
        `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${k + 2}" name="Chart ${k + 1}" descr="${xmlEscape(spec.title)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
        `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>` +
        `<a:graphic><a:graphicData uri="${C_NS}"><c:chart xmlns:c="${C_NS}" r:id="rId${k + 1}"/></a:graphicData></a:graphic>` +
        `</xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>`
      );
    })
    .join("");
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="${A_NS}" xmlns:r="${R_NS}">${anchors}</xdr:wsDr>`
  );
}

/** Relationships of a drawing to its charts (chart numbers are workbook-wide). */
export function drawingRelsXml(chartNumbers: readonly number[]): string {
  const rels = chartNumbers
    .map((n, k) => `<Relationship Id="rId${k + 1}" Type="${R_NS}/chart" Target="../charts/chart${n}.xml"/>`)
    .join("");
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels}</Relationships>`;
}

export const CHART_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml";
export const DRAWING_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.drawing+xml";
export const DRAWING_REL_TYPE = `${R_NS}/drawing`;
