import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {createIssuer, issueBadge, startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import type {InspectionResult} from '../../src/inspect/index.ts';
import {badgeFor} from '../helpers/recipients.ts';

describe('verifying for a named recipient: POST /api/v1/verify and /verify', () => {
  let t: TestHallmark;
  let alices: Record<string, unknown>;
  let bobs: Record<string, unknown>;

  before(async () => {
    t = await startHallmark();
    await createIssuer(t, 'acme');
    alices = await issueBadge(t, 'acme', {}, badgeFor('alice@example.org', 'https://example.org/people/alice', 'pepper-1'));
    bobs = await issueBadge(t, 'acme', {}, badgeFor('bob@example.org', 'https://example.org/people/bob', 'pepper-2'));
  });
  after(() => t.close());

  const api = async (body: object, status = 200): Promise<InspectionResult> => {
    const response = await t.http.post('/api/v1/verify').send(body);
    assert.equal(response.status, status, JSON.stringify(response.body));
    return response.body as InspectionResult;
  };

  it('says matched for the recipient\'s own badge, with nothing flagged', async () => {
    const result = await api({text: JSON.stringify(alices), recipient: 'Alice@Example.org'});
    assert.equal(result.reports.length, 1);
    assert.equal(result.reports[0].report.verified, true);
    assert.equal(result.reports[0].report.recipient?.result, 'matched');
    assert.deepEqual(result.suspicious, []);
  });

  it('says not-matched for someone else\'s genuine badge, and flags it', async () => {
    const result = await api({text: JSON.stringify(bobs), recipient: 'alice@example.org'});
    const {report, source} = result.reports[0];
    assert.equal(report.verified, true, 'a genuine badge stays genuine');
    assert.equal(report.recipient?.result, 'not-matched');
    assert.deepEqual(result.suspicious, [{source, reason: 'Issued to someone else: the recipient\'s email address is not alice@example.org.'}]);
  });

  it('takes several identities of one person; a profile URL matches the subject id', async () => {
    const result = await api({text: JSON.stringify(bobs), recipient: ['alice@example.org', 'https://example.org/people/bob']});
    assert.equal(result.reports[0].report.recipient?.result, 'matched');
  });

  it('checks every credential of a pasted presentation', async () => {
    const presentation = {'@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], verifiableCredential: [alices, bobs]};
    const result = await api({text: JSON.stringify(presentation), recipient: 'alice@example.org'});
    assert.deepEqual(result.reports.map((entry) => entry.report.recipient?.result).sort(), ['matched', 'not-matched']);
    assert.equal(result.suspicious.length, 1);
  });

  it('leaves the report without a recipient when none is given', async () => {
    const result = await api({text: JSON.stringify(bobs)});
    assert.equal(result.reports[0].report.recipient, undefined);
    assert.deepEqual(result.suspicious, []);
  });

  it('reads a recipient field beside an uploaded file', async () => {
    const response = await t.http.post('/api/v1/verify').field('recipient', 'bob@example.org').attach('file', Buffer.from(JSON.stringify(bobs)), {filename: 'bob.json', contentType: 'application/json'});
    assert.equal(response.status, 200, response.text);
    assert.equal((response.body as InspectionResult).reports[0].report.recipient?.result, 'matched');
  });

  const hostile: Array<[string, object, RegExp]> = [
    ['an identity that is none of the kinds', {text: '{}', recipient: 'alice'}, /not an identity/],
    ['a scheme that is not http(s), mailto, tel or did', {text: '{}', recipient: 'javascript:alert(1)'}, /not an identity/],
    ['eleven identities', {text: '{}', recipient: Array.from({length: 11}, (_, index) => `p${index}@example.org`)}, /recipient/],
    ['an oversized identity', {text: '{}', recipient: `${'a'.repeat(5000)}@example.org`}, /recipient/],
    ['a number', {text: '{}', recipient: 42}, /recipient/],
    ['an empty list', {text: '{}', recipient: []}, /recipient/],
    ['an object', {text: '{}', recipient: {email: 'alice@example.org'}}, /recipient/],
  ];
  for (const [name, body, message] of hostile) {
    it(`refuses ${name} with a 400 naming the recipient`, async () => {
      const response = await t.http.post('/api/v1/verify').send(body);
      assert.equal(response.status, 400, JSON.stringify(response.body));
      assert.match(JSON.stringify(response.body), message);
    });
  }

  it('refuses an oversized recipient form field with a 413', async () => {
    const response = await t.http.post('/api/v1/verify').field('recipient', 'a'.repeat(30_000)).attach('file', Buffer.from(JSON.stringify(bobs)), {filename: 'bob.json'});
    assert.equal(response.status, 413, response.text);
  });

  it('/verify shows whose each badge is, and flags another person\'s', async () => {
    const form = await t.http.get('/verify').set('Accept', 'text/html');
    assert.match(form.text, /name="recipient"/);
    const presentation = {'@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], verifiableCredential: [alices, bobs]};
    const response = await t.http.post('/verify').set('Accept', 'text/html').field('text', JSON.stringify(presentation)).field('recipient', 'alice@example.org');
    assert.equal(response.status, 200, response.text);
    assert.match(response.text, /<strong>Issued to this person<\/strong> \(recipient: matched\)/);
    assert.match(response.text, /<strong>Not this person&#39;s badge<\/strong> \(recipient: not-matched\)/);
    assert.match(response.text, /<h2>Suspicious<\/h2><ul class="suspicious"><li>.*Issued to someone else/s);
  });

  it('/verify refuses a recipient that is not an identity with a 400 page, verifying nothing', async () => {
    const response = await t.http.post('/verify').set('Accept', 'text/html').field('text', JSON.stringify(alices)).field('recipient', 'not an identity');
    assert.equal(response.status, 400);
    assert.match(response.text, /not an identity/);
    assert.doesNotMatch(response.text, /Verification results/);
  });
});
