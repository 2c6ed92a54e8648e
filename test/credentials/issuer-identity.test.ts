import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {didDocument, issuerDid} from '../../src/credentials/issuer-identity.ts';
import {didWebDocumentUrl} from '../../src/credentials/did-resolve.ts';

const KEY = 'z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi';

describe('issuer identity', () => {
  it('names https issuers with a did:web that resolves back to their did.json route, port and path prefix included', () => {
    const did = issuerDid('https://badges.example.org:8443/hallmark', 'acme', KEY);
    assert.equal(did, 'did:web:badges.example.org%3A8443:hallmark:issuers:acme');
    assert.equal(didWebDocumentUrl(did), 'https://badges.example.org:8443/hallmark/issuers/acme/did.json');
  });

  it('names issuers of a plain-http instance by their key', () => {
    assert.equal(issuerDid('http://localhost:3000', 'acme', KEY), `did:key:${KEY}`);
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
});
