import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {constants, createDeflate} from 'node:zlib';
import {PDFDocument, PDFName} from 'pdf-lib';
import {startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {extractFromPdf, PDF_LIMITS} from '../../src/inspect/extract/pdf.ts';
import {resumePdf} from '../inspect/pdf-fixtures.ts';

/** 1 GiB of ASCII zeros deflated to about 1 MB, streamed so the test never holds the gigabyte. */
async function deflatedZeros(): Promise<Buffer> {
  const deflate = createDeflate({level: 9, strategy: constants.Z_RLE});
  const chunks: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise((resolve) => deflate.on('end', resolve));
  const block = Buffer.alloc(16 * 1024 * 1024, '0');
  for (let written = 0; written < 64; written += 1) {
    if (!deflate.write(block)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await ended;
  return Buffer.concat(chunks);
}

/**
 * A decompression bomb: one page whose content stream inflates to 1 GiB.
 * Unbounded, pdf.js inflates and tokenises it for tens of seconds and
 * gigabytes of memory on the server's only event loop.
 */
async function pdfBomb(): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  const stream = pdf.context.stream(await deflatedZeros(), {Filter: 'FlateDecode'});
  page.node.set(PDFName.of('Contents'), pdf.context.register(stream));
  return pdf.save({useObjectStreams: false});
}

describe('a PDF decompression bomb', () => {
  let t: TestHallmark;
  let bomb: Uint8Array;
  before(async () => {
    t = await startHallmark();
    bomb = await pdfBomb();
  });
  after(() => t.close());

  it('is small enough to upload', () => {
    assert.ok(bomb.byteLength < 1_200_000, `${bomb.byteLength} bytes`);
  });

  it('is answered within seconds with a clear problem while the server keeps answering', async () => {
    const started = Date.now();
    let bombAnswered = false;
    const upload = t.http.post('/api/v1/verify').attach('file', Buffer.from(bomb), {filename: 'cv.pdf', contentType: 'application/pdf'}).then((response) => {
      bombAnswered = true;
      return response;
    });
    // Meanwhile an ordinary request: it must not wait for the bomb.
    await new Promise((resolve) => setTimeout(resolve, 300));
    const probeStarted = Date.now();
    const probe = await t.http.post('/api/v1/verify').send({text: '[a badge](https://example.invalid/x)'});
    const probeMs = Date.now() - probeStarted;
    // Order, not milliseconds: had the bomb held the event loop, the probe could only be answered after it.
    const probeFirst = !bombAnswered;
    const response = await upload;
    const elapsed = Date.now() - started;

    assert.equal(probe.status, 200, JSON.stringify(probe.body));
    assert.ok(probeFirst, `the ordinary request (${probeMs} ms) was answered only after the bomb`);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    // Stopped at its time limit (unbounded it takes tens of seconds); the probe's time says how loaded this machine is.
    assert.ok(elapsed < PDF_LIMITS.timeoutMs + 3_000 + probeMs, `the bomb took ${elapsed} ms`);
    assert.ok(response.body.problems.some((problem: {reason: string}) => /could not be read within limits/.test(problem.reason)), JSON.stringify(response.body.problems));
  });

  it('does not exhaust the readers: more PDFs than the concurrency cap all get answers', async () => {
    const results = await Promise.all(Array.from({length: PDF_LIMITS.concurrency + 2}, () => extractFromPdf(bomb, 'bomb.pdf')));
    for (const result of results) assert.ok(result.problems.some((problem) => /within limits/.test(problem.reason)), JSON.stringify(result.problems));
    // And a real résumé read right after still yields its links.
    const resume = await extractFromPdf(await resumePdf('https://example.org/text', 'https://example.org/link'), 'cv.pdf');
    assert.deepEqual(resume.links.map((link) => link.url).sort(), ['https://example.org/link', 'https://example.org/text']);
  });
});
