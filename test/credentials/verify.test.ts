import {before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {HallmarkError} from '../../src/errors.ts';
import {CONTEXTS} from '../../src/credentials/contexts.ts';
import type {CheckName, VerificationReport} from '../../src/credentials/report.ts';
import {verify} from '../../src/credentials/verify/index.ts';
import {badge, controllerDocument, createIssuer, resolverOf, sign, statusEntry, statusList, type Json, type TestIssuer} from './helpers/signing.ts';

const NOW = new Date('2025-06-01T00:00:00Z');
const LIST_URL = 'https://status.example/lists/1';

function check(report: VerificationReport, name: CheckName) {
  const found = report.checks.find((entry) => entry.check === name);
  assert.ok(found, `the report has a ${name} check`);
  return found;
}

describe('verify: a credential signed with a fresh Ed25519 key', () => {
  let issuer: TestIssuer;
  let signed: Json;
  const noDocuments = resolverOf({});

  before(async () => {
    issuer = await createIssuer();
    signed = await sign(badge(issuer), issuer);
  });

  it('is valid, and every check says what it found', async () => {
    const report = await verify(signed, {resolver: noDocuments, now: NOW});
    assert.equal(report.status, 'valid');
    assert.equal(report.verified, true);
    for (const name of ['context', 'type', 'schema', 'proof', 'issuer', 'validity-period', 'status'] as const) {
      assert.ok(check(report, name).message.length > 20);
    }
    assert.match(check(report, 'proof').message, /^Signed by did:key:z6Mk.* with eddsa-rdfc-2022; signature verified\.$/);
    assert.deepEqual(report.credential?.issuer, {id: issuer.id, name: 'Example Assay Office'});
    assert.equal(report.credential?.validFrom, '2024-01-01T00:00:00Z');
    assert.deepEqual(report.errors, []);
  });

  it('accepts the same credential as a JSON string', async () => {
    const report = await verify(JSON.stringify(signed), {resolver: noDocuments, now: NOW});
    assert.equal(report.verified, true);
  });

  it('fails the proof when the subject name is tampered with', async () => {
    const tampered = structuredClone(signed);
    (tampered.credentialSubject as Json).name = 'right-pad 9.9.9';
    const report = await verify(tampered, {resolver: noDocuments, now: NOW});
    assert.equal(report.status, 'invalid');
    assert.equal(check(report, 'proof').result, 'failed');
  });

  it('fails when the issuer is swapped for someone else', async () => {
    const other = await createIssuer();
    const swapped = {...structuredClone(signed), issuer: {id: other.id, type: ['Profile'], name: 'Example Assay Office'}};
    const report = await verify(swapped, {resolver: noDocuments, now: NOW});
    assert.equal(report.status, 'invalid');
    assert.equal(check(report, 'issuer').result, 'failed');
    assert.match(check(report, 'issuer').message, /controlled by did:key:.*but names did:key:/);
  });

  it('fails when the proof is made with a key that is not the issuer\'s', async () => {
    const impostor = await createIssuer();
    const forged = await sign(badge(issuer), impostor);
    const report = await verify(forged, {resolver: noDocuments, now: NOW});
    assert.equal(report.status, 'invalid');
    assert.equal(check(report, 'proof').result, 'failed');
    assert.equal(check(report, 'issuer').result, 'failed');
  });

  it('names an unknown context URL', async () => {
    const unknown = 'https://contexts.example/evil/v1';
    const report = await verify({...structuredClone(signed), '@context': [...(signed['@context'] as string[]), unknown]}, {resolver: noDocuments, now: NOW});
    assert.equal(report.status, 'invalid');
    assert.equal(check(report, 'context').result, 'failed');
    assert.ok(check(report, 'context').message.includes(unknown));
  });

  it('requires every one of several proofs to verify', async () => {
    const second = await sign(badge(issuer, {name: 'Something else'}), issuer);
    const mixed = {...structuredClone(signed), proof: [signed.proof, second.proof]};
    const report = await verify(mixed, {resolver: noDocuments, now: NOW});
    assert.equal(report.status, 'invalid');
    assert.equal(check(report, 'proof').result, 'failed');
  });
});

describe('verify: validity period', () => {
  it('reports an expired credential as expired, with the proof still checked', async () => {
    const issuer = await createIssuer();
    const expired = await sign(badge(issuer, {validUntil: '2024-06-01T00:00:00Z'}), issuer);
    const report = await verify(expired, {resolver: resolverOf({}), now: NOW});
    assert.equal(report.status, 'expired');
    assert.equal(report.verified, false);
    assert.equal(check(report, 'proof').result, 'passed');
    assert.equal(check(report, 'validity-period').result, 'failed');
  });

  it('reports a credential valid only from next year as not yet valid, with the proof still checked', async () => {
    const issuer = await createIssuer();
    const early = await sign(badge(issuer, {validFrom: '2026-06-01T00:00:00Z'}), issuer);
    const report = await verify(early, {resolver: resolverOf({}), now: NOW});
    assert.equal(report.status, 'not-yet-valid');
    assert.equal(report.verified, false);
    assert.equal(check(report, 'proof').result, 'passed');
  });

  it('tolerates a small clock skew', async () => {
    const issuer = await createIssuer();
    const fresh = await sign(badge(issuer, {validFrom: '2025-06-01T00:01:00Z'}), issuer);
    const report = await verify(fresh, {resolver: resolverOf({}), now: NOW});
    assert.equal(report.status, 'valid');
  });
});

describe('verify: status lists', () => {
  let issuer: TestIssuer;
  before(async () => {
    issuer = await createIssuer();
  });

  async function withStatus(entries: Json[], documents: Record<string, unknown>): Promise<VerificationReport> {
    const credential = await sign(badge(issuer, {credentialStatus: entries}), issuer);
    return verify(credential, {resolver: resolverOf(documents), now: NOW});
  }

  it('finds a revoked entry', async () => {
    const list = await statusList(issuer, {url: LIST_URL, purpose: 'revocation', setBits: [42]});
    const report = await withStatus([statusEntry(LIST_URL, 'revocation', 42)], {[LIST_URL]: list});
    assert.equal(report.status, 'revoked');
    assert.equal(check(report, 'proof').result, 'passed');
    assert.match(check(report, 'status').message, /Revoked by its issuer \(entry 42 of/);
  });

  it('finds a suspended entry, and checks every entry', async () => {
    const suspensions = 'https://status.example/lists/2';
    const revocations = await statusList(issuer, {url: LIST_URL, purpose: 'revocation', setBits: [1]});
    const suspended = await statusList(issuer, {url: suspensions, purpose: 'suspension', setBits: [7]});
    const entries = [statusEntry(LIST_URL, 'revocation', 7), statusEntry(suspensions, 'suspension', 7)];
    const report = await withStatus(entries, {[LIST_URL]: revocations, [suspensions]: suspended});
    assert.equal(report.status, 'suspended');
  });

  it('passes an entry whose bit is clear', async () => {
    const list = await statusList(issuer, {url: LIST_URL, purpose: 'revocation', setBits: [42]});
    const report = await withStatus([statusEntry(LIST_URL, 'revocation', 41)], {[LIST_URL]: list});
    assert.equal(report.status, 'valid');
    assert.equal(check(report, 'status').result, 'passed');
  });

  it('fails when the status list cannot be obtained', async () => {
    const report = await withStatus([statusEntry(LIST_URL, 'revocation', 3)], {});
    assert.equal(report.status, 'invalid');
    assert.equal(check(report, 'status').result, 'failed');
    assert.ok(check(report, 'status').message.includes(LIST_URL));
  });

  it('fails when the status list is tampered with, expired or for another purpose', async () => {
    const good = await statusList(issuer, {url: LIST_URL, purpose: 'revocation'});
    const tampered = structuredClone(good);
    const other = await statusList(issuer, {url: LIST_URL, purpose: 'revocation', setBits: [5]});
    (tampered.credentialSubject as Json).encodedList = (other.credentialSubject as Json).encodedList;
    const expired = await statusList(issuer, {url: LIST_URL, purpose: 'revocation', validUntil: '2025-01-01T00:00:00Z'});
    const suspension = await statusList(issuer, {url: LIST_URL, purpose: 'suspension'});
    for (const list of [tampered, expired, suspension]) {
      const report = await withStatus([statusEntry(LIST_URL, 'revocation', 3)], {[LIST_URL]: list});
      assert.equal(report.status, 'invalid');
      assert.equal(check(report, 'status').result, 'failed');
    }
  });

  it('fails when the index lies outside the list', async () => {
    const list = await statusList(issuer, {url: LIST_URL, purpose: 'revocation'});
    const report = await withStatus([statusEntry(LIST_URL, 'revocation', 131_072)], {[LIST_URL]: list});
    assert.equal(report.status, 'invalid');
  });

  it('reads a 1EdTech revocation list', async () => {
    const url = 'https://issuer.example/revocations';
    const contexts = [CONTEXTS.credentialsV2, CONTEXTS.ob, CONTEXTS.obExtensions];
    const credential = await sign(badge(issuer, {'@context': contexts, credentialStatus: {id: url, type: '1EdTechRevocationList'}}), issuer);
    const revoked = {revokedCredential: [{id: credential.id, revoked: true, revocationReason: 'Issued in error'}]};
    const report = await verify(credential, {resolver: resolverOf({[url]: revoked}), now: NOW});
    assert.equal(report.status, 'revoked');
    assert.match(check(report, 'status').message, /Issued in error/);
    assert.equal((await verify(credential, {resolver: resolverOf({[url]: {revokedCredential: []}}), now: NOW})).status, 'valid');
    assert.equal((await verify(credential, {resolver: resolverOf({}), now: NOW})).status, 'invalid');
  });

  it('warns about a list shorter than 131,072 entries but still reads it', async () => {
    const list = await statusList(issuer, {url: LIST_URL, purpose: 'revocation', length: 100_000});
    const report = await withStatus([statusEntry(LIST_URL, 'revocation', 3)], {[LIST_URL]: list});
    assert.equal(report.status, 'valid');
    assert.ok(report.warnings.some((warning) => warning.includes('100000 entries')));
  });
});

describe('verify: keys behind https and did:web identifiers', () => {
  it('resolves a did:web issuer through the resolver', async () => {
    const issuer = await createIssuer('did:web:issuer.example:offices:1');
    const signed = await sign(badge(issuer), issuer);
    const documents = {'https://issuer.example/offices/1/did.json': controllerDocument(issuer)};
    assert.equal((await verify(signed, {resolver: resolverOf(documents), now: NOW})).status, 'valid');
    const unresolved = await verify(signed, {resolver: resolverOf({}), now: NOW});
    assert.equal(unresolved.status, 'invalid');
    assert.match(check(unresolved, 'proof').message, /issuer\.example\/offices\/1\/did\.json/);
  });

  it('refuses a key the DID document lists but does not authorise for assertions', async () => {
    const issuer = await createIssuer('did:web:issuer.example');
    const signed = await sign(badge(issuer), issuer);
    const document = {...controllerDocument(issuer), assertionMethod: []};
    const report = await verify(signed, {resolver: resolverOf({'https://issuer.example/.well-known/did.json': document}), now: NOW});
    assert.equal(report.status, 'invalid');
    assert.match(check(report, 'proof').message, /not authorized/);
  });

  it('reads the key from the URL only when the issuer publishes no document, and says so', async () => {
    const issuer = await createIssuer('https://issuer.example/profiles/7');
    const signed = await sign(badge(issuer), issuer);
    const report = await verify(signed, {resolver: resolverOf({}), now: NOW});
    assert.equal(report.status, 'valid');
    assert.equal(check(report, 'issuer').result, 'warning');
    assert.ok(report.warnings.some((warning) => warning.includes('not independently confirmed')));
  });

  it('refuses a key the issuer\'s published document does not list', async () => {
    const issuer = await createIssuer('https://issuer.example/profiles/7');
    const published = await createIssuer('https://issuer.example/profiles/7');
    const signed = await sign(badge(issuer), issuer);
    const report = await verify(signed, {resolver: resolverOf({[issuer.id]: controllerDocument(published)}), now: NOW});
    assert.equal(report.status, 'invalid');
    assert.match(check(report, 'proof').message, /does not list/);
  });

  it('refuses a key read from a URL that is not the issuer', async () => {
    const signer = await createIssuer('https://attacker.example/keys');
    const victim = await createIssuer('https://issuer.example/profiles/7');
    const signed = await sign(badge(victim), signer);
    const report = await verify(signed, {resolver: resolverOf({}), now: NOW});
    assert.equal(report.status, 'invalid');
  });
});

describe('verify: input that is not a credential', () => {
  const inputs: unknown[] = [42, null, undefined, [], '', 'hello', '{"broken": ', '[1, 2]', {name: 'no context'}, {'@context': []}, 'a.b.c'];
  for (const input of inputs) {
    it(`refuses ${JSON.stringify(input) ?? 'undefined'} with invalid-input`, async () => {
      await assert.rejects(verify(input, {resolver: resolverOf({})}), (error: unknown) => {
        assert.ok(error instanceof HallmarkError);
        assert.equal(error.kind, 'invalid-input');
        assert.ok(error.message.length > 10);
        return true;
      });
    });
  }
});
