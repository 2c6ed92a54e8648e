import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {PNG} from 'pngjs';
import {badgePng, badgeSvg} from '../../src/credentials/baking/badge-images.ts';
import {createIssuer, issueBadge, startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {unbakePng, unbakeSvg} from '../../src/credentials/baking/index.ts';

/** supertest buffers image/png bodies; the SVG test collects its own. */
function binary(response: {body: unknown}): Buffer {
  assert.ok(Buffer.isBuffer(response.body), 'a binary body');
  return response.body;
}

describe('GET /credentials/{id}/baked.png and baked.svg', () => {
  let t: TestHallmark;
  let credential: Record<string, unknown>;
  let uuid: string;
  before(async () => {
    t = await startHallmark();
    await createIssuer(t, 'acme');
    credential = await issueBadge(t);
    uuid = String(credential.id).replace('urn:uuid:', '');
  });
  after(() => t.close());

  it('serves a PNG with the issued credential baked in, which unbakes and verifies', async () => {
    const response = await t.http.get(`/credentials/${uuid}/baked.png`).buffer(true);
    assert.equal(response.status, 200);
    assert.equal(response.type, 'image/png');
    const png = binary(response);
    // The picture is the named SVG badge drawn at three times its size: it names the achievement, as the SVG does.
    const picture = PNG.sync.read(png);
    const svgWidth = Number(/<svg[^>]* width="(\d+)"/.exec(badgeSvg('Safe to run'))?.[1]);
    assert.deepEqual([picture.width, picture.height], [svgWidth * 3, 60]);
    const other = PNG.sync.read(await badgePng('A much longer achievement name than that'));
    assert.ok(other.width > picture.width + 100, 'a longer name makes a wider picture');
    const blank = PNG.sync.read(await badgePng('Safe to rum'));
    assert.notDeepEqual(blank.data, picture.data, 'one letter changes the picture: the text is drawn');
    const text = unbakePng(png);
    assert.ok(text);
    assert.deepEqual(JSON.parse(text), credential);
    const report = await t.hallmark.services.verify(text);
    assert.equal(report.verified, true, report.errors.join(' | '));
  });

  it('serves an SVG badge naming the achievement, with the credential baked in', async () => {
    const response = await t.http.get(`/credentials/${uuid}/baked.svg`).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    assert.equal(response.status, 200);
    assert.equal(response.type, 'image/svg+xml');
    const svg = binary(response).toString('utf8');
    assert.match(svg, /Safe to run/);
    const text = unbakeSvg(svg);
    assert.ok(text);
    assert.deepEqual(JSON.parse(text), credential);
    assert.equal((await t.hallmark.services.verify(text)).verified, true);
  });

  it('answers 404 for an unknown credential and 400 for a malformed id', async () => {
    const missing = await t.http.get('/credentials/00000000-0000-4000-8000-000000000000/baked.png');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.kind, 'not-found');
    const malformed = await t.http.get(`/credentials/${'x'.repeat(300)}/baked.svg`);
    assert.equal(malformed.status, 400);
    assert.equal(malformed.body.error.kind, 'invalid-input');
  });
});
