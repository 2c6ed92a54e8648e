import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {resolve} from 'node:path';
import {parse} from 'smol-toml';
import {assertCargoVetAudits} from '../helpers/cargo-vet-format.ts';
import {startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import type {Actor} from '../../src/vetting/model.ts';

/**
 * Real cargo-vet audits files (../shared/interop/cargo-vet/, expected.json)
 * imported through the HTTP API: the counts the file holds, sample entries as
 * the package API shows them, what cannot be mapped and why, and the export
 * read back by a TOML parser and imported again.
 */
const CORPUS = resolve(import.meta.dirname, '../../../shared/interop/cargo-vet');
const expected = JSON.parse(readFileSync(`${CORPUS}/expected.json`, 'utf8')) as Array<Record<string, any>>;
const auditFiles = expected.filter((file) => file.format === 'audits.toml');

describe('cargo-vet import of real audits files', () => {
  let t: TestHallmark;
  let steward: {Authorization: string};
  const admin: Actor = {kind: 'admin'};

  before(async () => {
    t = await startHallmark({HALLMARK_SWEEP_INTERVAL: '0'});
    const {vetting, tokens} = t.hallmark.services;
    await vetting.accounts.create({handle: 'stew', kind: 'person', name: 'Stew'});
    for (const slug of ['mozilla', 'google', 'embark', 'again', 'wasmtime']) {
      await vetting.communities.create({slug, name: slug, ecosystems: ['cargo'], acceptance: {endorsements: 0}});
      await vetting.roles.set(admin, slug, 'stew', 'steward');
    }
    steward = {Authorization: `Bearer ${(await tokens.create({kind: 'account', handle: 'stew', issuerSlug: null})).token}`};
  });
  after(() => t?.close());

  const communityOf = (file: string) => file.split('-')[0];

  const importFile = (community: string, path: string, source = 'audits.toml') =>
    t.http.post(`/api/v1/communities/${community}/cargo-vet/imports`).set(steward).field('source', source).attach('file', path);

  for (const file of auditFiles) {
    it(`imports ${file.file}: counts as expected.json, samples through the package API`, async () => {
      const community = communityOf(file.file);
      const response = await importFile(community, `${CORPUS}/${file.file}`);
      assert.equal(response.status, 201, JSON.stringify(response.body).slice(0, 500));
      const {counts, added, unmapped} = response.body;
      assert.deepEqual(counts, {
        full: file.audits.version, delta: file.audits.delta, violation: file.audits.violation,
        trusted: file.trusted.entries, wildcard: file.wildcardAudits.entries,
      });
      // What cannot be a review of a registry release is reported, each with its reason: here, git revisions only.
      assert.equal(unmapped.length, file.features.gitRevision, JSON.stringify(unmapped.slice(0, 5)));
      for (const entry of unmapped) assert.match(entry.reason, /git revision/);
      const total = counts.full + counts.delta + counts.violation + counts.trusted + counts.wildcard;
      // Exact duplicates are stored once.
      assert.equal(added, total - unmapped.length - file.features.exactDuplicates);
      assert.equal(response.headers.location, `/api/v1/communities/${community}/cargo-vet/imports/${response.body.id}`);

      for (const sample of file.samples) {
        const label = `audits.${/^[A-Za-z0-9_-]+$/.test(sample.crate) ? sample.crate : JSON.stringify(sample.crate)}[${sample.index}]`;
        const version = sample.kind === 'delta' ? sample.to : sample.version;
        if (String(version).includes('@git:')) {
          assert.ok(unmapped.some((entry: {entry: string}) => entry.entry === label), `${label} reported unmapped`);
          continue;
        }
        const release = sample.kind === 'violation' ? `pkg:cargo/${sample.crate}@0.19.0` : `pkg:cargo/${sample.crate}@${version}`;
        const view = await t.http.get(`/api/v1/packages/${encodeURIComponent(release)}`);
        assert.equal(view.status, 200);
        // An exact duplicate (Embark's png 0.17.9 twice in a row) is stored once, under its first position.
        const found = view.body.imported.find((entry: Record<string, unknown>) => entry.community === community
          && (entry.label === label || (entry.crate === sample.crate && entry.version === version && entry.notes === (sample.notes ?? null))));
        assert.ok(found, `${label} listed for ${release}`);
        assert.equal(found.origin, 'cargo-vet');
        assert.deepEqual(found.who, sample.who);
        assert.deepEqual([...found.criteria].sort(), [...sample.criteria].sort());
        assert.equal(found.notes, sample.notes ?? null);
        assert.deepEqual(found.aggregatedFrom, sample.aggregatedFrom ?? []);
        if (sample.kind === 'delta') assert.equal(found.from, sample.from);
        if (sample.kind === 'violation') assert.equal(found.requirement, sample.violation);
      }
      for (const sample of [...(file.wildcardSamples ?? []), ...(file.trustedSamples ?? [])]) {
        const view = await t.http.get(`/api/v1/packages/${encodeURIComponent(`pkg:cargo/${sample.crate}`)}`);
        const found = view.body.imported.find((entry: Record<string, unknown>) => entry.section === sample.section && entry.community === community && entry.userId === (sample.userId ?? null));
        assert.ok(found, `${sample.section} ${sample.crate} listed`);
        assert.equal(found.start, sample.start);
        assert.equal(found.end, sample.end);
        assert.equal(found.kind, null, 'a trust statement is not a review');
      }

      const again = await importFile(community, `${CORPUS}/${file.file}`);
      assert.equal(again.status, 201);
      assert.equal(again.body.added, 0, 're-importing the same file changes nothing');
      assert.deepEqual(again.body.disappeared, []);
    });
  }

  it('imports the audits files cached in wasmtime\'s imports.lock, one per import', async () => {
    const lock = expected.find((file) => file.format === 'imports.lock')!;
    const response = await importFile('wasmtime', `${CORPUS}/${lock.file}`, 'wasmtime/imports.lock');
    assert.equal(response.status, 201, JSON.stringify(response.body).slice(0, 300));
    const {totals} = lock;
    assert.deepEqual(response.body.counts, {full: totals.audits.version, delta: totals.audits.delta, violation: totals.audits.violation, trusted: totals.trusted, wildcard: totals.wildcardAudits});
    assert.deepEqual(response.body.unmapped, []);
    for (const [name, summary] of Object.entries(lock.imports as Record<string, Record<string, any>>)) {
      for (const sample of summary.samples.slice(0, 2)) {
        const version = sample.kind === 'delta' ? sample.to : sample.version;
        const view = await t.http.get(`/api/v1/packages/${encodeURIComponent(`pkg:cargo/${sample.crate}@${version}`)}`);
        const label = `audits.${name}.audits.${sample.crate}[${sample.index}]`;
        const found = view.body.imported.find((entry: Record<string, unknown>) => entry.community === 'wasmtime' && entry.label === label);
        assert.ok(found, label);
        assert.deepEqual(found.who, sample.who);
        assert.equal(found.notes, sample.notes ?? null);
      }
    }
  });

  it('defines the custom criteria a file brings, with their implies chains', async () => {
    const google = auditFiles.find((file) => file.file.startsWith('google'))!;
    const criteria = (await t.http.get('/api/v1/communities/google/criteria')).body.criteria as Array<{name: string; implies: string[]}>;
    for (const [name, definition] of Object.entries(google.criteria as Record<string, {implies: string[]}>)) {
      const defined = criteria.find((criterion) => criterion.name === name);
      assert.ok(defined, `criterion ${name}`);
      assert.deepEqual([...defined.implies].sort(), [...definition.implies].sort());
    }
    const closure = (await t.http.get('/api/v1/communities/google/criteria/ub-risk-1-thorough')).body.closure;
    assert.deepEqual(closure, ['ub-risk-1', 'ub-risk-1-thorough', 'ub-risk-2', 'ub-risk-3', 'ub-risk-4']);
  });

  it('issues a badge from the real Embark audits under a policy that accepts cargo-vet audits, and none under one that does not', async () => {
    const stewAuth = steward;
    const publish = (body: object) => t.http.post('/api/v1/communities/embark/policies').set(stewAuth).send(body);
    assert.equal((await publish({name: 'audited', criteria: 'safe-to-deploy', rules: [{kind: 'reviews', criterion: 'safe-to-deploy', min: 1, origin: 'cargo-vet'}]})).status, 201);
    assert.equal((await publish({name: 'reviewed-here', criteria: 'safe-to-deploy', rules: [{kind: 'reviews', criterion: 'safe-to-deploy', min: 1}]})).status, 201);
    const evaluate = (policy: string) => t.http.post(`/api/v1/communities/embark/policies/${policy}/evaluate`).set(stewAuth).send({purl: 'pkg:cargo/jni@0.21.1'});
    const audited = await evaluate('audited');
    assert.equal(audited.body.evaluation.passed, true, JSON.stringify(audited.body.evaluation.rules));
    const report = await t.http.post('/credentials/verify').send({verifiableCredential: audited.body.credential});
    assert.equal(report.body.status, 'valid');
    assert.equal(audited.body.credential.credentialSubject.id, 'pkg:cargo/jni@0.21.1');
    assert.match(audited.body.credential.evidence[0].name, /cargo-vet full audit by cargo-vet:Robert Bragg/);
    assert.equal((await evaluate('reviewed-here')).body.evaluation.passed, false);
  });

  it('exports valid TOML that imports again with the same entries (round trip)', async () => {
    for (const community of ['embark', 'google', 'mozilla']) {
      const exported = await t.http.get(`/communities/${community}/audits.toml`);
      assert.equal(exported.status, 200);
      assert.match(exported.headers['content-type'], /^application\/toml/);
      const document = parse(exported.text) as Record<string, Record<string, unknown[]>>;
      assertCargoVetAudits(exported.text);
      const stored = (await t.hallmark.services.vetting.cargoVet.entriesInCommunity(community)).filter((entry) => entry.disappearedAt === null);
      const exportedCount = ['audits', 'trusted', 'wildcard-audits'].reduce((sum, section) => sum + Object.values(document[section] ?? {}).reduce((n, list) => n + list.length, 0), 0);
      assert.equal(exportedCount, stored.length, `${community}: every stored entry is exported once`);
      // Stable: the same state exports the same bytes.
      assert.equal((await t.http.get(`/communities/${community}/audits.toml`)).text, exported.text);
      if (community !== 'embark') continue;
      const back = await t.http.post('/api/v1/communities/again/cargo-vet/imports').set(steward)
        .field('source', 'embark-export').attach('file', Buffer.from(exported.text), 'audits.toml');
      assert.equal(back.status, 201, JSON.stringify(back.body).slice(0, 300));
      assert.deepEqual(back.body.unmapped, []);
      assert.equal(back.body.added, stored.length);
      const original = stored.map((entry) => [entry.section, entry.crate, entry.kind, entry.version, entry.from, entry.requirement, entry.who.join(), entry.criteria.join(), entry.notes].join('|')).sort();
      const again = (await t.hallmark.services.vetting.cargoVet.entriesInCommunity('again')).map((entry) => [entry.section, entry.crate, entry.kind, entry.version, entry.from, entry.requirement, entry.who.join(), entry.criteria.join(), entry.notes].join('|')).sort();
      assert.deepEqual(again, original);
    }
  });
});
