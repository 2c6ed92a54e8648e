import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {createIssuer, issueBadge, startHallmark, type TestHallmark} from './helpers/hallmark.ts';
import {hallmark} from './helpers/cli.ts';
import {resumePdf} from './inspect/pdf-fixtures.ts';
import {listeningHallmark, type Listening} from './helpers/listening.ts';

const INTEROP = resolve(import.meta.dirname, '../../shared/interop');

/** `hallmark verify` on READMEs, résumés and baked images, against a live instance on loopback. */
describe('hallmark verify: anything that holds or links to credentials', () => {
  let t: TestHallmark;
  let listening: Listening<TestHallmark>;
  let base: string;
  let dir: string;
  let credential: Record<string, unknown>;
  let uuid: string;
  let env: Record<string, string>;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hallmark-cli-inspect-'));
    listening = await listeningHallmark(startHallmark);
    ({t, base} = listening);
    env = {HALLMARK_FETCH_ALLOW_HOSTS: new URL(base).host};
    await createIssuer(t, 'acme');
    credential = await issueBadge(t);
    uuid = String(credential.id).replace('urn:uuid:', '');
    const badge = `[![Hallmark](${base}/badges/${uuid}.svg)](${base}/credentials/${uuid})`;
    await writeFile(join(dir, 'README.md'), `# left-pad\n\n${badge}\n`);
    await writeFile(join(dir, 'fake-README.md'), `# evil\n\n[![Hallmark](${base}/badges/${uuid}.svg)](https://example.invalid/)\n`);
    await writeFile(join(dir, 'cv.pdf'), await resumePdf(`${base}/credentials/${uuid}`, `${base}/credentials/${uuid}`));
    await writeFile(join(dir, 'not-a.pdf'), 'GIF89a, not a PDF');
    await writeFile(join(dir, 'badge.png'), (await t.http.get(`/credentials/${uuid}/baked.png`).buffer(true)).body as Buffer);
  });
  after(async () => {
    await listening?.close();
    await rm(dir, {recursive: true, force: true});
  });

  it('verifies the badge in a README file: one line per credential, exit 0', async () => {
    const run = await hallmark(['verify', join(dir, 'README.md')], {env});
    assert.equal(run.code, 0, run.stdout + run.stderr);
    const lines = run.stdout.split('\n').filter((line) => /^(VALID|INVALID|REVOKED)/.test(line));
    assert.equal(lines.length, 1, run.stdout);
    assert.match(lines[0], new RegExp(`^VALID: OpenBadgeCredential urn:uuid:${uuid} \\(issuer acme community; from ${base.replaceAll('.', '\\.')}/credentials/${uuid}\\)`));
  });

  it('flags a README whose badge links elsewhere as suspicious, exit 1', async () => {
    const run = await hallmark(['verify', join(dir, 'fake-README.md')], {env});
    assert.equal(run.code, 1, run.stdout + run.stderr);
    assert.match(run.stdout, /^SUSPICIOUS: fake-README\.md: an image shaped like a Hallmark badge/m);
  });

  it('verifies a PDF résumé and a baked PNG; --json prints the whole inspection', async () => {
    const pdf = await hallmark(['verify', join(dir, 'cv.pdf'), '--json'], {env});
    assert.equal(pdf.code, 0, pdf.stdout + pdf.stderr);
    const result = JSON.parse(pdf.stdout);
    assert.deepEqual(result.reports.map((entry: {report: {verified: boolean}}) => entry.report.verified), [true]);
    assert.deepEqual(result.suspicious, []);
    const png = await hallmark(['verify', join(dir, 'badge.png')], {env});
    assert.equal(png.code, 0, png.stdout + png.stderr);
    assert.match(png.stdout, /^VALID: OpenBadgeCredential/);
  });

  it('unbakes and verifies another issuer\'s baked SVG offline', async () => {
    const folder = join(INTEROP, '1edtech-validator');
    const run = await hallmark(['verify', join(folder, 'simple-json.svg'), '--documents', folder, '--trust-embedded-keys']);
    assert.equal(run.code, 0, run.stdout + run.stderr);
    assert.match(run.stdout, /^VALID/);
  });

  it('verifies a credential URL, negotiating for its JSON', async () => {
    const run = await hallmark(['verify', `${base}/credentials/${uuid}`], {env});
    assert.equal(run.code, 0, run.stdout + run.stderr);
  });

  const bad: Array<[string, string[], RegExp]> = [
    ['a "PDF" that is not a PDF', ['verify', 'NOT-A-PDF'], /claims to be a PDF but is not one/],
    ['a URL to a private address', ['verify', 'http://10.1.2.3/README.md'], /cannot read .*10\.1\.2\.3/],
    ['an image without a credential', ['verify', join(INTEROP, 'dcc-fixtures/verifiableCredentials/v1/ed25519/didKey/oidf-noStatus-noExpiry.png')], /carries no baked credential/],
  ];
  for (const [what, args, pattern] of bad) {
    it(`exits 2 with a clear message for ${what}`, async () => {
      const run = await hallmark(args.map((arg) => (arg === 'NOT-A-PDF' ? join(dir, 'not-a.pdf') : arg)), {env: {HALLMARK_FETCH_ALLOW_HOSTS: ''}});
      assert.equal(run.code, 2, run.stdout + run.stderr);
      assert.match(run.stdout + run.stderr, pattern);
    });
  }
});
