import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {createIssuer, issueBadge, startHallmark, type TestHallmark} from './helpers/hallmark.ts';
import {hallmark} from './helpers/cli.ts';
import {listeningHallmark, type Listening} from './helpers/listening.ts';

const INTEROP = resolve(import.meta.dirname, '../../shared/interop');

describe('hallmark verify', () => {
  let t: TestHallmark;
  let listening: Listening<TestHallmark>;
  let base: string;
  let dir: string;
  let credential: Record<string, unknown>;
  let mapFile: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hallmark-cli-'));
    listening = await listeningHallmark(startHallmark);
    ({t, base} = listening);
    await createIssuer(t, 'acme');
    credential = await issueBadge(t);
    const listUrl = (credential.credentialStatus as {statusListCredential: string}).statusListCredential;
    const list = (await t.hallmark.services.resolver.resolve(listUrl)) as object;
    await writeFile(join(dir, 'credential.json'), JSON.stringify(credential));
    await writeFile(join(dir, 'list.json'), JSON.stringify(list));
    mapFile = join(dir, 'map.json');
    await writeFile(mapFile, JSON.stringify({[listUrl]: 'list.json'}));
  });
  after(async () => {
    await listening?.close();
    await rm(dir, {recursive: true, force: true});
  });

  it('exits 0 and prints a readable verdict for a valid credential, offline with --documents', async () => {
    const run = await hallmark(['verify', join(dir, 'credential.json'), '--documents', mapFile]);
    assert.equal(run.code, 0, run.stderr + run.stdout);
    assert.match(run.stdout, /^VALID/);
    assert.match(run.stdout, /proof/);
  });

  it('prints the JSON report with --json and reads standard input', async () => {
    const run = await hallmark(['verify', '-', '--json', '--documents', mapFile], {stdin: JSON.stringify(credential)});
    assert.equal(run.code, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.equal(report.status, 'valid');
    assert.ok(report.checks.some((check: {check: string}) => check.check === 'status'));
  });

  it('exits 1 for a tampered credential', async () => {
    const forged = {...credential, name: 'Forged'};
    await writeFile(join(dir, 'forged.json'), JSON.stringify(forged));
    const run = await hallmark(['verify', join(dir, 'forged.json'), '--documents', mapFile, '--json']);
    assert.equal(run.code, 1);
    assert.equal(JSON.parse(run.stdout).status, 'invalid');
  });

  it('exits 3 (indeterminate, not a verdict of invalid) when a status list is not among the offline documents', async () => {
    const emptyMap = join(dir, 'empty.json');
    await writeFile(emptyMap, '{}');
    const run = await hallmark(['verify', join(dir, 'credential.json'), '--documents', emptyMap, '--json']);
    assert.equal(run.code, 3);
    assert.equal(JSON.parse(run.stdout).status, 'indeterminate');
    const words = await hallmark(['verify', join(dir, 'credential.json'), '--documents', emptyMap]);
    assert.equal(words.code, 3);
    assert.match(words.stdout, /^INDETERMINATE/);
  });

  it('fetches a credential and its status list by URL through the fetcher when the host is allowed', async () => {
    const url = `${base}/credentials/${String(credential.id).slice('urn:uuid:'.length)}`;
    const allowed = await hallmark(['verify', url], {env: {HALLMARK_FETCH_ALLOW_HOSTS: `127.0.0.1:${new URL(base).port}`}});
    assert.equal(allowed.code, 0, allowed.stderr + allowed.stdout);
    const blocked = await hallmark(['verify', url], {env: {HALLMARK_FETCH_ALLOW_HOSTS: ''}});
    assert.equal(blocked.code, 2);
    assert.match(blocked.stderr, /cannot read/);
  });

  it('calls a credential whose status list the fetcher refuses indeterminate (exit 3), and valid once HALLMARK_FETCH_ALLOW_HOSTS allows it', async () => {
    const refused = await hallmark(['verify', join(dir, 'credential.json')], {env: {HALLMARK_FETCH_ALLOW_HOSTS: ''}});
    assert.equal(refused.code, 3, refused.stdout + refused.stderr);
    assert.match(refused.stdout, /^INDETERMINATE/);
    assert.match(refused.stdout, /could not be checked/);
    const allowed = await hallmark(['verify', join(dir, 'credential.json')], {env: {HALLMARK_FETCH_ALLOW_HOSTS: `127.0.0.1:${new URL(base).port}`}});
    assert.equal(allowed.code, 0, allowed.stdout + allowed.stderr);
  });

  it('verifies the DCC fixtures offline from their folder', async () => {
    const folder = join(INTEROP, 'dcc-fixtures');
    const valid = await hallmark(['verify', join(folder, 'verifiableCredentials/v2/dataIntegrityProof/didKey/legacyRegistry-noStatus-noExpiry-basicOBv3.json'), '--documents', folder]);
    assert.equal(valid.code, 0, valid.stdout + valid.stderr);
    const revoked = await hallmark(['verify', join(folder, 'verifiableCredentials/v2/ed25519/didKey/oidf-revokedStatus-noExpiry.json'), '--documents', folder]);
    assert.equal(revoked.code, 1);
    assert.match(revoked.stdout, /^REVOKED/);
  });

  it('refuses a key the credential names for itself unless --trust-embedded-keys is given', async () => {
    const folder = join(INTEROP, '1edtech-validator');
    const sample = join(folder, 'simple.json');
    const strict = await hallmark(['verify', sample, '--documents', folder]);
    assert.equal(strict.code, 1, strict.stdout + strict.stderr);
    assert.match(strict.stdout, /^INVALID/);
    assert.match(strict.stdout, /failed +issuer +The key that signed it is named only by the credential itself/);
    const trusting = await hallmark(['verify', sample, '--documents', folder, '--trust-embedded-keys']);
    assert.equal(trusting.code, 0, trusting.stdout + trusting.stderr);
    assert.match(trusting.stdout, /^VALID/);
    assert.match(trusting.stdout, /warning +issuer .*not independently confirmed/);
  });

  it('documents --trust-embedded-keys in its usage', async () => {
    const run = await hallmark(['--help']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /--trust-embedded-keys\]\s+accept keys a credential names for itself when its issuer publishes none \(1EdTech validator behaviour; forgeable\)/);
  });

  const usage: Array<[string, string[], string | undefined, RegExp]> = [
    ['no argument', ['verify'], undefined, /exactly one credential/],
    ['two arguments', ['verify', 'a.json', 'b.json'], undefined, /exactly one credential/],
    ['an unknown flag', ['verify', 'a.json', '--fast'], undefined, /Unknown option/i],
    ['a missing file', ['verify', '/nonexistent/credential.json'], undefined, /cannot read/],
    ['text that is not a credential', ['verify', '-'], 'hello world', /not a credential/],
    ['malformed JSON', ['verify', '-'], '{"@context": [', /not valid JSON/],
    ['JSON that is not a credential', ['verify', '-'], '{"hello": "world"}', /not a credential/],
    ['a missing documents map', ['verify', '-', '--documents', '/nonexistent/map.json'], '{}', /--documents/],
    ['a file:// URL', ['verify', 'file:///etc/passwd'], undefined, /cannot read/],
  ];
  for (const [what, args, stdin, pattern] of usage) {
    it(`exits 2 with a message for ${what}`, async () => {
      const run = await hallmark(args, {stdin});
      assert.equal(run.code, 2, run.stdout + run.stderr);
      assert.match(run.stderr, pattern);
    });
  }

  it('ignores server settings it does not use, and names a bad fetch allow-list', async () => {
    const run = await hallmark(['verify', join(dir, 'credential.json'), '--documents', mapFile], {env: {PORT: 'not-a-port'}});
    assert.equal(run.code, 0, run.stderr);
    const bad = await hallmark(['verify', join(dir, 'credential.json')], {env: {HALLMARK_FETCH_ALLOW_HOSTS: 'localhost'}});
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /HALLMARK_FETCH_ALLOW_HOSTS: bad entry "localhost"/);
    assert.doesNotMatch(bad.stderr, /HALLMARK_FETCH_ALLOW_HOSTS: HALLMARK_FETCH_ALLOW_HOSTS/);
  });

  it('exits 2 for an unknown command and prints usage', async () => {
    const run = await hallmark(['frobnicate']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /usage: hallmark/);
  });
});
