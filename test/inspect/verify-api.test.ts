import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type {AddressInfo} from 'node:net';
import {startSite, type SitePage, type TestServer} from '../net/servers.ts';
import {createIssuer, issueBadge, startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {resumePdf} from './pdf-fixtures.ts';
import type {InspectionResult} from '../../src/inspect/index.ts';
import {accountActor} from '../../src/authz/index.ts';

/**
 * POST /api/v1/verify against a loopback "remote site" serving READMEs and
 * résumés that embed or link this instance's badge. The instance's own
 * URLs (http://localhost:PORT) are read from its store; the remote site is
 * reached through the fetcher, opted in with HALLMARK_FETCH_ALLOW_HOSTS.
 */
describe('POST /api/v1/verify', () => {
  let t: TestHallmark;
  let site: TestServer;
  let credential: Record<string, unknown>;
  let uuid: string;
  const pages = new Map<string, SitePage>();
  let base: string;

  before(async () => {
    site = await startSite(pages);
    t = await startHallmark({HALLMARK_FETCH_ALLOW_HOSTS: `127.0.0.1:${site.port}`, HALLMARK_PUBLIC_URL: 'http://hallmark.test'});
    base = t.hallmark.services.config.publicUrl;
    await createIssuer(t, 'acme');
    credential = await issueBadge(t);
    uuid = String(credential.id).replace('urn:uuid:', '');
    const snippet = `[![Hallmark: Safe to run](${base}/badges/${uuid}.svg)](${base}/credentials/${uuid})`;
    pages.set('/README.md', {type: 'text/markdown', body: `# left-pad\n\n${snippet}\n\nSome text and [the docs](/docs.html).\n`});
    pages.set('/docs.html', {type: 'text/html', body: '<html><body><p>Docs, no credentials.</p></body></html>'});
    pages.set('/readme.html', {type: 'text/html', body: `<html><body><h1>left-pad</h1><p><a href="${base}/credentials/${uuid}"><img alt="badge" src="${base}/badges/${uuid}.svg"></a></p></body></html>`});
    pages.set('/resume.json', {type: 'application/json', body: JSON.stringify({basics: {name: 'Ada', url: site.url('/docs.html')}, certificates: [{name: 'Safe to run', url: `${base}/credentials/${uuid}`}]})});
    pages.set('/credential.json', {type: 'application/ld+json', body: JSON.stringify(credential)});
    pages.set('/resume.pdf', {type: 'application/pdf', body: await resumePdf(site.url('/credential.json'), `${base}/credentials/${uuid}`)});
    pages.set('/fake.pdf', {type: 'application/pdf', body: '<html>this is not a PDF</html>'});
    const links = Array.from({length: 1000}, (_, index) => `- [page ${index}](${site.url(`/missing/${index}`)})`).join('\n');
    pages.set('/links.md', {type: 'text/markdown', body: `# Many links\n\n${links}\n`});
    const forged = structuredClone(credential);
    (forged.credentialSubject as {achievement: {name: string}}).achievement.name = 'Safe to deploy';
    pages.set(`/credentials/${uuid}`, {type: 'application/ld+json', body: JSON.stringify(forged)});
    pages.set('/lookalike.md', {type: 'text/markdown', body: `# evil\n\n[![Hallmark](${site.url(`/badges/${uuid}.svg`)})](${site.url(`/credentials/${uuid}`)})\n`});
    pages.set('/misdirected.md', {type: 'text/markdown', body: `# sneaky\n\n[![Hallmark](${base}/badges/${uuid}.svg)](${site.url('/docs.html')})\n`});
    pages.set('/unlinked.md', {type: 'text/markdown', body: `# bare\n\n![Hallmark](${base}/badges/${uuid}.svg)\n`});
    // A badge of another instance whose credential page the fetcher refuses (127.0.0.2 is not allowed), and one whose link could never be its credential.
    pages.set('/unreachable.md', {type: 'text/markdown', body: `# unreachable\n\n[![Hallmark](http://127.0.0.2:9/badges/${uuid}.svg)](http://127.0.0.2:9/credentials/${uuid})\n`});
    pages.set('/elsewhere.md', {type: 'text/markdown', body: `# elsewhere\n\n[![Hallmark](${base}/badges/${uuid}.svg)](http://127.0.0.2:9/somewhere)\n`});
  });
  after(async () => {
    await t.close();
    await site.close();
  });

  const inspect = async (body: object): Promise<InspectionResult> => {
    const response = await t.http.post('/api/v1/verify').send(body);
    assert.equal(response.status, 200, JSON.stringify(response.body));
    return response.body as InspectionResult;
  };
  const verdicts = (result: InspectionResult) => result.reports.map((entry) => [entry.report.credential?.id, entry.report.verified]);

  it('verifies pasted credential JSON, no token needed', async () => {
    const result = await inspect({text: JSON.stringify(credential)});
    assert.deepEqual(verdicts(result), [[credential.id, true]]);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.suspicious, []);
  });

  it('verifies every credential of a pasted presentation', async () => {
    const forged = {...credential, name: 'Forged'};
    const presentation = {'@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], verifiableCredential: [credential, forged]};
    const result = await inspect({text: JSON.stringify(presentation)});
    assert.deepEqual(result.reports.map((entry) => entry.report.verified), [true, false]);
  });

  it('follows a Markdown README: the badge snippet leads to the credential, which verifies', async () => {
    const result = await inspect({url: site.url('/README.md')});
    assert.deepEqual(verdicts(result), [[credential.id, true]]);
    assert.deepEqual(result.suspicious, []);
    assert.deepEqual(result.problems, []);
  });

  it('follows an HTML README the same way', async () => {
    const result = await inspect({url: site.url('/readme.html')});
    assert.deepEqual(verdicts(result), [[credential.id, true]]);
    assert.deepEqual(result.suspicious, []);
  });

  it('follows a JSON Resume and a PDF résumé (link annotation and URL in the text)', async () => {
    const json = await inspect({url: site.url('/resume.json')});
    assert.deepEqual(verdicts(json), [[credential.id, true]]);
    const pdf = await inspect({url: site.url('/resume.pdf')});
    assert.deepEqual(verdicts(pdf), [[credential.id, true]], JSON.stringify(pdf.problems));
    assert.equal(site.requests.filter((path) => path === '/credential.json').length, 1, 'the URL in the text was fetched');
  });

  it('reports a look-alike badge whose link leads to a forgery as suspicious', async () => {
    const result = await inspect({url: site.url('/lookalike.md')});
    assert.equal(result.suspicious.length, 1);
    assert.match(result.suspicious[0].reason, /shaped like a Hallmark badge.*does not verify/);
  });

  it('reports our real badge linked somewhere else, or not linked at all, as suspicious', async () => {
    const misdirected = await inspect({url: site.url('/misdirected.md')});
    assert.match(misdirected.suspicious[0]?.reason ?? '', /Hallmark badge of this instance.*leads to no credential/);
    const unlinked = await inspect({url: site.url('/unlinked.md')});
    assert.match(unlinked.suspicious[0]?.reason ?? '', /not linked to any credential/);
  });

  it('leaves a badge whose link cannot be fetched unchecked (a problem), not suspicious', async () => {
    const result = await inspect({url: site.url('/unreachable.md')});
    assert.deepEqual(result.suspicious, []);
    assert.ok(result.problems.some((problem) => /could not be checked: its link http:\/\/127\.0\.0\.2:9\/credentials\/.* could not be fetched/.test(problem.reason)), JSON.stringify(result.problems));
    const elsewhere = await inspect({url: site.url('/elsewhere.md')});
    assert.equal(elsewhere.suspicious.length, 1, 'unread, a link that is not the badge\'s own credential page is still proven wrong');
    assert.match(elsewhere.suspicious[0].reason, /not to the credential it shows/);
  });

  it('calls a genuine revoked badge revoked, not also suspicious', async () => {
    const revoked = await issueBadge(t);
    const id = String(revoked.id).replace('urn:uuid:', '');
    await t.http.post('/issuers/acme/credentials/status').set(t.admin)
      .send({credentialId: revoked.id, credentialStatus: [{type: 'BitstringStatusListEntry', statusPurpose: 'revocation', status: true}]}).expect(200);
    const result = await inspect({text: `# x\n\n[![Hallmark](${base}/badges/${id}.svg)](${base}/credentials/${id})\n`});
    assert.deepEqual(result.reports.map((entry) => entry.report.status), ['revoked']);
    assert.deepEqual(result.suspicious, []);
  });

  it('reads this instance\'s own package, reviewer and community pages without fetching itself', async () => {
    const {vetting, policies} = t.hallmark.services;
    await vetting.communities.create({slug: 'pages-vet', name: 'Pages', ecosystems: ['npm'], acceptance: {endorsements: 0}});
    await vetting.accounts.create({handle: 'paula', kind: 'person', name: 'Paula'});
    await vetting.roles.set({kind: 'admin'}, 'pages-vet', 'paula', 'auditor');
    const review = await vetting.reviews.submit(await accountActor('paula', vetting), 'pages-vet', {purl: 'pkg:npm/pad-pages@1.0.0', kind: 'full', criteria: ['safe-to-run'], thoroughness: 'high', understanding: 'high', rating: 'positive'});
    await policies.policies.publish({kind: 'admin'}, 'pages-vet', {name: 'one', criteria: 'safe-to-run', rules: [{kind: 'reviews', criterion: 'safe-to-run', min: 1}]});
    const badge = (await policies.evaluations.evaluate({kind: 'admin'}, 'pages-vet', 'one', 'pkg:npm/pad-pages@1.0.0')).badge;
    for (const [path, expected] of [['/packages/pkg:npm/pad-pages', badge?.credentialId], ['/reviewers/paula', review.credentialId], ['/communities/pages-vet', badge?.credentialId]] as const) {
      // http://hallmark.test is not even resolvable here: anything found came from the store.
      const result = await inspect({url: `${base}${path}`});
      assert.ok(result.reports.some((entry) => entry.report.credential?.id === expected && entry.report.verified), `${path}: ${JSON.stringify(result.problems)}`);
    }
    const missing = await inspect({url: `${base}/reviewers/nobody-here`});
    assert.ok(missing.problems.some((problem) => /no such page/.test(problem.reason)), JSON.stringify(missing.problems));
  });

  it('stops a README with 1,000 links at the fetch limit, quickly, saying so', async () => {
    const started = Date.now();
    const before = site.requests.length;
    const result = await inspect({url: site.url('/links.md')});
    assert.ok(Date.now() - started < 10_000, 'bounded time');
    assert.ok(site.requests.length - before <= 50, `at most 50 fetches, made ${site.requests.length - before}`);
    assert.ok(result.problems.some((problem) => /limit reached: \d+ link\(s\) were not followed/.test(problem.reason)), JSON.stringify(result.problems.slice(-2)));
  });

  it('says a URL serving a "PDF" that is not one is not a PDF', async () => {
    const result = await inspect({url: site.url('/fake.pdf')});
    assert.equal(result.reports.length, 0);
    assert.match(result.problems[0].reason, /claims to be a PDF but is not one/);
  });

  it('refuses a URL to a private address with 400, fetching nothing', async () => {
    for (const url of ['http://10.0.0.1/README.md', 'http://169.254.169.254/latest/meta-data', 'http://localhost:1/x']) {
      const response = await t.http.post('/api/v1/verify').send({url});
      assert.equal(response.status, 400, url);
      assert.equal(response.body.error.kind, 'invalid-input');
      assert.match(response.body.error.message, /cannot inspect/);
    }
  });

  it('refuses malformed requests with 400', async () => {
    for (const body of [{}, {url: 'file:///etc/passwd'}, {url: 'x', text: 'y'}, {text: ''}, {text: 42}, {url: 'https://a.example', extra: 1}]) {
      const response = await t.http.post('/api/v1/verify').send(body);
      assert.equal(response.status, 400, JSON.stringify(body));
      assert.equal(response.body.error.kind, 'invalid-input');
    }
    const plain = await t.http.post('/api/v1/verify').set('content-type', 'text/plain').send('hello');
    assert.equal(plain.status, 400);
  });

  it('answers 413 to pasted text over the JSON body limit', async () => {
    const response = await t.http.post('/api/v1/verify').send({text: 'x'.repeat(1_100_000)});
    assert.equal(response.status, 413);
    assert.equal(response.body.error.kind, 'too-large');
  });

  it('verifies an uploaded baked PNG, and an uploaded PDF résumé', async () => {
    const png = (await t.http.get(`/credentials/${uuid}/baked.png`).buffer(true)).body as Buffer;
    const response = await t.http.post('/api/v1/verify').attach('file', png, {filename: 'badge.png', contentType: 'image/png'});
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.deepEqual(verdicts(response.body), [[credential.id, true]]);
    const pdf = await resumePdf('https://nowhere.invalid/', `${base}/credentials/${uuid}`);
    const fromPdf = await t.http.post('/api/v1/verify').attach('file', Buffer.from(pdf), {filename: 'cv.pdf', contentType: 'application/pdf'});
    assert.deepEqual(verdicts(fromPdf.body), [[credential.id, true]]);
  });

  it('says an uploaded "PDF" that is not a PDF is not one', async () => {
    const response = await t.http.post('/api/v1/verify').attach('file', Buffer.from('GIF89a'), {filename: 'cv.pdf', contentType: 'application/pdf'});
    assert.equal(response.status, 200);
    assert.match(response.body.problems[0].reason, /claims to be a PDF but is not one/);
  });

  it('refuses a multipart request without a file, or with two', async () => {
    const none = await t.http.post('/api/v1/verify').field('note', 'hi');
    assert.equal(none.status, 400);
    const two = await t.http.post('/api/v1/verify').attach('a', Buffer.from('{}'), 'a.json').attach('b', Buffer.from('{}'), 'b.json');
    assert.equal(two.status, 400);
  });

  it('answers 413 to a 50 MB upload without reading it', async () => {
    const address = await listen(t);
    const started = Date.now();
    const status = await new Promise<number>((resolve, reject) => {
      const boundary = 'x-boundary';
      const request = http.request({host: '127.0.0.1', port: address.port, path: '/api/v1/verify', method: 'POST', headers: {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        'content-length': String(50 * 1024 * 1024),
      }});
      request.on('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
        request.destroy();
      });
      request.on('error', reject);
      // Send only the start: a server that waited for 50 MB would never answer.
      request.write(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="big.png"\r\ncontent-type: image/png\r\n\r\n`);
      request.write(Buffer.alloc(64 * 1024));
    });
    assert.equal(status, 413);
    assert.ok(Date.now() - started < 5000);
    await address.close();
  });

  it('answers 413 to an oversized chunked upload as soon as it passes the cap', async () => {
    const address = await listen(t);
    const status = await new Promise<number>((resolve, reject) => {
      const boundary = 'x-boundary';
      const request = http.request({host: '127.0.0.1', port: address.port, path: '/api/v1/verify', method: 'POST', headers: {'content-type': `multipart/form-data; boundary=${boundary}`}});
      request.on('response', (response) => {
        response.resume();
        resolve(response.statusCode ?? 0);
        request.destroy();
      });
      request.on('error', reject);
      request.write(`--${boundary}\r\ncontent-disposition: form-data; name="file"; filename="big.png"\r\ncontent-type: image/png\r\n\r\n`);
      const chunk = Buffer.alloc(1024 * 1024, 0x41);
      let sent = 0;
      const pump = (): void => {
        while (sent < 12 && request.write(chunk)) sent += 1;
        if (sent < 12) request.once('drain', () => { sent += 1; pump(); });
      };
      pump();
    });
    assert.equal(status, 413);
    await address.close();
  });
});

/** The app on a real socket, for requests supertest cannot shape (a body that is never finished). */
async function listen(t: TestHallmark): Promise<{port: number; close(): Promise<void>}> {
  const server = http.createServer(t.hallmark.app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
