import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {createHash} from 'node:crypto';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PDFDocument, PDFName, PDFString, StandardFonts} from 'pdf-lib';
import {startSite, type SitePage, type TestServer} from '../net/servers.ts';
import {createIssuer, issueBadge, startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {listeningHallmark, type Listening} from '../helpers/listening.ts';
import {hallmark} from '../helpers/cli.ts';
import {badgeFor} from '../helpers/recipients.ts';
import type {InspectionResult} from '../../src/inspect/index.ts';

/**
 * The "done means" résumé: Alice's résumé, in HTML and in PDF, carries
 * four badges — an OB 3.0 credential this instance issued to each of two
 * reviewers, Alice and Bob, and an OB 2.0 hosted assertion for each from
 * another issuer (a loopback site). Verified for Alice, her two badges
 * match and Bob's two are flagged as someone else's.
 */
describe('a résumé with the badges of two people, verified for one of them', () => {
  let listening: Listening<TestHallmark>;
  let site: TestServer;
  let base: string;
  let dir: string;
  const pages = new Map<string, SitePage>();
  const links: Record<'aliceOb3' | 'bobOb3' | 'aliceOb2' | 'bobOb2', string> = {aliceOb3: '', bobOb3: '', aliceOb2: '', bobOb2: ''};

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hallmark-resume-'));
    site = await startSite(pages);
    listening = await listeningHallmark(startHallmark, () => ({HALLMARK_FETCH_ALLOW_HOSTS: `127.0.0.1:${site.port}`}));
    ({base} = listening);
    const {t} = listening;
    await createIssuer(t, 'acme');
    const alice = await issueBadge(t, 'acme', {}, badgeFor('alice@example.org', `${base}/reviewers/alice`, 'a-salt', 'Security reviewer'));
    const bob = await issueBadge(t, 'acme', {}, badgeFor('bob@example.org', `${base}/reviewers/bob`, 'b-salt', 'Security reviewer'));
    const page = (credential: Record<string, unknown>) => `${base}/credentials/${String(credential.id).replace(/^urn:uuid:/, '')}`;
    links.aliceOb3 = page(alice);
    links.bobOb3 = page(bob);

    // Another issuer's OB 2.0 hosted badges, one for each of them.
    pages.set('/ob2/issuer.json', {type: 'application/json', body: JSON.stringify({'@context': 'https://w3id.org/openbadges/v2', type: 'Issuer', id: site.url('/ob2/issuer.json'), name: 'Robotics Guild', url: site.url('/'), email: 'badges@guild.example'})});
    pages.set('/ob2/badge.json', {type: 'application/json', body: JSON.stringify({'@context': 'https://w3id.org/openbadges/v2', type: 'BadgeClass', id: site.url('/ob2/badge.json'), name: 'Robot Wrangler', description: 'Wrangled robots.', image: site.url('/ob2/badge.png'), criteria: {narrative: 'Wrangle three robots.'}, issuer: site.url('/ob2/issuer.json')})});
    for (const [person, salt] of [['alice', 'NaCl'], ['bob', 'KCl']] as const) {
      const path = `/ob2/assertions/${person}.json`;
      const identity = `sha256$${createHash('sha256').update(`${person}@example.org${salt}`).digest('hex')}`;
      pages.set(path, {type: 'application/json', body: JSON.stringify({'@context': 'https://w3id.org/openbadges/v2', type: 'Assertion', id: site.url(path), recipient: {type: 'email', hashed: true, salt, identity}, badge: site.url('/ob2/badge.json'), verification: {type: 'hosted'}, issuedOn: '2025-03-01T12:00:00Z'})});
    }
    links.aliceOb2 = site.url('/ob2/assertions/alice.json');
    links.bobOb2 = site.url('/ob2/assertions/bob.json');

    const items = Object.values(links).map((url) => `<li><a href="${url}">${url}</a></li>`).join('');
    pages.set('/resume.html', {type: 'text/html', body: `<!doctype html><html><head><title>Alice Reviewer</title></head><body><h1>Alice Reviewer</h1><h2>Badges</h2><ul>${items}</ul></body></html>`});
    await writeFile(join(dir, 'resume.pdf'), await resumePdf(Object.values(links)));
  });
  after(async () => {
    await listening?.close();
    await site?.close();
    await rm(dir, {recursive: true, force: true});
  });

  /** Whose each found badge is, by where it came from. */
  const recipients = (result: InspectionResult) => Object.fromEntries(result.reports.map(({source, report}) => [source, [report.openBadgesVersion, report.verified, report.recipient?.result]]));
  const expected = () => ({
    [links.aliceOb3]: ['3.0', true, 'matched'],
    [links.bobOb3]: ['3.0', true, 'not-matched'],
    [links.aliceOb2]: ['2.0', true, 'matched'],
    [links.bobOb2]: ['2.0', true, 'not-matched'],
  });
  const flagged = (result: InspectionResult) => result.suspicious.filter((finding) => /Issued to someone else/.test(finding.reason)).map((finding) => finding.source).sort();

  it('HTML: Alice\'s badges match, Bob\'s are flagged (POST /api/v1/verify)', async () => {
    const response = await listening.t.http.post('/api/v1/verify').send({url: site.url('/resume.html'), recipient: 'alice@example.org'});
    assert.equal(response.status, 200, response.text);
    const result = response.body as InspectionResult;
    assert.deepEqual(recipients(result), expected(), JSON.stringify(result.problems));
    assert.deepEqual(flagged(result), [links.bobOb2, links.bobOb3].sort());
  });

  it('PDF: the same, uploaded', async () => {
    const response = await listening.t.http.post('/api/v1/verify').field('recipient', 'alice@example.org').attach('file', Buffer.from(await resumePdf(Object.values(links))), {filename: 'resume.pdf', contentType: 'application/pdf'});
    assert.equal(response.status, 200, response.text);
    const result = response.body as InspectionResult;
    assert.deepEqual(recipients(result), expected(), JSON.stringify(result.problems));
    assert.deepEqual(flagged(result), [links.bobOb2, links.bobOb3].sort());
  });

  it('PDF through the CLI: exit 1, Bob\'s badges named; for Bob, the other way round', async () => {
    const env = {HALLMARK_FETCH_ALLOW_HOSTS: `127.0.0.1:${site.port},127.0.0.1:${new URL(base).port}`};
    const forAlice = await hallmark(['verify', join(dir, 'resume.pdf'), '--recipient', 'alice@example.org'], {isolated: true, env});
    assert.equal(forAlice.code, 1, forAlice.stdout + forAlice.stderr);
    assert.equal(forAlice.stdout.match(/; recipient: matched$/gm)?.length, 2, forAlice.stdout);
    assert.equal(forAlice.stdout.match(/; recipient: not-matched$/gm)?.length, 2, forAlice.stdout);
    assert.ok(forAlice.stdout.includes(`SUSPICIOUS: ${links.bobOb2}: Issued to someone else`), forAlice.stdout);
    assert.ok(forAlice.stdout.includes(`SUSPICIOUS: ${links.bobOb3}: Issued to someone else`), forAlice.stdout);
    const forBob = await hallmark(['verify', join(dir, 'resume.pdf'), '--recipient', 'bob@example.org', '--json'], {isolated: true, env});
    assert.equal(forBob.code, 1);
    assert.deepEqual(flagged(JSON.parse(forBob.stdout) as InspectionResult), [links.aliceOb2, links.aliceOb3].sort());
  });

  it('with no recipient named, all four are genuine and nothing is flagged', async () => {
    const response = await listening.t.http.post('/api/v1/verify').send({url: site.url('/resume.html')});
    const result = response.body as InspectionResult;
    assert.equal(result.reports.length, 4);
    assert.ok(result.reports.every(({report}) => report.verified && report.recipient === undefined));
    assert.deepEqual(result.suspicious, []);
  });
});

/** A one-page résumé PDF: each badge URL written out and clickable. */
async function resumePdf(urls: string[]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const page = pdf.addPage([595, 842]);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  page.drawText('Alice Reviewer - security reviewer', {x: 50, y: 780, size: 16, font});
  const annotations = urls.map((url, index) => {
    const y = 740 - index * 24;
    page.drawText(url, {x: 50, y, size: 8, font});
    return pdf.context.register(pdf.context.obj({Type: 'Annot', Subtype: 'Link', Rect: [50, y - 4, 545, y + 10], Border: [0, 0, 0], A: {Type: 'Action', S: 'URI', URI: PDFString.of(url)}}));
  });
  page.node.set(PDFName.of('Annots'), pdf.context.obj(annotations));
  return pdf.save();
}
