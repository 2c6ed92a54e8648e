import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {createHmac} from 'node:crypto';
import {assertion, BADGE, forge, issuerDocuments, KEY, p256Key, rsaKey, sign, verifyWith} from './helpers.ts';

/** Signed OB 2.0 assertions: RS256/ES256 by a key the issuer declares and owns; revocation lists; what must be refused. */
const rsa = rsaKey(2048);
const ID = 'urn:uuid:0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';

function checkOf(report: {checks: {check: string; result: string; message: string}[]}, name: string) {
  return report.checks.find((check) => check.check === name);
}

describe('signed Open Badges 2.0 assertions', () => {
  it('verifies an RS256 assertion signed with the issuer\'s declared, owned key', async () => {
    const report = await verifyWith(await sign(assertion(ID), rsa.privateKey, 'RS256'), issuerDocuments({keyPem: rsa.pem}));
    assert.equal(report.status, 'valid', JSON.stringify(report.checks));
    assert.equal(report.openBadgesVersion, '2.0');
    assert.equal(report.credential?.issuer.name, 'Example Issuer');
    assert.match(checkOf(report, 'proof')?.message ?? '', /RS256 signature verifies/);
  });

  it('verifies an ES256 assertion signed with a P-256 key', async () => {
    const ec = p256Key();
    const report = await verifyWith(await sign(assertion(ID), ec.privateKey, 'ES256'), issuerDocuments({keyPem: ec.pem}));
    assert.equal(report.status, 'valid', JSON.stringify(report.checks));
  });

  it('reports a signed assertion listed in the issuer\'s revocation list as revoked, with the reason', async () => {
    const documents = issuerDocuments({keyPem: rsa.pem, revoked: [{id: ID, revocationReason: 'issued in error'}]});
    const report = await verifyWith(await sign(assertion(ID), rsa.privateKey, 'RS256'), documents);
    assert.equal(report.status, 'revoked');
    assert.match(checkOf(report, 'status')?.message ?? '', /issued in error/);
  });

  it('reports an expired signed assertion as expired', async () => {
    const report = await verifyWith(await sign(assertion(ID, {expires: '2026-06-01T00:00:00Z'}), rsa.privateKey, 'RS256'), issuerDocuments({keyPem: rsa.pem}));
    assert.equal(report.status, 'expired');
  });

  it('refuses a key whose owner is not the issuer', async () => {
    const report = await verifyWith(await sign(assertion(ID), rsa.privateKey, 'RS256'), issuerDocuments({keyPem: rsa.pem, key: {owner: 'https://elsewhere.example/profile'}}));
    assert.equal(report.status, 'invalid');
    assert.match(checkOf(report, 'issuer')?.message ?? '', /owner/);
  });

  it('refuses alg none quickly, with the reason', async () => {
    const started = Date.now();
    const report = await verifyWith(forge({alg: 'none', typ: 'JWT'}, assertion(ID)), issuerDocuments({keyPem: rsa.pem}));
    assert.equal(report.status, 'invalid');
    assert.match(report.errors.join(' '), /unsigned \(alg "none"\)/);
    assert.ok(Date.now() - started < 2000);
  });

  it('refuses HS256 keyed with the issuer\'s public PEM (key confusion)', async () => {
    const payload = assertion(ID);
    const unsigned = forge({alg: 'HS256'}, payload).slice(0, -1);
    const token = `${unsigned}.${createHmac('sha256', rsa.pem).update(unsigned).digest('base64url')}`;
    const report = await verifyWith(token, issuerDocuments({keyPem: rsa.pem}));
    assert.equal(report.status, 'invalid');
    assert.match(report.errors.join(' '), /"HS256" is refused/);
  });

  it('refuses an RSA key of 512 bits quickly, naming its size', async () => {
    const weak = rsaKey(512);
    const token = forge({alg: 'RS256'}, assertion(ID));
    const started = Date.now();
    const report = await verifyWith(token, issuerDocuments({keyPem: weak.pem}));
    assert.equal(report.status, 'invalid');
    assert.match(report.errors.join(' '), /RSA key of 512 bits; at least 2048 are required/);
    assert.ok(Date.now() - started < 2000);
  });

  it('refuses a tampered payload', async () => {
    const token = await sign(assertion(ID), rsa.privateKey, 'RS256');
    const [header, , signature] = token.split('.');
    const tampered = `${header}.${Buffer.from(JSON.stringify(assertion(ID, {issuedOn: '2025-01-01T00:00:00Z'}))).toString('base64url')}.${signature}`;
    const report = await verifyWith(tampered, issuerDocuments({keyPem: rsa.pem}));
    assert.equal(report.status, 'invalid');
    assert.match(checkOf(report, 'proof')?.message ?? '', /does not verify/);
  });

  it('says a signature could not be checked when the key cannot be obtained', async () => {
    const documents = issuerDocuments({keyPem: rsa.pem});
    documents.delete(KEY);
    const report = await verifyWith(await sign(assertion(ID), rsa.privateKey, 'RS256'), documents);
    assert.equal(report.status, 'indeterminate');
  });

  it('refuses the JSON of a signed assertion handed without its signature', async () => {
    const report = await verifyWith(assertion(ID), issuerDocuments({keyPem: rsa.pem}));
    assert.equal(report.status, 'invalid');
    assert.match(report.errors.join(' '), /without its signature/);
  });
});

describe('issuer Profiles that vouch for themselves', () => {
  it('refuses a signed assertion whose BadgeClass embeds its issuer without an http(s) id', async () => {
    const documents = issuerDocuments({keyPem: rsa.pem});
    const embedded = {type: 'Profile', id: 'urn:uuid:aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee', name: 'A Famous University', publicKey: KEY};
    documents.set(BADGE, {...(documents.get(BADGE) as object), issuer: embedded});
    documents.set(KEY, {...(documents.get(KEY) as object), owner: embedded.id});
    const report = await verifyWith(await sign(assertion(ID), rsa.privateKey, 'RS256'), documents);
    assert.equal(report.status, 'invalid');
    assert.match(report.errors.join(' '), /embedded Profile vouches for nothing/);
  });

  it('refuses a hosted 2.0 assertion whose issuer is embedded without an http(s) id', async () => {
    const url = 'https://issuer.example/assertions/9';
    const documents = issuerDocuments();
    documents.set(BADGE, {...(documents.get(BADGE) as object), issuer: {type: 'Profile', name: 'A Famous University', url: 'https://issuer.example'}});
    documents.set(url, assertion(url, {verification: {type: 'hosted'}}));
    const report = await verifyWith(url, documents);
    assert.equal(report.status, 'invalid');
    assert.match(report.errors.join(' '), /embedded Profile vouches for nothing/);
  });
});
