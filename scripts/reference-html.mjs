// Renders the function reference (the Markdown that generate-docs.mjs writes to docs/functions.md) as a
// self-contained HTML page, dist/reference.html, which the add-in ships and every function's helpUrl
// points into. A small converter for the Markdown the generator and docs/notes use (headings,
// paragraphs, lists, tables, code blocks, bold, inline code, links, anchors): no dependency, no network.

const esc = (s) => String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** Inline Markdown: `code`, **bold**, [text](url); everything else escaped. */
export function inline(text) {
  const parts = String(text).split(/(`[^`]*`)/);
  return parts
    .map((part) => {
      if (part.startsWith("`") && part.endsWith("`") && part.length >= 2) return `<code>${esc(part.slice(1, -1))}</code>`;
      return esc(part)
        .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
        .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (_, label, href) => {
          const safe = /^(#|https:\/\/)/.test(href) ? href : "#";
          return `<a href="${safe}">${label}</a>`;
        });
    })
    .join("");
}

function tableCells(line) {
  const body = line.trim().replace(/^\|/, "").replace(/\|$/, "");
  // Split on | not escaped as \|.
  return body.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, "|"));
}

export function markdownToHtml(markdown) {
  const lines = markdown.split(/\r?\n/);
  const out = [];
  let i = 0;
  let paragraph = [];
  const flush = () => {
    if (paragraph.length > 0) out.push(`<p>${inline(paragraph.join(" "))}</p>`);
    paragraph = [];
  };
  while (i < lines.length) {
    const line = lines[i];
    const anchor = /^<a id="([a-z0-9_.-]+)"><\/a>$/.exec(line.trim());
    if (anchor) {
      flush();
      out.push(`<a id="${anchor[1]}"></a>`);
      i++;
    } else if (/^<!--.*-->$/.test(line.trim())) {
      flush();
      i++;
    } else if (line.startsWith("```")) {
      flush();
      const code = [];
      i++;
      while (i < lines.length && !lines[i].startsWith("```")) code.push(lines[i++]);
      i++;
      out.push(`<pre><code>${esc(code.join("\n"))}</code></pre>`);
    } else if (/^#{1,6} /.test(line)) {
      flush();
      const level = /^(#+)/.exec(line)[1].length;
      out.push(`<h${level}>${inline(line.slice(level + 1))}</h${level}>`);
      i++;
    } else if (line.trim().startsWith("|") && i + 1 < lines.length && /^\|?\s*:?-{3,}/.test(lines[i + 1].trim())) {
      flush();
      const head = tableCells(line);
      i += 2;
      const rows = [];
      while (i < lines.length && lines[i].trim().startsWith("|")) rows.push(tableCells(lines[i++]));
      out.push(
        `<table><thead><tr>${head.map((c) => `<th>${inline(c)}</th>`).join("")}</tr></thead><tbody>` +
          rows.map((r) => `<tr>${r.map((c) => `<td>${inline(c)}</td>`).join("")}</tr>`).join("") +
          `</tbody></table>`,
      );
    } else if (/^\s*([-*]|\d+\.) /.test(line)) {
      flush();
      const ordered = /^\s*\d+\. /.test(line);
      const items = [];
      while (i < lines.length && /^\s*([-*]|\d+\.) /.test(lines[i])) {
        let item = lines[i++].replace(/^\s*([-*]|\d+\.) /, "");
        // Continuation lines of an item are indented.
        while (i < lines.length && /^\s{2,}\S/.test(lines[i]) && !/^\s*([-*]|\d+\.) /.test(lines[i])) item += " " + lines[i++].trim();
        items.push(`<li>${inline(item)}</li>`);
      }
      out.push(ordered ? `<ol>${items.join("")}</ol>` : `<ul>${items.join("")}</ul>`);
    } else if (line.trim() === "") {
      flush();
      i++;
    } else {
      paragraph.push(line.trim());
      i++;
    }
  }
  flush();
  return out.join("\n");
}

const STYLE = `
body { font-family: "Segoe UI", system-ui, sans-serif; max-width: 960px; margin: 0 auto; padding: 16px 24px 48px; color: #242424; line-height: 1.5; }
h1 { font-size: 28px; } h2 { font-size: 22px; margin-top: 40px; border-bottom: 1px solid #ddd; } h3 { font-size: 18px; margin-top: 32px; }
code { font-family: Consolas, "Courier New", monospace; background: #f3f3f3; padding: 0 3px; border-radius: 3px; }
pre { background: #f3f3f3; padding: 8px 12px; overflow-x: auto; } pre code { padding: 0; }
table { border-collapse: collapse; margin: 8px 0 16px; font-size: 14px; } th, td { border: 1px solid #ddd; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f5f5f5; } a { color: #0f6cbd; }
`;

/** The whole page. */
export function referencePage(markdown) {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>CLV function reference</title>
<style>${STYLE}</style>
</head>
<body>
${markdownToHtml(markdown)}
</body>
</html>
`;
}
