import { describe, expect, it } from "vitest";
import { escapeHtml } from "../../src/taskpane/escape";

describe("escapeHtml", () => {
  it("escapes the characters special in HTML text and attribute values", () => {
    expect(escapeHtml(`<img src=x onerror="alert('1')">&\``)).toBe("&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt;&amp;&#96;");
  });

  it("escapes & first, so existing entities are shown literally rather than decoded", () => {
    expect(escapeHtml("&lt;b&gt;")).toBe("&amp;lt;b&amp;gt;");
  });

  it("leaves plain text alone and turns other values into text", () => {
    expect(escapeHtml("Customer ID (A)")).toBe("Customer ID (A)");
    expect(escapeHtml("Müller & Söhne")).toBe("Müller &amp; Söhne");
    expect(escapeHtml(42)).toBe("42");
    expect(escapeHtml(true)).toBe("true");
    expect(escapeHtml(null)).toBe("");
    expect(escapeHtml(undefined)).toBe("");
  });

  it("produces text that the browser's parser reads back as the original string", () => {
    // Round trip through a minimal entity decoder (the five XML entities plus numeric ones).
    const decode = (s: string) =>
      s.replace(/&(amp|lt|gt|quot|#39|#96);/g, (_, e: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", "#96": "`" })[e]!);
    for (const raw of ["a<b>c", "\"'`", "&&&", "<script>alert(1)</script>", "plain"]) {
      const escaped = escapeHtml(raw);
      expect(escaped).not.toMatch(/[<>"'`]/);
      expect(decode(escaped)).toBe(raw);
    }
  });
});
