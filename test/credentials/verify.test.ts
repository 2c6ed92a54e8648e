import {before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {HallmarkError} from '../../src/errors.ts';
import {CONTEXTS} from '../../src/credentials/contexts.ts';
import type {VerificationReport} from '../../src/credentials/report.ts';
import {verify} from '../../src/credentials/verify/index.ts';
import {badge, controllerDocument, createIssuer, resolverOf, sign, statusEntry, statusList, type Json, type TestIssuer} from './helpers/signing.ts';
import {check} from './helpers/report.ts';

const NOW = new Date('2025-06-01T00:00:00Z');
const LIST_URL = 'https://status.example/lists/1';

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

  it('is indeterminate, not invalid, when the status list cannot be obtained', async () => {
    const report = await withStatus([statusEntry(LIST_URL, 'revocation', 3)], {});
    assert.equal(report.status, 'indeterminate');
    assert.equal(report.verified, false);
    assert.equal(check(report, 'status').result, 'indeterminate');
    assert.equal(check(report, 'proof').result, 'passed');
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
    assert.equal((await verify(credential, {resolver: resolverOf({}), now: NOW})).status, 'indeterminate', 'a list that cannot be obtained says nothing either way');
  });

  it('accepts a list signed by someone other than the credential\'s issuer, and says so, naming both', async () => {
    const service = await createIssuer();
    const list = await statusList(service, {url: LIST_URL, purpose: 'revocation', setBits: [42]});
    const clear = await withStatus([statusEntry(LIST_URL, 'revocation', 41)], {[LIST_URL]: list});
    assert.equal(clear.status, 'valid');
    assert.equal(check(clear, 'status').result, 'warning');
    const expected = `The status list ${LIST_URL} is signed by ${service.id.slice(0, 20)}…, not by the credential's issuer ${issuer.id.slice(0, 20)}…; it was accepted because it is the list the issuer's signature names.`;
    assert.ok(clear.warnings.includes(expected), clear.warnings.join('\n'));
    assert.ok(check(clear, 'status').message.includes(expected), check(clear, 'status').message);
    const revoked = await withStatus([statusEntry(LIST_URL, 'revocation', 42)], {[LIST_URL]: list});
    assert.equal(revoked.status, 'revoked');
    assert.ok(revoked.warnings.includes(expected));
  });

  it('accepts a list whose own id is not the URL it was fetched from, and says so', async () => {
    const list = await statusList(issuer, {url: 'https://elsewhere.example/lists/9', purpose: 'revocation'});
    const report = await withStatus([statusEntry(LIST_URL, 'revocation', 3)], {[LIST_URL]: list});
    assert.equal(report.status, 'valid');
    assert.equal(check(report, 'status').result, 'warning');
    assert.ok(
      report.warnings.includes(
        `The status list fetched from ${LIST_URL} gives its own id as https://elsewhere.example/lists/9; it was accepted because it is the list the issuer's signature names.`,
      ),
      report.warnings.join('\n'),
    );
  });

  it('warns about a list shorter than 131,072 entries but still reads it', async () => {
    const list = await statusList(issuer, {url: LIST_URL, purpose: 'revocation', length: 100_000});
    const report = await withStatus([statusEntry(LIST_URL, 'revocation', 3)], {[LIST_URL]: list});
    assert.equal(report.status, 'valid');
    assert.ok(report.warnings.some((warning) => warning.includes('100000 entries')));
  });
});

describe('verify: an expired credential whose status cannot be established', () => {
  it('is reported expired, not invalid, with a warning that its status is unknown', async () => {
    const issuer = await createIssuer();
    const credential = await sign(badge(issuer, {validUntil: '2025-01-01T00:00:00Z', credentialStatus: statusEntry(LIST_URL, 'revocation', 3)}), issuer);
    const report = await verify(credential, {resolver: resolverOf({}), now: NOW});
    assert.equal(report.status, 'expired');
    assert.equal(report.verified, false);
    assert.equal(check(report, 'status').result, 'indeterminate');
    assert.ok(report.warnings.some((warning) => /status could not be established.*reported as expired/.test(warning)), report.warnings.join('\n'));
  });

  it('is still revoked when another entry says so: revoked and suspended win over expired', async () => {
    const issuer = await createIssuer();
    const list = await statusList(issuer, {url: LIST_URL, purpose: 'revocation', setBits: [3]});
    const entries = [statusEntry(LIST_URL, 'revocation', 3), statusEntry('https://status.example/lists/missing', 'suspension', 3)];
    const credential = await sign(badge(issuer, {validUntil: '2025-01-01T00:00:00Z', credentialStatus: entries}), issuer);
    const report = await verify(credential, {resolver: resolverOf({[LIST_URL]: list}), now: NOW});
    assert.equal(report.status, 'revoked');
  });

  it('stays indeterminate when it is merely not yet valid: its status will matter', async () => {
    const issuer = await createIssuer();
    const credential = await sign(badge(issuer, {validFrom: '2026-01-01T00:00:00Z', credentialStatus: statusEntry(LIST_URL, 'revocation', 3)}), issuer);
    assert.equal((await verify(credential, {resolver: resolverOf({}), now: NOW})).status, 'indeterminate');
  });
});

