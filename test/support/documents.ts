/**
 * Reading generated documents back the way a person would: Excel through exceljs, PDFs through
 * Debian's poppler-utils (`pdftotext`, `pdffonts`: .ci/run installs them when missing), ZIPs through
 * yauzl into a folder.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ExcelJS from 'exceljs';
import yauzl from 'yauzl';

export async function fetchBytes(url: string): Promise<{ body: Buffer; contentType: string | null }> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`GET ${url} → ${response.status}`);
  return {
    body: Buffer.from(await response.arrayBuffer()),
    contentType: response.headers.get('content-type'),
  };
}

/** The worksheets of an .xlsx, each as rows of cell values (row 1 the header). */
export async function readWorkbook(
  body: Buffer,
): Promise<Map<string, { rows: unknown[][]; frozen: boolean }>> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  const sheets = new Map<string, { rows: unknown[][]; frozen: boolean }>();
  workbook.eachSheet((sheet) => {
    const rows: unknown[][] = [];
    sheet.eachRow({ includeEmpty: false }, (row) => {
      rows.push((row.values as unknown[]).slice(1));
    });
    const view = sheet.views[0] as { state?: string; ySplit?: number } | undefined;
    sheets.set(sheet.name, { rows, frozen: view?.state === 'frozen' && view.ySplit === 1 });
  });
  return sheets;
}

function withTempFile<T>(body: Buffer, run: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'tqa-doc-'));
  const path = join(dir, 'document.pdf');
  writeFileSync(path, body);
  return run(path);
}

/** The text of a PDF (`pdftotext -layout`). */
export const pdfText = (body: Buffer): string =>
  withTempFile(body, (path) => execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }));

/** The fonts of a PDF as `pdffonts` lists them: name, embedded. */
export const pdfFonts = (body: Buffer): { name: string; embedded: boolean }[] =>
  withTempFile(body, (path) =>
    execFileSync('pdffonts', [path], { encoding: 'utf8' })
      .split('\n')
      .slice(2)
      .filter((line) => line.trim() !== '')
      .map((line) => {
        const columns = line.trim().split(/\s+/);
        // name type… encoding emb sub uni object ID: emb is the 5th column from the end.
        return { name: columns[0]!, embedded: columns.at(-5) === 'yes' };
      }),
  );

/** Unzips a ZIP into a new temporary folder; returns the folder. */
export async function unzip(body: Buffer): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'tqa-zip-'));
  const zip = await yauzl.fromBufferPromise(body, { lazyEntries: true });
  await new Promise<void>((resolve, reject) => {
    zip.on('error', reject);
    zip.on('end', () => resolve());
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStream(entry, (error, stream) => {
        if (error || !stream) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const target = join(dir, entry.fileName);
          mkdirSync(dirname(target), { recursive: true });
          writeFileSync(target, Buffer.concat(chunks));
          zip.readEntry();
        });
        stream.on('error', reject);
      });
    });
    zip.readEntry();
  });
  return dir;
}
