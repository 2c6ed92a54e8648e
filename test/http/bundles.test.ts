import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createIssuer, issueBadge, startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {hallmark} from '../helpers/cli.ts';
import type {VerificationBundle} from '../../src/credentials/bundles.ts';
import {verifyBundle} from '../../src/credentials/bundle-verification.ts';
import {createAjv} from '../../src/json-schema.ts';
import bundleSchema from '../../schemas/hallmark-verification-bundle.schema.json' with {type: 'json'};

/**
 * Bundles of a did:web instance whose public URL (https://hallmark.test)
 * resolves nowhere: the CLI can obtain its DID documents and status lists
 * only from a bundle. The instance is closed before any bundle is verified.
 */
const PUBLIC_URL = 'https://hallmark.test';
const uuidOf = (credential: Record<string, unknown>) => String(credential.id).replace(/^urn:uuid:/, '').split('/').pop() ?? '';
const validBundle = createAjv({strict: true}).compile(bundleSchema);

describe('GET /credentials/{id}/bundle', () => {
  let t: TestHallmark;
  const files: Record<string, string> = {};
  let dir: string;
  let asOfBeforeRevocation: string;
  let bundle: VerificationBundle;
  let revokedBundle: VerificationBundle;
  let otherDidDocument: {did: string; document: Record<string, unknown>};

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hallmark-bundle-'));
    t = await startHallmark({HALLMARK_PUBLIC_URL: PUBLIC_URL});
    await createIssuer(t, 'acme');
    await createIssuer(t, 'fsfe');
    const credential = await issueBadge(t);
    const endorsed = await t.http.post('/api/v1/issuers/fsfe/endorsements').set(t.admin).send({target: {kind: 'issuer', id: `${PUBLIC_URL}/issuers/acme`}, comment: 'Acme vets carefully.'});
    assert.equal(endorsed.status, 201, endorsed.text);
    const response = await t.http.get(`/credentials/${uuidOf(credential)}/bundle`);
    assert.equal(response.status, 200, response.text);
    assert.match(response.headers['content-type'], /^application\/json/);
    bundle = JSON.parse(response.text) as VerificationBundle;
    files.credential = join(dir, 'credential.json');
    await writeFile(files.credential, JSON.stringify(credential));
    files.bundle = join(dir, 'bundle.json');
    await writeFile(files.bundle, response.text);
    asOfBeforeRevocation = String(bundle.statusLists[0].validFrom);

    const revoked = await issueBadge(t);
    // Revoked for good with a reason, as the vetting flows do (the VC-API takes no reason).
    const {services} = t.hallmark;
    await services.statusLists.revoke((await services.records.get(String(revoked.id))).status, 'Issued in error.');
    revokedBundle = (await t.http.get(`/credentials/${uuidOf(revoked)}/bundle`)).body as VerificationBundle;
    files.revoked = join(dir, 'revoked.json');
    await writeFile(files.revoked, JSON.stringify(revokedBundle));
    // The endorser's document: a genuine DID document of this instance, only not the credential issuer's.
    otherDidDocument = bundle.didDocuments.find((entry) => entry.did.endsWith(':fsfe'))!;
  });
  after(async () => {
    await t?.close();
  });

  it('holds the credential, its issuer\'s DID document, the signed and dated status list and the known endorsements', () => {
    assert.ok(validBundle(bundle), JSON.stringify(validBundle.errors));
    assert.equal(bundle.type, 'HallmarkVerificationBundle');
    const issuer = String(bundle.credential.issuer instanceof Object ? (bundle.credential.issuer as {id: string}).id : bundle.credential.issuer);
    assert.match(issuer, /^did:web:hallmark\.test:/);
    assert.deepEqual(bundle.didDocuments.find((entry) => entry.did === issuer)?.document.id, issuer);
    const list = bundle.statusLists[0];
    assert.equal(list.id, (bundle.credential.credentialStatus as {statusListCredential: string}).statusListCredential);
    assert.ok(list.proof, 'the list is signed');
    assert.match(String(list.validFrom), /^\d{4}-\d{2}-\d{2}T/);
    assert.equal(bundle.endorsements.length, 1);
    assert.ok(bundle.didDocuments.some((entry) => entry.did.endsWith(':fsfe')), 'the endorser\'s DID document comes along');
  });

  it('carries the instance\'s record of a revocation for good', () => {
    assert.equal(revokedBundle.revocations.length, 1);
    assert.equal(revokedBundle.revocations[0].reason, 'Issued in error.');
  });

  it('answers 404 for an unknown credential and 400 for a malformed id', async () => {
    const unknown = await t.http.get('/credentials/00000000-0000-4000-8000-000000000000/bundle');
    assert.equal(unknown.status, 404);
    assert.match(JSON.stringify(unknown.body), /no credential/);
    for (const id of ['not-a-uuid', '..%2F..%2Fetc', `${'a'.repeat(5000)}`, 'urn:uuid:zzz']) {
      const malformed = await t.http.get(`/credentials/${id}/bundle`);
      assert.equal(malformed.status, 400, `${id.slice(0, 20)}: ${malformed.status}`);
      assert.match(JSON.stringify(malformed.body), /credential id/);
    }
  });

  describe('hallmark verify --bundle, with the instance gone', () => {
    before(async () => {
      await t.close();
      t = undefined as unknown as TestHallmark;
      const write = async (name: string, value: unknown) => {
        files[name] = join(dir, `${name}.json`);
        await writeFile(files[name], typeof value === 'string' ? value : JSON.stringify(value));
      };
      const tampered = structuredClone(bundle);
      (tampered.credential as {name: string}).name = 'Safe to deploy';
      await write('changed-credential', tampered);
      const list = structuredClone(revokedBundle);
      // The list as it stood before the revocation, re-encoded with the revoked list's signature: a list that says what its issuer did not sign.
      const older = bundle.statusLists[0].credentialSubject as {encodedList: string};
      (list.statusLists[0].credentialSubject as {encodedList: string}).encodedList = older.encodedList;
      await write('changed-list', list);
      const impostor = structuredClone(bundle);
      const issuer = impostor.didDocuments.find((entry) => entry.did.endsWith(':acme'))!;
      issuer.document = structuredClone(otherDidDocument.document);
      await write('wrong-did-document', impostor);
      const noDocuments = {...structuredClone(bundle), didDocuments: [], statusLists: []};
      await write('empty', noDocuments);
      await write('malformed', '{"type": "HallmarkVerificationBundle", ');
      await write('oversized', JSON.stringify({...bundle, padding: 'x'.repeat(6 * 1024 * 1024)}));
      await write('deep', `${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    });
    after(async () => {
      await rm(dir, {recursive: true, force: true});
    });

    // An empty allow-list, and a public URL no resolver knows: any fetch would make a check indeterminate.
    const offline = (...args: string[]) => hallmark(['verify', ...args], {isolated: true, env: {HALLMARK_FETCH_ALLOW_HOSTS: ''}});

    it('verifies the bundle with nothing fetched and says the status as of the list\'s date', async () => {
      const run = await offline('--bundle', files.bundle);
      assert.equal(run.code, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /^VALID: OpenBadgeCredential/);
      assert.match(run.stdout, /passed  status/);
      assert.ok(run.stdout.includes(`status as of ${asOfBeforeRevocation} (the date of the signed status list in the bundle)`), run.stdout);
      assert.match(run.stdout, /endorsed by fsfe community <did:web:hallmark\.test:[^>]+> \(issuer\): verified/);
    });

    it('without the bundle the same credential cannot be verified here (so the bundle is what answered)', async () => {
      const run = await offline(files.credential);
      assert.equal(run.code, 3, run.stdout + run.stderr);
      assert.match(run.stdout, /^INDETERMINATE/);
    });

    it('no fetcher exists on the bundle path: verifyBundle needs no network, no store', async () => {
      const {report, statusAsOf} = await verifyBundle(bundle);
      assert.equal(report.status, 'valid');
      assert.equal(statusAsOf, asOfBeforeRevocation);
    });

    it('a revoked credential\'s bundle says revoked, with the instance\'s reason, as of the later list', async () => {
      const run = await offline('--bundle', files.revoked, '--json');
      assert.equal(run.code, 1, run.stderr);
      const report = JSON.parse(run.stdout);
      assert.equal(report.status, 'revoked');
      assert.match(JSON.stringify(report.checks), /Issued in error/);
      assert.ok(report.statusAsOf >= asOfBeforeRevocation);
    });

    it('a changed credential fails its proof', async () => {
      const run = await offline('--bundle', files['changed-credential']);
      assert.equal(run.code, 1);
      assert.match(run.stdout, /^INVALID/);
      assert.match(run.stdout, /failed  proof/);
    });

    it('a changed status list fails the status check: its signature does not hold', async () => {
      const run = await offline('--bundle', files['changed-list'], '--json');
      assert.equal(run.code, 1, run.stdout + run.stderr);
      const report = JSON.parse(run.stdout);
      assert.equal(report.status, 'invalid');
      const status = report.checks.find((check: {check: string}) => check.check === 'status');
      assert.equal(status.result, 'failed');
      assert.match(status.message, /proof|signature/i);
    });

    it('a DID document that is not the issuer\'s is refused: it describes another DID', async () => {
      const run = await offline('--bundle', files['wrong-did-document'], '--json');
      assert.equal(run.code, 1, run.stdout + run.stderr);
      const report = JSON.parse(run.stdout);
      assert.equal(report.status, 'invalid');
      assert.match(JSON.stringify(report.checks), /describes did:web:hallmark\.test:[^ ]*fsfe, not did:web:hallmark\.test:[^ ]*acme/);
    });

    it('a bundle missing its documents is indeterminate, not valid', async () => {
      const run = await offline('--bundle', files.empty);
      assert.equal(run.code, 3, run.stdout + run.stderr);
      assert.match(run.stdout, /status: the bundle holds no status list for it/);
    });

    const refused: Array<[string, () => string[], RegExp]> = [
      ['malformed JSON', () => ['--bundle', files.malformed], /not valid JSON/],
      ['a credential instead of a bundle', () => ['--bundle', files.credential], /not a verification bundle/],
      ['an oversized bundle', () => ['--bundle', files.oversized], /larger than 5242880 bytes/],
      ['a deeply nested file', () => ['--bundle', files.deep], /nests deeper|not a verification bundle/],
      ['a missing file', () => ['--bundle', join(dir, 'nowhere.json')], /cannot read/],
      ['a bundle and a credential', () => ['--bundle', files.bundle, files.credential], /give no other credential/],
      ['a bundle and --documents', () => ['--bundle', files.bundle, '--documents', dir], /cannot be combined/],
    ];
    for (const [name, args, message] of refused) {
      it(`exits 2 with a message for ${name}`, async () => {
        const run = await offline(...args());
        assert.equal(run.code, 2, run.stdout + run.stderr);
        assert.match(run.stderr, message);
        assert.equal(run.stdout, '');
      });
    }
  });
});
