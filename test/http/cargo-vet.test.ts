import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {createServer} from 'node:http';
import {once} from 'node:events';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {ADMIN_TOKEN, startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {listeningHallmark, type Listening} from '../helpers/listening.ts';
import {hallmark} from '../helpers/cli.ts';
import {loadConfig} from '../../src/config.ts';
import {createHallmark} from '../../src/app.ts';
import type {Actor} from '../../src/vetting/model.ts';
import {assertCargoVetAudits} from '../helpers/cargo-vet-format.ts';
import {parse as parseToml} from 'smol-toml';

const AUDITS = `
[criteria.crypto-safe]
description = "Uses cryptography the way its authors intended."
implies = "safe-to-run"

[[audits.tinycrate]]
who = "Ann Auditor <ann@example.org>"
criteria = "safe-to-deploy"
version = "1.0.0"

[[audits.tinycrate]]
who = "Ann Auditor <ann@example.org>"
criteria = ["safe-to-deploy", "crypto-safe"]
delta = "1.0.0 -> 1.1.0"
notes = "Only a README change."

[[audits.badcrate]]
who = "Ann Auditor <ann@example.org>"
criteria = "safe-to-deploy"
violation = "<2.0.0"

[[trusted.serde]]
criteria = "safe-to-deploy"
user-id = 3618
start = "2022-01-01"
end = "2030-01-01"
`;
/** The same file a month later: the delta audit is gone, a new full audit arrived. */
const NEWER = AUDITS.replace(/\[\[audits\.tinycrate\]\]\nwho = "Ann Auditor <ann@example.org>"\ncriteria = \["safe-to-deploy", "crypto-safe"\]\ndelta[^[]*/, '')
  + '\n[[audits.othercrate]]\nwho = "Bo <bo@example.org>"\ncriteria = "safe-to-run"\nversion = "0.3.0"\n';

const ORIGIN_POLICY = {name: 'cargo-vetted', criteria: 'safe-to-deploy', rules: [{kind: 'reviews', criterion: 'safe-to-deploy', min: 1, origin: ['local', 'cargo-vet']}]};
const LOCAL_POLICY = {name: 'local-only', criteria: 'safe-to-deploy', rules: [{kind: 'reviews', criterion: 'safe-to-deploy', min: 1}]};
const VIOLATIONS_POLICY = {name: 'clean', criteria: 'safe-to-run', rules: [{kind: 'no-violations', origin: 'cargo-vet'}]};

async function startCargoCommunity(env: Record<string, string> = {}) {
  const t = await startHallmark({HALLMARK_SWEEP_INTERVAL: '0', ...env});
  const {vetting, tokens} = t.hallmark.services;
  const admin: Actor = {kind: 'admin'};
  await vetting.communities.create({slug: 'rust-vet', name: 'Rust vetting', ecosystems: ['cargo'], acceptance: {endorsements: 0}});
  await vetting.communities.create({slug: 'js-only', name: 'JS', ecosystems: ['npm']});
  await vetting.communities.create({slug: 'mixed', name: 'Rust and JS', ecosystems: ['cargo', 'npm'], acceptance: {endorsements: 0}});
  for (const [handle, role] of [['stew', 'steward'], ['aud', 'auditor']] as const) {
    await vetting.accounts.create({handle, kind: 'person', name: handle});
    for (const slug of ['rust-vet', 'js-only', 'mixed']) await vetting.roles.set(admin, slug, handle, role);
  }
  const token = async (handle: string) => ({Authorization: `Bearer ${(await tokens.create({kind: 'account', handle, issuerSlug: null})).token}`});
  return Object.assign(t, {stew: await token('stew'), aud: await token('aud')});
}
type CargoFixture = Awaited<ReturnType<typeof startCargoCommunity>>;

describe('cargo-vet imports: policies, newer files, hostile input, URLs, the CLI and crashes', () => {
  let listening: Listening<CargoFixture>;
  let t: CargoFixture;
  let dir: string;
  let upstream: ReturnType<typeof createServer>;
  let upstreamUrl: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hallmark-cargo-vet-'));
    upstream = createServer((req, res) => (req.url === '/audits.toml' ? res.end(AUDITS) : res.writeHead(404).end()));
    upstream.listen(0, '127.0.0.1');
    await once(upstream, 'listening');
    upstreamUrl = `http://127.0.0.1:${(upstream.address() as {port: number}).port}`;
    listening = await listeningHallmark(startCargoCommunity, () => ({HALLMARK_FETCH_ALLOW_HOSTS: upstreamUrl.replace('http://', '')}));
    t = listening.t;
    for (const policy of [ORIGIN_POLICY, LOCAL_POLICY, VIOLATIONS_POLICY]) {
      assert.equal((await t.http.post('/api/v1/communities/rust-vet/policies').set(t.stew).send(policy)).status, 201);
    }
  });
  after(async () => {
    upstream?.close();
    await listening?.close();
    await rm(dir, {recursive: true, force: true});
  });

  const upload = (text: string | Buffer, auth = t.stew, community = 'rust-vet', source = 'team/audits.toml') =>
    t.http.post(`/api/v1/communities/${community}/cargo-vet/imports`).set(auth).field('source', source).attach('file', Buffer.from(text), 'audits.toml');
  const evaluate = (policy: string, purl: string) => t.http.post(`/api/v1/communities/rust-vet/policies/${policy}/evaluate`).set(t.aud).send({purl});
  const stored = () => t.hallmark.services.vetting.cargoVet.entriesInCommunity('rust-vet');
  const verifyStatus = async (credential: unknown) => (await t.http.post('/credentials/verify').send({verifiableCredential: credential})).body.status;

  it('refuses hostile and malformed files clearly, and writes nothing', async () => {
    const cases: Array<[string, string | Buffer, number, RegExp]> = [
      ['deep nesting', `a = ${'['.repeat(20_000)}${']'.repeat(20_000)}`, 400, /nested/],
      ['100,000 entries', '[[audits.c]]\ncriteria = "safe-to-run"\nversion = "1.0.0"\n'.repeat(100_000).slice(0, 4 * 1024 * 1024 - 10).replace(/\[\[[^\]]*$/, ''), 413, /at most 25000 entries/],
      ['a duplicate key', '[[audits.x]]\ncriteria = "safe-to-run"\nversion = "1.0.0"\nversion = "1.0.1"\n', 400, /redefine/],
      ['a redefined table', '[criteria.a]\ndescription = "x"\n[criteria.a]\ndescription = "y"\n', 400, /redefine/],
      ['a 50 MB file', Buffer.alloc(50 * 1024 * 1024, 0x61), 413, /larger than/],
      ['bytes that are not UTF-8', Buffer.from([0xff, 0xfe, 0x00, 0x41]), 400, /UTF-8/],
      ['not TOML', 'this is { not toml', 400, /not acceptable TOML/],
      ['audits that is not a table', 'audits = 3', 400, /"audits" must be a table/],
    ];
    for (const [what, text, status, message] of cases) {
      const response = await upload(text);
      assert.equal(response.status, status, `${what}: ${JSON.stringify(response.body).slice(0, 200)}`);
      assert.match(response.body.error.message, message, what);
    }
    assert.equal((await upload(AUDITS, t.stew, 'js-only')).status, 400, 'a community that does not review cargo');
    assert.equal((await upload(AUDITS, t.aud)).status, 403, 'an auditor is not a steward');
    assert.equal((await t.http.post('/api/v1/communities/rust-vet/cargo-vet/imports').attach('file', Buffer.from(AUDITS), 'a.toml')).status, 401);
    const badMapping = await t.http.post('/api/v1/communities/rust-vet/cargo-vet/imports').set(t.stew).field('mapping', '{"crypto-safe": "no-such-criterion"}').attach('file', Buffer.from(AUDITS), 'a.toml');
    assert.equal(badMapping.status, 400);
    assert.match(badMapping.body.error.message, /does not define/);
    assert.equal((await t.http.post('/api/v1/communities/rust-vet/cargo-vet/imports').set(t.stew).send({url: 'http://10.0.0.1/audits.toml'})).status, 400, 'a private address');
    assert.equal((await t.http.post('/api/v1/communities/rust-vet/cargo-vet/imports').set(t.stew).send({url: 'file:///etc/passwd'})).status, 400);
    assert.deepEqual(await stored(), []);
    assert.deepEqual((await t.http.get('/api/v1/communities/rust-vet/cargo-vet/imports')).body.imports, []);
    assert.equal((await t.http.get('/api/v1/communities/rust-vet/criteria/crypto-safe')).status, 404);
  });

  it('counts imported audits only under a policy that names cargo-vet, and shows them as imported', async () => {
    const imported = await upload(AUDITS);
    assert.equal(imported.status, 201);
    assert.deepEqual(imported.body.counts, {full: 1, delta: 1, violation: 1, trusted: 1, wildcard: 0});
    assert.equal(imported.body.added, 4);
    assert.deepEqual(imported.body.unmapped, []);

    const local = await evaluate('local-only', 'pkg:cargo/tinycrate@1.1.0');
    assert.equal(local.body.evaluation.passed, false, 'unsigned audits do not count by default');
    const vetted = await evaluate('cargo-vetted', 'pkg:cargo/tinycrate@1.1.0');
    assert.equal(vetted.body.evaluation.passed, true, JSON.stringify(vetted.body.evaluation.rules));
    assert.match(vetted.body.evaluation.rules[0].reason, /1 qualifying reviewer/);
    const credential = vetted.body.credential;
    assert.equal(await verifyStatus(credential), 'valid');
    const evidence = credential.evidence[0];
    assert.match(evidence.name, /^cargo-vet delta audit by cargo-vet:Ann Auditor/);
    assert.match(evidence.description, /Imported, unsigned cargo-vet audit/);
    const audit = await t.http.get(new URL(evidence.id).pathname);
    assert.equal(audit.status, 200);
    assert.equal(audit.body.origin, 'cargo-vet');
    assert.equal(audit.body.notes, 'Only a README change.');

    const view = await t.http.get(`/api/v1/packages/${encodeURIComponent('pkg:cargo/tinycrate@1.1.0')}`);
    assert.deepEqual(view.body.imported.map((entry: {kind: string; origin: string}) => [entry.kind, entry.origin]), [['delta', 'cargo-vet']]);
    const page = await t.http.get(`/packages/${encodeURIComponent('pkg:cargo/tinycrate')}`).set('Accept', 'text/html');
    assert.match(page.text, /Imported audits/);
    assert.match(page.text, /unsigned/);

    const violated = await evaluate('clean', 'pkg:cargo/badcrate@1.5.0');
    assert.equal(violated.body.evaluation.passed, false);
    assert.equal((await evaluate('clean', 'pkg:cargo/badcrate@2.0.0')).body.evaluation.passed, true);
  });

  it('re-importing changes nothing; a newer file adds what is new and withdraws what disappeared', async () => {
    const again = await upload(AUDITS);
    assert.equal(again.body.added, 0);
    assert.deepEqual(again.body.disappeared, []);
    const badge = (await evaluate('cargo-vetted', 'pkg:cargo/tinycrate@1.1.0')).body.credential;

    const newer = await upload(NEWER);
    assert.equal(newer.status, 201);
    assert.equal(newer.body.added, 1);
    assert.deepEqual(newer.body.disappeared.map((entry: {entry: string}) => entry.entry), ['audits.tinycrate[1]']);
    assert.equal(await verifyStatus(badge), 'suspended', 'the badge resting on the vanished audit is suspended at once');

    const restored = await upload(AUDITS);
    assert.equal(restored.body.added, 1, 'the audit is back');
    assert.deepEqual(restored.body.disappeared.map((entry: {entry: string}) => entry.entry), ['audits.othercrate[0]']);
    assert.equal(await verifyStatus(badge), 'valid');
  });

  it('imports by URL through the hardened fetcher, and from the CLI', async () => {
    const byUrl = await t.http.post('/api/v1/communities/rust-vet/cargo-vet/imports').set(t.stew).send({url: `${upstreamUrl}/audits.toml`});
    assert.equal(byUrl.status, 201, JSON.stringify(byUrl.body));
    assert.equal(byUrl.body.source, `${upstreamUrl}/audits.toml`);
    assert.equal(byUrl.body.added, 4, 'another source, its own entries');
    const missing = await t.http.post('/api/v1/communities/rust-vet/cargo-vet/imports').set(t.stew).send({url: `${upstreamUrl}/nope.toml`});
    assert.equal(missing.status, 503);

    const file = join(dir, 'audits.toml');
    await writeFile(file, NEWER);
    const env = {HALLMARK_SERVER: listening.base, HALLMARK_TOKEN: t.stew.Authorization.slice(7)};
    const run = await hallmark(['import', 'cargo-vet', file, '--community', 'rust-vet', '--source', 'cli-file'], {env});
    assert.equal(run.code, 0, run.stderr);
    assert.equal(JSON.parse(run.stdout).added, 4);
    const bad = join(dir, 'bad.toml');
    await writeFile(bad, 'x = [');
    const refused = await hallmark(['import', 'cargo-vet', bad, '--community', 'rust-vet'], {env});
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /not acceptable TOML/);
    const usage = await hallmark(['import', 'cargo-vet', file], {env});
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--community/);
  });
});

