/**
 * PDFs (pdfkit) laid out as the office's documents are (after GB/T 9704 党政机关公文格式): A4, a red
 * masthead with the issuing body and a red rule, the document number, a centred title, the body in
 * paragraphs indented two characters, tables where a list is published, the issuing body and the
 * date at the foot, page numbers "— n —". Every glyph comes from the embedded Noto Serif SC subset
 * (fonts.ts): the reader needs no font of its own. Times are Beijing time (format.ts).
 */
import PDFDocument from 'pdfkit';
import { fontPath } from './fonts.ts';

const MM = 72 / 25.4;
const RED = '#C8161D';
const BODY_SIZE = 15;
const BODY_GAP = 9;

export interface DocumentTable {
  /** Column headers and their share of the text width (shares add up to 1). */
  columns: readonly { header: string; share: number }[];
  rows: readonly (readonly string[])[];
}

export interface OfficialDocument {
  /** The masthead (版头): the issuing body, in red. */
  masthead: string;
  documentNo?: string;
  title: string;
  /** 主送机关, ending with a full-width colon. */
  addressee?: string;
  paragraphs: readonly string[];
  table?: DocumentTable;
  /** Paragraphs after the table (how to object, contacts). */
  closing?: readonly string[];
  /** The issuing body at the foot (落款) and the date in Chinese. */
  signature: string;
  date: string;
  /** A last line below a rule (抄送, 公开方式). */
  footnote?: string;
  /** Written into the PDF's metadata (Title, Subject). */
  subject: string;
}

/** The PDF of an official document. */
export function officialDocumentPdf(input: OfficialDocument): Promise<Buffer> {
  const doc = newDocument('portrait', input.title, input.subject);
  const left = 28 * MM;
  const width = doc.page.width - left - 26 * MM;

  // Masthead: the issuing body in large red type over a red rule.
  // A masthead is one line: a long issuing body is set smaller rather than wrapped.
  doc.font('heading').fillColor(RED);
  let size = 30;
  while (size > 18 && doc.fontSize(size).widthOfString(input.masthead, { characterSpacing: 2 }) > width)
    size -= 1;
  doc.text(input.masthead, left, 32 * MM, { width, align: 'center', characterSpacing: 2 });
  doc.moveDown(0.3);
  if (input.documentNo) {
    doc.font('body').fontSize(BODY_SIZE).fillColor('black');
    doc.text(input.documentNo, left, doc.y, { width, align: 'center' });
  }
  const ruleY = doc.y + 6;
  doc
    .moveTo(left, ruleY)
    .lineTo(left + width, ruleY)
    .lineWidth(2)
    .strokeColor(RED)
    .stroke();
  doc.y = ruleY + 24;

  // Title.
  doc.font('heading').fontSize(21).fillColor('black');
  doc.text(input.title, left, doc.y, { width, align: 'center', lineGap: 6 });
  doc.moveDown(1);

  doc.font('body').fontSize(BODY_SIZE);
  if (input.addressee) doc.text(input.addressee, left, doc.y, { width, lineGap: BODY_GAP });
  for (const paragraph of input.paragraphs) paragraphOf(doc, paragraph, left, width);
  if (input.table) tableOf(doc, input.table, left, width);
  for (const paragraph of input.closing ?? []) paragraphOf(doc, paragraph, left, width);

  // The foot: the issuing body and the date, right of centre (落款).
  doc.moveDown(1);
  ensureRoom(doc, 64);
  doc.font('body').fontSize(BODY_SIZE);
  const footWidth = width * 0.5;
  doc.text(input.signature, left + width - footWidth, doc.y, { width: footWidth, align: 'center' });
  doc.text(input.date, left + width - footWidth, doc.y + 4, { width: footWidth, align: 'center' });

  if (input.footnote) {
    doc.moveDown(2);
    ensureRoom(doc, 50);
    const y = doc.y;
    doc
      .moveTo(left, y)
      .lineTo(left + width, y)
      .lineWidth(0.8)
      .strokeColor('black')
      .stroke();
    doc.fontSize(12).text(input.footnote, left + 12, y + 6, { width: width - 24 });
    doc
      .moveTo(left, doc.y + 4)
      .lineTo(left + width, doc.y + 4)
      .lineWidth(0.8)
      .stroke();
  }
  return finish(doc, true);
}

export interface Certificate {
  recipient: string;
  /** What was awarded, in a sentence. */
  citation: string;
  /** Art. 22: the award year is part of the honour. */
  awardYear: number;
  certificateNo: string;
  issuer: string;
  date: string;
}

