import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {BADGE, createIssuer, issueBadge, startHallmark, type TestHallmark} from '../helpers/hallmark.ts';

const uuidOf = (credential: Record<string, unknown>) => String(credential.id).replace(/^urn:uuid:/, '');

describe('README badges', () => {
  let t: TestHallmark;
  before(async () => {
    t = await startHallmark();
    await createIssuer(t, 'acme');
  });
  after(() => t.close());

  const setStatus = (credentialId: unknown, statusPurpose: string, status: boolean) =>
    t.http.post('/issuers/acme/credentials/status').set(t.admin).send({credentialId, credentialStatus: [{type: 'BitstringStatusListEntry', statusPurpose, status}]});
  const badge = async (path: string) => {
    const response = await t.http.get(path).buffer(true).parse((res, done) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => done(null, text));
    });
    return {status: response.status, headers: response.headers, svg: String(response.body)};
  };

  it('shows the achievement and a green "valid" for a live credential, with revalidation headers', async () => {
    const credential = await issueBadge(t);
    const response = await badge(`/badges/${uuidOf(credential)}.svg`);
    assert.equal(response.status, 200);
    assert.match(response.headers['content-type'], /^image\/svg\+xml/);
    assert.equal(response.headers['cache-control'], 'no-cache');
    assert.ok(response.headers.etag);
    assert.match(response.svg, /^<svg /);
    assert.match(response.svg, /Safe to run: valid/);
    assert.match(response.svg, /#4c1/, 'brightgreen');
    const again = await t.http.get(`/badges/${uuidOf(credential)}.svg`).set('If-None-Match', response.headers.etag);
    assert.equal(again.status, 304);
  });

  it('turns red on the very next request after a revocation through the API', async () => {
    const credential = await issueBadge(t);
    const path = `/badges/${uuidOf(credential)}.svg`;
    const before = await badge(path);
    assert.match(before.svg, /: valid/);
    assert.equal((await setStatus(credential.id, 'revocation', true)).status, 200);
    const after = await t.http.get(path).set('If-None-Match', before.headers.etag);
    assert.equal(after.status, 200, 'the old ETag no longer matches');
    const revoked = await badge(path);
    assert.match(revoked.svg, /Safe to run: revoked/);
    assert.match(revoked.svg, /#e05d44/, 'red');
  });

  it('goes orange while suspended and green again when reinstated', async () => {
    const credential = await issueBadge(t, 'acme', {statusPurpose: 'suspension'});
    const path = `/badges/${uuidOf(credential)}.svg`;
    assert.match((await badge(path)).svg, /: valid/);
    await setStatus(credential.id, 'suspension', true);
    const suspended = await badge(path);
    assert.match(suspended.svg, /: suspended/);
    assert.match(suspended.svg, /#fe7d37/, 'orange');
    await setStatus(credential.id, 'suspension', false);
    assert.match((await badge(path)).svg, /: valid/);
  });

  it('follows a message entry at once: suspended, valid again, then revoked for good', async () => {
    const credential = await issueBadge(t, 'acme', {statusPurpose: 'message'});
    const path = `/badges/${uuidOf(credential)}.svg`;
    assert.match((await badge(path)).svg, /: valid/);
    assert.equal((await setStatus(credential.id, 'suspension', true)).status, 200);
    assert.match((await badge(path)).svg, /Safe to run: suspended/);
    assert.equal((await setStatus(credential.id, 'suspension', false)).status, 200);
    assert.match((await badge(path)).svg, /Safe to run: valid/);
    assert.equal((await setStatus(credential.id, 'revocation', true)).status, 200);
    const revoked = await badge(path);
    assert.match(revoked.svg, /Safe to run: revoked/, 'a message entry at 0x2 is revoked, not merely set');
    assert.match(revoked.svg, /#e05d44/, 'red');
  });

  it('says "expired" once validUntil has passed', async () => {
    const validUntil = new Date(Date.now() + 1500).toISOString().replace(/\.\d+Z$/, 'Z');
    const credential = await issueBadge(t, 'acme', {}, {...BADGE, validUntil});
    assert.match((await badge(`/badges/${uuidOf(credential)}.svg`)).svg, /: valid/);
    await new Promise((resolve) => setTimeout(resolve, Date.parse(validUntil) - Date.now() + 50));
    const response = await badge(`/badges/${uuidOf(credential)}.svg`);
    assert.equal(response.status, 200);
    assert.match(response.svg, /: expired/);
    assert.match(response.svg, /#9f9f9f/, 'grey');
  });

  it('keeps hostile achievement names inert and short', async () => {
    const name = '<script>alert(1)</script>' + 'x'.repeat(200);
    const credential = await issueBadge(t, 'acme', {}, {...BADGE, credentialSubject: {...BADGE.credentialSubject, achievement: {...BADGE.credentialSubject.achievement, name}}});
    const response = await badge(`/badges/${uuidOf(credential)}.svg`);
    assert.equal(response.status, 200);
    assert.doesNotMatch(response.svg, /<script/);
    assert.match(response.svg, /&lt;script&gt;/);
    assert.doesNotMatch(response.svg, /x{60}/, 'the label is shortened');
  });

  const unknownIds = [
    ['an unknown UUID', '00000000-0000-4000-8000-000000000000'],
    ['a hostile id', '%3Cscript%3Ealert(1)%3C%2Fscript%3E'],
    ['path traversal', '..%2F..%2Fetc%2Fpasswd'],
    ['a very long id', 'a'.repeat(5000)],
  ];
  for (const [what, id] of unknownIds) {
    it(`answers ${what} with a grey "not found" SVG and 404`, async () => {
      const response = await badge(`/badges/${id}.svg`);
      assert.equal(response.status, 404);
      assert.match(response.headers['content-type'], /^image\/svg\+xml/);
      assert.match(response.svg, /^<svg /);
      assert.match(response.svg, /not found/);
      assert.doesNotMatch(response.svg, /<script/);
    });
  }
});

describe('badge embed snippets', () => {
  let t: TestHallmark;
  before(async () => {
    t = await startHallmark({HALLMARK_PUBLIC_URL: 'https://badges.example.org'});
    await createIssuer(t, 'acme');
  });
  after(() => t.close());

  it('gives Markdown, HTML and reStructuredText linking the live image to the verification page', async () => {
    const credential = await issueBadge(t);
    const uuid = String(credential.id).split('/').pop();
    const response = await t.http.get(`/api/v1/badges/${uuid}/embed`);
    assert.equal(response.status, 200);
    const {markdown, html, restructuredtext, imageUrl, pageUrl} = response.body;
    assert.equal(imageUrl, `https://badges.example.org/badges/${uuid}.svg`);
    assert.equal(pageUrl, `https://badges.example.org/credentials/${uuid}`);
    assert.equal(markdown, `[![Safe to run badge](${imageUrl})](${pageUrl})`);
    assert.equal(html, `<a href="${pageUrl}"><img src="${imageUrl}" alt="Safe to run badge"></a>`);
    assert.equal(restructuredtext, `.. image:: ${imageUrl}\n   :target: ${pageUrl}\n   :alt: Safe to run badge`);
  });

  it('escapes a hostile achievement name in every format', async () => {
    const name = '"><img src=x onerror=alert(1)>](javascript:alert(1))\n.. raw:: html';
    const credential = await issueBadge(t, 'acme', {}, {...BADGE, credentialSubject: {...BADGE.credentialSubject, achievement: {...BADGE.credentialSubject.achievement, name}}});
    const uuid = String(credential.id).split('/').pop();
    const {markdown, html, restructuredtext} = (await t.http.get(`/api/v1/badges/${uuid}/embed`)).body;
    assert.doesNotMatch(html, /<img src=x/);
    assert.equal((html.match(/"/g) ?? []).length, 6, 'only our own attribute quotes');
    assert.doesNotMatch(markdown, /[^\\]\]\(javascript/);
    assert.equal(restructuredtext.split('\n').length, 3, 'no injected directive lines');
  });

  const bad: Array<[string, string, number]> = [
    ['an unknown credential', '00000000-0000-4000-8000-000000000000', 404],
    ['a hostile id', '%3Cscript%3E', 400],
    ['path traversal', '..%2F..%2Fetc%2Fpasswd', 400],
  ];
  for (const [what, id, status] of bad) {
    it(`answers ${status} JSON to ${what}`, async () => {
      const response = await t.http.get(`/api/v1/badges/${id}/embed`);
      assert.equal(response.status, status);
      assert.ok(response.body.error.message);
    });
  }
});
