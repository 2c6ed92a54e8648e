import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {createIssuer, issueBadge, startHallmark, type TestHallmark} from '../helpers/hallmark.ts';

const uuidOf = (credential: Record<string, unknown>) => String(credential.id).replace(/^urn:uuid:/, '');

describe('the /verify page', () => {
  let t: TestHallmark;
  before(async () => {
    t = await startHallmark();
    await createIssuer(t, 'acme');
  });
  after(() => t.close());

  const post = () => t.http.post('/verify').set('Accept', 'text/html');

  it('verifies a pasted credential and shows its verdict card', async () => {
    const credential = await issueBadge(t);
    const response = await post().field('text', JSON.stringify(credential)).field('url', '');
    assert.equal(response.status, 200, response.text);
    assert.match(response.headers['content-type'], /^text\/html/);
    assert.match(response.headers['content-security-policy'], /default-src 'none'/);
    assert.match(response.text, /Found 1 credential\./);
    assert.match(response.text, /Genuine and currently valid/);
    assert.match(response.text, /<h2>Safe to run<\/h2>/);
  });

  it('verifies an uploaded baked PNG', async () => {
    const credential = await issueBadge(t);
    const png = await t.http.get(`/credentials/${uuidOf(credential)}/baked.png`).buffer(true).parse((res, done) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => done(null, Buffer.concat(chunks)));
    });
    assert.equal(png.status, 200);
    const response = await post().field('text', '').field('url', '').attach('file', png.body as Buffer, {filename: 'badge.png', contentType: 'image/png'});
    assert.equal(response.status, 200, response.text);
    assert.match(response.text, /Genuine and currently valid/);
    assert.match(response.text, /badge\.png/);
  });

  it('says "Revoked" for a revoked credential', async () => {
    const credential = await issueBadge(t);
    await t.http.post('/issuers/acme/credentials/status').set(t.admin).send({credentialId: credential.id, credentialStatus: [{type: 'BitstringStatusListEntry', statusPurpose: 'revocation', status: true}]});
    const response = await post().field('text', JSON.stringify(credential));
    assert.equal(response.status, 200);
    assert.match(response.text, /<p class="headline">Revoked<\/p>/);
  });

  it('renders pasted hostile text inert', async () => {
    const response = await post().field('text', '{"name": "<script>alert(1)</script>", "@context": "<img src=x onerror=alert(1)>"}');
    assert.ok(response.status === 200 || response.status === 400, String(response.status));
    assert.doesNotMatch(response.text, /<script|<img src=x/);
  });

  const bad: Array<[string, (request: ReturnType<typeof post>) => ReturnType<typeof post>, number, RegExp]> = [
    ['an empty form', (request) => request.field('text', '').field('url', ''), 400, /paste a credential, choose a file, or give an address/],
    ['two inputs at once', (request) => request.field('text', '{}').field('url', 'https://example.org/'), 400, /one thing to verify at a time/],
    ['a body that is not multipart', (request) => request.type('text/plain').send('text=hello'), 400, /multipart\/form-data/],
    // Every url-encoded form must carry a one-time form token (src/http/web-auth.ts), so this one is refused before the route reads it.
    ['a url-encoded form without a form token', (request) => request.type('form').send('text=hello'), 403, /form/],
    ['pasted text over the cap', (request) => request.field('text', 'x'.repeat(1024 * 1024 + 10)), 413, /longer than/],
    ['a file over the cap', (request) => request.attach('file', Buffer.alloc(11 * 1024 * 1024, 1), 'big.png'), 413, /larger than/],
    ['a malformed multipart body', (request) => request.set('Content-Type', 'multipart/form-data; boundary=xyz').send('--xyz\r\nContent-Disposition: form-data; name="text"\r\n\r\nunterminated'), 400, /malformed/],
    ['a multipart body without a boundary', (request) => request.set('Content-Type', 'multipart/form-data').send('garbage'), 400, /malformed/],
    ['an address on a private network', (request) => request.field('url', 'http://169.254.169.254/latest/meta-data/'), 400, /./],
  ];
  for (const [what, build, status, message] of bad) {
    it(`answers ${what} with a clear ${status} page`, async () => {
      const response = await build(post());
      assert.equal(response.status, status, response.text.slice(0, 500));
      assert.match(response.headers['content-type'], /^text\/html/);
      assert.match(response.text, message);
    });
  }
});