describe('the audits.toml export of a community', () => {
  let t: CargoFixture;
  before(async () => {
    t = await startCargoCommunity();
  });
  after(() => t?.close());

  const review = (purl: string, extra: Record<string, unknown> = {}) => t.http.post('/api/v1/communities/mixed/reviews').set(t.aud)
    .send({purl, kind: 'full', criteria: ['safe-to-deploy'], thoroughness: 'high', understanding: 'high', rating: 'positive', notes: 'Read it all.', ...extra});

  it('holds accepted local reviews in the cargo-vet format, grows only at the end, and carries other ecosystems only when asked', async () => {
    const empty = await t.http.get('/communities/mixed/audits.toml');
    assert.equal(empty.status, 200);
    assert.deepEqual(assertCargoVetAudits(empty.text), {audits: 0, trusted: 0, wildcard: 0});
    assert.equal((await review('pkg:cargo/tinycrate@1.0.0')).status, 201);
    assert.equal((await review('pkg:cargo/tinycrate@1.1.0', {kind: 'delta', from: '1.0.0'})).status, 201);
    assert.equal((await review('pkg:npm/left-pad@1.3.0')).status, 201);
    const first = (await t.http.get('/communities/mixed/audits.toml')).text;
    assert.deepEqual(assertCargoVetAudits(first), {audits: 2, trusted: 0, wildcard: 0});
    const audits = (parseToml(first) as {audits: Record<string, Array<Record<string, string>>>}).audits;
    assert.deepEqual(audits.tinycrate.map((entry) => entry.version ?? entry.delta), ['1.0.0', '1.0.0 -> 1.1.0']);
    assert.match(audits.tinycrate[0].who, /^aud <http:\/\/localhost:3000\/reviewers\/aud>$/);
    assert.match(audits.tinycrate[0].notes, /^Read it all\.\n\nReviewed on Hallmark: /);

    assert.equal((await review('pkg:cargo/badcrate@1.5.0', {kind: 'violation', range: 'vers:cargo/>=1.0.0|<2.0.0'})).status, 201);
    const second = (await t.http.get('/communities/mixed/audits.toml')).text;
    assert.ok(second.startsWith(first), 'a new version of the file is the old one with entries appended');
    assert.match(second.slice(first.length), /\[\[audits\.badcrate\]\]\nwho = .*\ncriteria = "safe-to-deploy"\nviolation = ">=1\.0\.0, <2\.0\.0"/);

    const withNpm = await t.http.get('/communities/mixed/audits.toml?ecosystems=npm');
    assert.deepEqual(assertCargoVetAudits(withNpm.text), {audits: 4, trusted: 0, wildcard: 0});
    assert.match(withNpm.text, /\[\[audits\."pkg:npm\/left-pad"\]\]\nwho = .*\ncriteria = "safe-to-deploy"\nversion = "1\.3\.0"/);
    assert.equal((await t.http.get('/communities/mixed/audits.toml?ecosystems=../x')).status, 400);
    assert.equal((await t.http.get('/communities/no-such/audits.toml')).status, 404);

    // The convention reads back: the npm entry imports as an audit of that npm release.
    const back = await t.http.post('/api/v1/communities/mixed/cargo-vet/imports').set(t.stew).field('source', 'self').attach('file', Buffer.from(withNpm.text), 'audits.toml');
    assert.equal(back.status, 201, JSON.stringify(back.body));
    assert.deepEqual(back.body.unmapped, []);
    const view = await t.http.get(`/api/v1/packages/${encodeURIComponent('pkg:npm/left-pad@1.3.0')}`);
    assert.equal(view.body.imported.length, 1);
    assert.equal(view.body.imported[0].purl, 'pkg:npm/left-pad@1.3.0');
  });
});