/** 荣誉证书: landscape A4 with a double border, the title in red, the citation and the award year. */
export function certificatePdf(input: Certificate): Promise<Buffer> {
  const doc = newDocument('landscape', '荣誉证书', `${input.recipient} 荣誉证书`);
  const { width: pageWidth, height: pageHeight } = doc.page;
  doc
    .lineWidth(7)
    .strokeColor(RED)
    .rect(22, 22, pageWidth - 44, pageHeight - 44)
    .stroke();
  doc
    .lineWidth(1.5)
    .strokeColor('#B8860B')
    .rect(36, 36, pageWidth - 72, pageHeight - 72)
    .stroke();

  const left = 80;
  const width = pageWidth - 160;
  doc.font('heading').fontSize(46).fillColor(RED);
  doc.text('荣 誉 证 书', left, 82, { width, align: 'center', characterSpacing: 6 });

  doc.font('heading').fontSize(22).fillColor('black');
  doc.text(`${input.recipient}：`, left + 30, 200, { width: width - 60 });
  doc.font('body').fontSize(20);
  doc.text(input.citation, left + 30, doc.y + 16, { width: width - 60, indent: 40, lineGap: 12 });
  doc.text('特发此证，以资鼓励。', left + 30, doc.y + 8, { width: width - 60, indent: 40 });

  doc.fontSize(14).fillColor('#333333');
  doc.text(`获奖时间：${input.awardYear}年`, left + 30, pageHeight - 130, { width: 300 });
  doc.text(`证书编号：${input.certificateNo}`, left + 30, pageHeight - 106, { width: 360 });

  doc.font('heading').fontSize(20).fillColor('black');
  doc.text(input.issuer, pageWidth - 360, pageHeight - 150, { width: 260, align: 'center' });
  doc.font('body').fontSize(17);
  doc.text(input.date, pageWidth - 360, pageHeight - 116, { width: 260, align: 'center' });
  return finish(doc, false);
}

type Doc = InstanceType<typeof PDFDocument>;

/** GB/T 9704 margins for documents; a certificate is placed by hand within its border. */
const DOCUMENT_MARGINS = { top: 37 * MM, bottom: 35 * MM, left: 28 * MM, right: 26 * MM };
const CERTIFICATE_MARGINS = { top: 30, bottom: 20, left: 30, right: 30 };

function newDocument(layout: 'portrait' | 'landscape', title: string, subject: string): Doc {
  const doc = new PDFDocument({
    size: 'A4',
    layout,
    margins: layout === 'portrait' ? DOCUMENT_MARGINS : CERTIFICATE_MARGINS,
    // pdfkit would otherwise load its Helvetica metrics from disk, which a bundle does not carry.
    font: (parsedFaces.get('body') ?? fontPath('body')) as string,
    bufferPages: true,
    lang: 'zh-CN',
    displayTitle: true,
    info: {
      Title: title,
      Subject: subject,
      Author: '太原市政府质量奖评审平台',
      Creator: '太原市政府质量奖评审平台',
      // Fixed: the file is addressed by its content, so nothing in it may depend on the hour it ran.
      CreationDate: new Date(0),
      ModDate: new Date(0),
    },
  });
  for (const face of ['body', 'heading'] as const) {
    doc.registerFont(face, (parsedFaces.get(face) ?? fontPath(face)) as string);
    doc.font(face);
    // pdfkit takes a parsed font as well as a file: parsing the 15 MB TTF is most of a document's
    // cost, so each face is parsed once per process and reused (each document still embeds its own subset).
    const current = (doc as unknown as { _font?: { font?: { layout?: unknown } } })._font?.font;
    if (!parsedFaces.has(face) && typeof current?.layout === 'function') parsedFaces.set(face, current);
  }
  return doc;
}

const parsedFaces = new Map<'body' | 'heading', unknown>();

function paragraphOf(doc: Doc, text: string, left: number, width: number): void {
  doc.font('body').fontSize(BODY_SIZE).fillColor('black');
  doc.text(text, left, doc.y, { width, indent: 2 * BODY_SIZE, lineGap: BODY_GAP, align: 'justify' });
  doc.moveDown(0.2);
}

function tableOf(doc: Doc, table: DocumentTable, left: number, width: number): void {
  const size = 12;
  const pad = 5;
  const widths = table.columns.map((c) => c.share * width);
  const heightOf = (cells: readonly string[]) =>
    Math.max(...cells.map((cell, i) => doc.heightOfString(cell, { width: widths[i]! - 2 * pad }))) + 2 * pad;
  const drawRow = (cells: readonly string[], header: boolean) => {
    doc.font(header ? 'heading' : 'body').fontSize(size);
    const height = heightOf(cells);
    if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    let x = left;
    cells.forEach((cell, i) => {
      const w = widths[i]!;
      if (header) doc.rect(x, y, w, height).fillAndStroke('#F2F2F2', 'black');
      else doc.rect(x, y, w, height).lineWidth(0.6).stroke('black');
      doc
        .fillColor('black')
        .text(cell, x + pad, y + pad, { width: w - 2 * pad, align: header ? 'center' : 'left' });
      x += w;
    });
    doc.x = left;
    doc.y = y + height;
  };
  doc.moveDown(0.5);
  doc.lineWidth(0.6);
  drawRow(
    table.columns.map((c) => c.header),
    true,
  );
  for (const row of table.rows) drawRow(row, false);
  doc.moveDown(0.8);
}

function ensureRoom(doc: Doc, height: number): void {
  if (doc.y + height > doc.page.height - doc.page.margins.bottom) doc.addPage();
}

function finish(doc: Doc, pageNumbers: boolean): Promise<Buffer> {
  if (pageNumbers) {
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      const bottom = doc.page.margins.bottom;
      // Writing inside the bottom margin would open a new page: lift the margin while numbering.
      doc.page.margins.bottom = 0;
      doc.font('body').fontSize(13).fillColor('black');
      doc.text(`— ${i + 1} —`, 0, doc.page.height - 22 * MM, { width: doc.page.width, align: 'center' });
      doc.page.margins.bottom = bottom;
    }
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

export const PDF_CONTENT_TYPE = 'application/pdf';
