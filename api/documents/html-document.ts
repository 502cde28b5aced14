/**
 * A case document as one print-ready A4 HTML page: no script, one stylesheet carried in a `<style>`
 * with the response's CSP nonce, no `style` attributes. Every piece of case text is escaped.
 */
import type { CaseDocument, DocumentBlock, DocumentPart, SignatureLine } from '../../domain/documents/document-model';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

/** A CSS string literal: every character but letters, digits and a few safe marks written as an escape. */
function cssString(text: string): string {
  return `"${text.replace(/[^\p{L}\p{N} ._-]/gu, (c) => `\\${c.codePointAt(0)!.toString(16)} `)}"`;
}

/** The policy the page is served under: its one stylesheet by nonce, nothing else may load or run. */
export function documentCsp(nonce: string): string {
  return [
    "default-src 'none'",
    `style-src 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'self'",
  ].join('; ');
}

const FONTS = '"Noto Serif CJK SC", "Noto Sans CJK SC", "Source Han Serif SC", "SimSun", "Songti SC", serif';
const MARGINS = '30mm 24mm 28mm 28mm';

function stylesheet(caseNo: string): string {
  return `
@page {
  size: A4;
  margin: ${MARGINS};
  @top-right { content: ${cssString(`案号：${caseNo}`)}; font-family: ${FONTS}; font-size: 9pt; }
  @bottom-center { content: "第 " counter(page) " 页 共 " counter(pages) " 页"; font-family: ${FONTS}; font-size: 9pt; }
}
html { font-family: ${FONTS}; font-size: 12pt; line-height: 1.75; color: #000; }
body { margin: 0; background: #e8e8e8; }
.part { box-sizing: border-box; width: 210mm; min-height: 297mm; margin: 8mm auto; padding: ${MARGINS}; background: #fff; box-shadow: 0 1mm 4mm rgba(0, 0, 0, 0.2); }
.running { display: flex; justify-content: space-between; font-size: 9pt; border-bottom: 0.5pt solid #000; margin-bottom: 6mm; }
h1 { text-align: center; font-size: 20pt; letter-spacing: 0.15em; margin: 0 0 2mm; }
.subtitle { text-align: center; margin: 0 0 6mm; }
h2 { font-size: 13pt; margin: 5mm 0 2mm; break-after: avoid; }
p { text-indent: 2em; margin: 0 0 2mm; white-space: pre-wrap; overflow-wrap: anywhere; }
table { width: 100%; border-collapse: collapse; margin: 0 0 4mm; font-size: 10.5pt; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
th, td { border: 0.5pt solid #000; padding: 1.2mm 2mm; vertical-align: top; text-align: left; white-space: pre-wrap; overflow-wrap: anywhere; }
th { font-weight: bold; }
table.fields th { width: 28%; }
/* A signature block may run over a page, one whole line at a time; the heading stays with its first line. */
.signatures { margin-top: 6mm; }
.sign { display: flex; align-items: flex-end; gap: 3mm; margin: 0 0 7mm; break-inside: avoid; }
.sign .blank { flex: 1; min-width: 35mm; border-bottom: 0.5pt solid #000; }
.sign .who, .sign .mark, .sign .date { white-space: nowrap; }
@media print {
  body { background: none; }
  .part { width: auto; min-height: 0; margin: 0; padding: 0; box-shadow: none; break-after: page; }
  .part:last-child { break-after: auto; }
  .running { display: none; }
}
`;
}

const BLANK_DATE = '\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日';

function signature(line: SignatureLine): string {
  return (
    `<div class="sign"><span class="who">${escapeHtml(line.label)}</span>` +
    `<span class="mark">${escapeHtml(line.mark)}</span><span class="blank"></span>` +
    `<span class="date">${escapeHtml(line.date ?? BLANK_DATE)}</span></div>`
  );
}

function block(b: DocumentBlock): string {
  switch (b.type) {
    case 'heading':
      return `<h2>${escapeHtml(b.text)}</h2>`;
    case 'paragraph':
      return `<p>${escapeHtml(b.text)}</p>`;
    case 'fields':
      return `<table class="fields"><tbody>${b.rows
        .map((r) => `<tr><th scope="row">${escapeHtml(r.label)}</th><td>${escapeHtml(r.value)}</td></tr>`)
        .join('')}</tbody></table>`;
    case 'table':
      return (
        `<table><thead><tr>${b.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('')}</tr></thead>` +
        `<tbody>${b.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`
      );
    case 'signatures':
      return `<div class="signatures">${b.lines.map(signature).join('')}</div>`;
  }
}

function part(p: DocumentPart, caseNo: string): string {
  return (
    `<section class="part"><div class="running"><span>${escapeHtml(p.title)}</span>` +
    `<span>案号：${escapeHtml(caseNo)}</span></div>` +
    `<h1>${escapeHtml(p.title)}</h1>` +
    (p.subtitle ? `<div class="subtitle">${escapeHtml(p.subtitle)}</div>` : '') +
    p.blocks.map(block).join('') +
    `</section>`
  );
}

/** The whole page, its stylesheet allowed by `nonce` (see `documentCsp`). */
export function renderHtmlDocument(doc: CaseDocument, nonce: string): string {
  return (
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeHtml(`${doc.caseNo} ${doc.title}`)}</title>` +
    `<style nonce="${escapeHtml(nonce)}">${stylesheet(doc.caseNo)}</style></head>` +
    `<body>${doc.parts.map((p) => part(p, doc.caseNo)).join('')}</body></html>`
  );
}