describe('a cargo-vet import interrupted by a crash', () => {
  it('is finished when the instance starts again, without duplicates', async () => {
    const first = await startCargoCommunity();
    const {store} = first.hallmark.services;
    const imports = await store.collection<{id: string; [key: string]: unknown}>({name: 'cargo_vet_imports', indexes: []});
    // The intent was recorded, then the process died before the first entry was written.
    await imports.insert({
      id: '00000000-0000-4000-8000-000000000001', community: 'rust-vet', source: 'crashed.toml', sha256: 'x', state: 'pending', pendingFor: 'rust-vet',
      actor: {kind: 'admin'}, text: AUDITS, mapping: {}, startedAt: new Date().toISOString(), finishedAt: null, result: null,
    });
    const blocked = await first.http.post('/api/v1/communities/rust-vet/cargo-vet/imports').set(first.stew).attach('file', Buffer.from(AUDITS), 'a.toml');
    assert.equal(blocked.status, 409, 'one import per community at a time');
    await first.hallmark.close();
    const config = loadConfig({HALLMARK_DATA_DIR: first.dataDir, HALLMARK_ADMIN_TOKEN: ADMIN_TOKEN, HALLMARK_SWEEP_INTERVAL: '0'});
    const second = await createHallmark(config);
    try {
      const entries = await second.services.vetting.cargoVet.entriesInCommunity('rust-vet');
      assert.equal(entries.length, 4);
      const [result] = await second.services.vetting.cargoVet.imports('rust-vet');
      assert.equal(result.added, 4);
      assert.equal(await second.services.vetting.cargoVet.resume(), 0, 'nothing left pending');
    } finally {
      await second.close();
      await rm(first.dataDir, {recursive: true, force: true});
    }
  });
});
