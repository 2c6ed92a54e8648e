import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {didDocument, issuerDid} from '../../src/credentials/issuer-identity.ts';
import {didWebDocumentUrl} from '../../src/credentials/did-resolve.ts';
import {InstanceUrls} from '../../src/credentials/instance-urls.ts';

const KEY = 'z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi';

describe('issuer identity', () => {
  it('names https issuers with a did:web that resolves back to their did.json route, port and path prefix included', () => {
    const did = issuerDid(new InstanceUrls('https://badges.example.org:8443/hallmark'), 'acme', KEY);
    assert.equal(did, 'did:web:badges.example.org%3A8443:hallmark:issuers:acme');
    assert.equal(didWebDocumentUrl(did), 'https://badges.example.org:8443/hallmark/issuers/acme/did.json');
    assert.equal(didWebDocumentUrl(did), new InstanceUrls('https://badges.example.org:8443/hallmark').didDocument('acme'), 'the route serves what the DID names');
  });

  it('names issuers of a plain-http instance by their key', () => {
    assert.equal(issuerDid(new InstanceUrls('http://localhost:3000'), 'acme', KEY), `did:key:${KEY}`);
  });

  it('keeps retired keys as assertion methods but lists only the current key for new capability use', () => {
    const document = didDocument('did:web:example.org:issuers:acme', [
      {publicKeyMultibase: 'z6MkNew', createdAt: '2026-02-01T00:00:00Z', retiredAt: null},
      {publicKeyMultibase: 'z6MkOld', createdAt: '2026-01-01T00:00:00Z', retiredAt: '2026-02-01T00:00:00Z'},
    ]);
    assert.deepEqual(document.assertionMethod, ['did:web:example.org:issuers:acme#z6MkNew', 'did:web:example.org:issuers:acme#z6MkOld']);
    assert.deepEqual(document.capabilityInvocation, ['did:web:example.org:issuers:acme#z6MkNew']);
    assert.deepEqual(document.authentication, ['did:web:example.org:issuers:acme#z6MkNew']);
  });

  it('parses only its own credential ids and published documents', () => {
    const urls = new InstanceUrls('https://badges.example.org');
    const uuid = '0f8e4b9a-2c3d-4e5f-8a9b-1c2d3e4f5a6b';
    assert.equal(urls.credentialId(uuid), `https://badges.example.org/credentials/${uuid}`);
    for (const reference of [uuid, `urn:uuid:${uuid}`, `https://badges.example.org/credentials/${uuid}`, `  URN:UUID:${uuid.toUpperCase()} `]) {
      assert.equal(urls.credentialUuid(reference), uuid, reference);
    }
    for (const reference of [`https://evil.example/credentials/${uuid}`, `https://badges.example.org.evil.example/credentials/${uuid}`, 'urn:uuid:nope', `${uuid}x`]) {
      assert.equal(urls.credentialUuid(reference), null, reference);
    }
    assert.deepEqual(urls.localDocument('https://badges.example.org/issuers/acme/did.json'), {kind: 'did-document', issuerSlug: 'acme'});
    assert.deepEqual(urls.localDocument(urls.statusList('acme', uuid)), {kind: 'status-list', issuerSlug: 'acme', listId: uuid});
    assert.equal(urls.localDocument('https://badges.example.org/credentials/x'), null);
    assert.equal(urls.localDocument('https://elsewhere.example/issuers/acme/did.json'), undefined);
    assert.equal(new InstanceUrls('http://localhost:3000').credentialId(uuid), `urn:uuid:${uuid}`);
  });
});