describe('verify: keys behind https and did:web identifiers', () => {
  it('resolves a did:web issuer through the resolver', async () => {
    const issuer = await createIssuer('did:web:issuer.example:offices:1');
    const signed = await sign(badge(issuer), issuer);
    const documents = {'https://issuer.example/offices/1/did.json': controllerDocument(issuer)};
    assert.equal((await verify(signed, {resolver: resolverOf(documents), now: NOW})).status, 'valid');
    const unresolved = await verify(signed, {resolver: resolverOf({}), now: NOW});
    assert.equal(unresolved.status, 'indeterminate', 'a DID document that cannot be obtained leaves the signature unchecked, not refuted');
    assert.equal(check(unresolved, 'proof').result, 'indeterminate');
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

  it('refuses, by default, a key read from the URL when the issuer publishes no document: anyone could have made it', async () => {
    const issuer = await createIssuer('https://issuer.example/profiles/7');
    const signed = await sign(badge(issuer), issuer);
    const report = await verify(signed, {resolver: resolverOf({}), now: NOW});
    assert.equal(report.status, 'invalid');
    assert.equal(check(report, 'proof').result, 'passed');
    assert.equal(check(report, 'issuer').result, 'failed');
    assert.match(
      check(report, 'issuer').message,
      /^The key that signed it is named only by the credential itself \(in its verification method URL\); https:\/\/issuer\.example\/profiles\/7 publishes no key document we could retrieve, so nothing shows the key is the issuer's\.$/,
    );
  });

  it('accepts that key with a warning when embedded keys are trusted (the 1EdTech validator\'s rule)', async () => {
    const issuer = await createIssuer('https://issuer.example/profiles/7');
    const signed = await sign(badge(issuer), issuer);
    const report = await verify(signed, {resolver: resolverOf({}), now: NOW, trustEmbeddedKeys: true});
    assert.equal(report.status, 'valid');
    assert.equal(check(report, 'issuer').result, 'warning');
    assert.ok(report.warnings.some((warning) => warning.includes('not independently confirmed')));
  });

  it('refuses, by default, a status list signed with a key its URL names for itself', async () => {
    const issuer = await createIssuer();
    const listSigner = await createIssuer('https://status.example/service');
    const list = await statusList(listSigner, {url: LIST_URL, purpose: 'revocation'});
    const credential = await sign(badge(issuer, {credentialStatus: statusEntry(LIST_URL, 'revocation', 3)}), issuer);
    const report = await verify(credential, {resolver: resolverOf({[LIST_URL]: list}), now: NOW});
    assert.equal(report.status, 'invalid');
    assert.match(check(report, 'status').message, /named only by the credential itself/);
    assert.equal((await verify(credential, {resolver: resolverOf({[LIST_URL]: list}), now: NOW, trustEmbeddedKeys: true})).status, 'valid');
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
  const envelope = (id: string) => ({'@context': [CONTEXTS.credentialsV2], type: 'EnvelopedVerifiableCredential', id});
  const inputs: unknown[] = [
    42, null, undefined, [], '', 'hello', '{"broken": ', '[1, 2]', {name: 'no context'}, {'@context': []}, 'a.b.c',
    // Malformed percent-encoding in an envelope's data: URL (decodeURIComponent throws URIError).
    envelope('data:application/vc+jwt,%E0%A4%A'),
    envelope('data:application/vc+jwt,abc%'),
  ];
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

describe('verify: proof value spelling', () => {
  it('refuses a proofValue with whitespace or other characters a lenient decoder would skip', async () => {
    const issuer = await createIssuer();
    const signed = await sign(badge(issuer), issuer);
    const resolver = resolverOf({});
    const proof = signed.proof as Record<string, string>;
    for (const spelling of [`z ${proof.proofValue.slice(1)}`, `${proof.proofValue}\n`, `z\t${proof.proofValue.slice(1)}`]) {
      const report = await verify({...signed, proof: {...proof, proofValue: spelling}}, {resolver});
      assert.equal(report.verified, false, JSON.stringify(spelling));
      assert.match(report.checks.find((check) => check.check === 'proof')?.message ?? '', /canonical multibase/);
    }
    assert.equal((await verify(signed, {resolver})).verified, true);
  });
});
