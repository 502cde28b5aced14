/**
 * A case document as an editable Word file (docx 9): A4, one section per part (each part starts a new
 * page), the case number in every page's header and the page number in the footer. Opens in Word and WPS.
 */
import {
  AlignmentType,
  Document,
  Footer,
  Header,
  Packer,
  PageNumber,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
  type ISectionOptions,
} from 'docx';
import type { CaseDocument, DocumentBlock, DocumentPart, SignatureLine } from '../../domain/documents/document-model';

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** 宋体 for Chinese; Word and WPS name it SimSun. */
const FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: 'SimSun', cs: 'Times New Roman' };
const mm = (n: number): number => Math.round((n * 1440) / 25.4);
/** A4 in twips, and the same margins as the HTML page's `@page`. */
const PAGE = {
  size: { width: mm(210), height: mm(297) },
  margin: { top: mm(30), right: mm(24), bottom: mm(28), left: mm(28), header: mm(15), footer: mm(15) },
};
const BLANK_DATE = '\u3000\u3000\u3000\u3000年\u3000\u3000月\u3000\u3000日';

/** Text with its line breaks kept (notes and terms are typed with them). */
function runs(text: string, options: { bold?: boolean; size?: number } = {}): TextRun[] {
  return text.split('\n').map((line, i) => new TextRun({ text: line, break: i > 0 ? 1 : undefined, ...options }));
}

const cell = (text: string, bold = false, widthPct?: number): TableCell =>
  new TableCell({
    children: [new Paragraph({ children: runs(text, { bold }) })],
    ...(widthPct === undefined ? {} : { width: { size: `${widthPct}%`, type: WidthType.PERCENTAGE } }),
  });

function signature(line: SignatureLine): Paragraph {
  return new Paragraph({
    spacing: { before: 360, after: 120 },
    keepLines: true,
    children: [
      new TextRun({ text: `${line.label}\u3000${line.mark}` }),
      new TextRun({ text: '\u3000'.repeat(10), underline: {} }),
      new TextRun({ text: `\u3000${line.date ?? BLANK_DATE}` }),
    ],
  });
}

function block(b: DocumentBlock): Array<Paragraph | Table> {
  switch (b.type) {
    case 'heading':
      return [
        new Paragraph({ keepNext: true, spacing: { before: 240, after: 120 }, children: runs(b.text, { bold: true }) }),
      ];
    case 'paragraph':
      return [new Paragraph({ indent: { firstLineChars: 200 }, spacing: { after: 80 }, children: runs(b.text) })];
    case 'fields':
      return [
        new Table({
          width: { size: '100%', type: WidthType.PERCENTAGE },
          rows: b.rows.map(
            (r) => new TableRow({ cantSplit: true, children: [cell(r.label, true, 28), cell(r.value)] }),
          ),
        }),
        new Paragraph({}),
      ];
    case 'table':
      return [
        new Table({
          width: { size: '100%', type: WidthType.PERCENTAGE },
          rows: [
            new TableRow({ tableHeader: true, children: b.columns.map((c) => cell(c, true)) }),
            ...b.rows.map((r) => new TableRow({ cantSplit: true, children: r.map((c) => cell(c)) })),
          ],
        }),
        new Paragraph({}),
      ];
    case 'signatures':
      return b.lines.map(signature);
  }
}

function section(p: DocumentPart, caseNo: string): ISectionOptions {
  return {
    properties: { page: PAGE },
    headers: {
      default: new Header({
        children: [
          new Paragraph({
            alignment: AlignmentType.RIGHT,
            children: [new TextRun({ text: `案号：${caseNo}`, size: 18 })],
          }),
        ],
      }),
    },
    footers: {
      default: new Footer({
        children: [
          new Paragraph({
            alignment: AlignmentType.CENTER,
            children: [
              new TextRun({
                children: ['第 ', PageNumber.CURRENT, ' 页 共 ', PageNumber.TOTAL_PAGES, ' 页'],
                size: 18,
              }),
            ],
          }),
        ],
      }),
    },
    children: [
      new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { after: 120 },
        children: runs(p.title, { bold: true, size: 40 }),
      }),
      ...(p.subtitle
        ? [new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 240 }, children: runs(p.subtitle) })]
        : []),
      ...p.blocks.flatMap(block),
    ],
  };
}

/** The .docx file's bytes. */
export function renderDocxDocument(doc: CaseDocument): Promise<Buffer> {
  const file = new Document({
    title: `${doc.caseNo} ${doc.title}`,
    creator: 'mediation-engine',
    styles: { default: { document: { run: { font: FONT, size: 24 }, paragraph: { spacing: { line: 360 } } } } },
    sections: doc.parts.map((p) => section(p, doc.caseNo)),
  });
  return Packer.toBuffer(file);
}
