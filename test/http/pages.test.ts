import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {BADGE, createIssuer, issueBadge, startHallmark, type TestHallmark} from '../helpers/hallmark.ts';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const uuidOf = (credential: Record<string, unknown>) => String(credential.id).split(/[:/]/).pop();

function withAchievementName(name: string, subjectId = BADGE.credentialSubject.id) {
  return {...BADGE, credentialSubject: {...BADGE.credentialSubject, id: subjectId, achievement: {...BADGE.credentialSubject.achievement, name}}};
}

describe('credential verification pages', () => {
  let t: TestHallmark;
  before(async () => {
    t = await startHallmark({HALLMARK_PUBLIC_URL: 'https://badges.example.org'});
    await createIssuer(t, 'acme');
  });
  after(() => t.close());

  const page = (path: string) => t.http.get(path).set('Accept', BROWSER_ACCEPT);

  it('shows a browser the verdict in plain words, the issuer, subject, achievement, dates and checks', async () => {
    const credential = await issueBadge(t);
    const response = await page(`/credentials/${uuidOf(credential)}`);
    assert.equal(response.status, 200);
    assert.match(response.headers['content-type'], /^text\/html/);
    assert.match(response.headers.vary, /Accept/);
    const body = response.text;
    assert.match(body, /Genuine and currently valid/);
    assert.match(body, /acme community/);
    assert.match(body, /<h1>Safe to run<\/h1>/);
    assert.match(body, /Reviewed and found safe to run\./);
    assert.match(body, /Two independent audits found nothing unsafe\./);
    assert.match(body, /https:\/\/example\.org\/packages\/left-pad/);
    assert.match(body, /Signature intact/);
    assert.match(body, /<dt>Expires<\/dt><dd>never<\/dd>/);
    assert.match(body, new RegExp(`href="/credentials/${uuidOf(credential)}\\?format=json"`));
    assert.match(body, /baked\.png/);
    assert.match(body, /baked\.svg/);
  });

  it('carries Open Graph and Twitter card tags for link previews', async () => {
    const credential = await issueBadge(t);
    const uuid = uuidOf(credential);
    const body = (await page(`/credentials/${uuid}`)).text;
    assert.match(body, /<meta property="og:title" content="Safe to run">/);
    assert.match(body, /<meta property="og:description" content="Genuine and currently valid: Safe to run, issued by acme community\.">/);
    assert.match(body, new RegExp(`<meta property="og:url" content="https://badges.example.org/credentials/${uuid}">`));
    assert.match(body, new RegExp(`<meta property="og:image" content="https://badges.example.org/credentials/${uuid}/baked.png">`));
    assert.match(body, /<meta name="twitter:card" content="summary">/);
  });

  it('sends a strict content security policy and no script', async () => {
    const credential = await issueBadge(t);
    const response = await page(`/credentials/${uuidOf(credential)}`);
    const policy = response.headers['content-security-policy'];
    assert.match(policy, /default-src 'none'/);
    assert.doesNotMatch(policy, /unsafe-inline|script-src/);
    assert.equal(response.headers['x-content-type-options'], 'nosniff');
    assert.doesNotMatch(response.text, /<script/i);
    const css = await t.http.get('/assets/hallmark.css');
    assert.equal(css.status, 200);
    assert.match(css.headers['content-type'], /^text\/css/);
    assert.equal((await t.http.get('/assets/hallmark.css').set('If-None-Match', css.headers.etag)).status, 304);
  });

  it('keeps serving JSON to clients that ask for it', async () => {
    const credential = await issueBadge(t);
    const path = `/credentials/${uuidOf(credential)}`;
    for (const request of [t.http.get(path).set('Accept', 'application/ld+json'), t.http.get(path).set('Accept', 'application/json'), t.http.get(path), t.http.get(`${path}?format=json`).set('Accept', BROWSER_ACCEPT)]) {
      const response = await request;
      assert.equal(response.status, 200);
      assert.match(response.headers['content-type'], /^application\/ld\+json/);
      assert.equal(JSON.parse(response.text).id, credential.id);
    }
  });

  it('says "Revoked" in plain words once the issuer revokes', async () => {
    const credential = await issueBadge(t);
    await t.http.post('/issuers/acme/credentials/status').set(t.admin).send({credentialId: credential.id, credentialStatus: [{type: 'BitstringStatusListEntry', statusPurpose: 'revocation', status: true}]});
    const body = (await page(`/credentials/${uuidOf(credential)}`)).text;
    assert.match(body, /<p class="headline">Revoked<\/p>/);
    assert.match(body, /no longer counts/);
  });

  it('shows who endorses the issuer', async () => {
    await createIssuer(t, 'fsfe');
    const endorsed = await t.http.post('/api/v1/issuers/fsfe/endorsements').set(t.admin).send({target: {kind: 'issuer', id: 'https://badges.example.org/issuers/acme'}, comment: 'A careful <b>assay</b> office.'});
    assert.equal(endorsed.status, 201, JSON.stringify(endorsed.body));
    const credential = await issueBadge(t);
    const body = (await page(`/credentials/${uuidOf(credential)}`)).text;
    assert.match(body, /<h3>Endorsements<\/h3><ul><li><strong>fsfe community<\/strong> endorses the issuer: A careful &#60;b&#62;assay&#60;\/b&#62; office\. <span class="muted">\(verified\)<\/span>/);
  });

  it('renders a hostile credential inert', async () => {
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'';
    const credential = await issueBadge(t, 'acme', {}, {...withAchievementName(hostile), name: hostile});
    const response = await page(`/credentials/${uuidOf(credential)}`);
    assert.equal(response.status, 200);
    assert.doesNotMatch(response.text, /<script|<img src=x/i);
    assert.match(response.text, /&#60;script&#62;alert\(1\)&#60;\/script&#62;/);
    assert.match(response.text, /<meta property="og:title" content="&#60;script&#62;alert\(1\)&#60;\/script&#62;&#60;img src=x onerror=alert\(2\)&#62;&#34;&#39;">/);
  });

  const bad: Array<[string, string, number]> = [
    ['an unknown credential', '00000000-0000-4000-8000-000000000000', 404],
    ['a hostile id', '%3Cscript%3Ealert(1)%3C%2Fscript%3E', 400],
    ['path traversal', '..%2F..%2Fetc%2Fpasswd', 400],
    ['an oversized id', 'x'.repeat(10_000), 400],
  ];
  for (const [what, id, status] of bad) {
    it(`answers ${what} with a ${status} page, not a stack trace`, async () => {
      const response = await page(`/credentials/${id}`);
      assert.equal(response.status, status);
      assert.match(response.headers['content-type'], /^text\/html/);
      assert.doesNotMatch(response.text, /<script/i);
      assert.doesNotMatch(response.text, /at .*\.ts:\d+/);
      const json = await t.http.get(`/credentials/${id}`).set('Accept', 'application/json');
      assert.equal(json.status, status);
      assert.ok(json.body.error.message);
    });
  }

  it('offers the /verify form that works without JavaScript', async () => {
    const response = await page('/verify');
    assert.equal(response.status, 200);
    assert.match(response.text, /<form class="verify" method="post" action="\/verify" enctype="multipart\/form-data">/);
    assert.match(response.text, /<textarea name="text"/);
    assert.match(response.text, /<input type="file" name="file"/);
    assert.match(response.text, /<input type="url" name="url"/);
  });
});
