/**
 * Reads the cells of an .xlsx package as stored (formula text, attributes, cached value), without any
 * spreadsheet program: what Excel or LibreOffice find in the file before they calculate anything.
 */
import JSZip from "jszip";

export interface StoredCell {
  readonly formula?: string;
  /** attributes of <f> (t, ref) */
  readonly formulaType?: string;
  readonly ref?: string;
  /** the cell's cm (cell metadata) attribute */
  readonly cm?: string;
  /** cached or constant value: number, text or boolean (undefined when the cell has no <v>) */
  readonly value?: string | number | boolean;
}

export interface StoredWorkbook {
  readonly zip: JSZip;
  readonly sheetNames: string[];
  /** cells by sheet name, then by A1 address */
  readonly sheets: Map<string, Map<string, StoredCell>>;
}

function unescapeXml(s: string): string {
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
}

function attr(attrs: string, name: string): string | undefined {
  const m = new RegExp(`\\b${name}="([^"]*)"`).exec(attrs);
  return m ? unescapeXml(m[1]) : undefined;
}

export async function readStoredWorkbook(buffer: Buffer): Promise<StoredWorkbook> {
  const zip = await JSZip.loadAsync(buffer);
  const workbook = await zip.file("xl/workbook.xml")!.async("string");
  const rels = await zip.file("xl/_rels/workbook.xml.rels")!.async("string");
  const shared: string[] = [];
  const sst = await zip.file("xl/sharedStrings.xml")?.async("string");
  if (sst) {
    for (const m of sst.matchAll(/<si>([\s\S]*?)<\/si>/g)) {
      shared.push(unescapeXml([...m[1].matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((t) => t[1]).join("")));
    }
  }
  const sheets = new Map<string, Map<string, StoredCell>>();
  const sheetNames: string[] = [];
  for (const m of workbook.matchAll(/<sheet ([^>]*)\/>/g)) {
    const name = attr(m[1], "name")!;
    const rid = attr(m[1], "r:id")!;
    const target = attr(new RegExp(`<Relationship [^>]*Id="${rid}"[^>]*/>`).exec(rels)![0], "Target")!;
    const xml = await zip.file(`xl/${target.replace(/^\/?xl\//, "")}`)!.async("string");
    const cells = new Map<string, StoredCell>();
    for (const c of xml.matchAll(/<c ([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      const attrs = c[1];
      const body = c[2] ?? "";
      const address = attr(attrs, "r")!;
      const t = attr(attrs, "t");
      const f = /<f([^>]*)>([\s\S]*?)<\/f>/.exec(body) ?? /<f([^>]*)\/>/.exec(body);
      const v = /<v>([\s\S]*?)<\/v>/.exec(body)?.[1];
      let value: string | number | boolean | undefined;
      if (v !== undefined) {
        if (t === "s") value = shared[Number(v)];
        else if (t === "str" || t === "e") value = unescapeXml(v);
        else if (t === "b") value = v === "1";
        else value = Number(v);
      } else if (t === "inlineStr") value = unescapeXml([...body.matchAll(/<t[^>]*>([\s\S]*?)<\/t>/g)].map((x) => x[1]).join(""));
      cells.set(address, {
        formula: f ? unescapeXml(f[2] ?? "") : undefined,
        formulaType: f ? attr(f[1], "t") : undefined,
        ref: f ? attr(f[1], "ref") : undefined,
        cm: attr(attrs, "cm"),
        value,
      });
    }
    sheets.set(name, cells);
    sheetNames.push(name);
  }
  return { zip, sheetNames, sheets };
}
