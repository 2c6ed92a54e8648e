import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {didKeyDocument, didWebDocumentUrl, resolveDid} from '../../src/credentials/did-resolve.ts';
import {resolverOf} from './helpers/signing.ts';

const KEY = 'z6MkjZRZv3aez3r18pB1RBFJR1kwUVJ5jHt92JmQwXbd5hwi';

describe('did:web document URLs', () => {
  it('maps host-only DIDs to /.well-known/did.json and paths to <path>/did.json', () => {
    assert.equal(didWebDocumentUrl('did:web:example.com'), 'https://example.com/.well-known/did.json');
    assert.equal(didWebDocumentUrl('did:web:example.com:issuers:acme'), 'https://example.com/issuers/acme/did.json');
    assert.equal(didWebDocumentUrl('did:web:localhost%3A3000:issuers:acme'), 'https://localhost:3000/issuers/acme/did.json');
  });

  it('refuses DIDs that would escape the host or path', () => {
    for (const did of ['did:web:', 'did:web:exa mple.com', 'did:web:example.com:..:admin', 'did:web:example.com:a%2Fb', 'did:web:user@example.com']) {
      assert.throws(() => didWebDocumentUrl(did), Error, did);
    }
  });
});

describe('DID resolution', () => {
  it('derives did:key documents from the key itself', async () => {
    const document = await didKeyDocument(`did:key:${KEY}`);
    assert.deepEqual(document.assertionMethod, [`did:key:${KEY}#${KEY}`]);
    await assert.rejects(didKeyDocument('did:key:z6MkNotAKey'));
  });

  it('shares one frozen did:key document between verifications, and still refuses what is not a key', async () => {
    const [first, second] = [await didKeyDocument(`did:key:${KEY}`), await didKeyDocument(`did:key:${KEY}`)];
    assert.equal(first, second);
    assert.throws(() => (first.assertionMethod as string[]).push('did:key:attacker#key'), TypeError);
    assert.throws(() => Object.assign(first, {assertionMethod: []}), TypeError);
    assert.deepEqual(second.assertionMethod, [`did:key:${KEY}#${KEY}`]);
    await assert.rejects(didKeyDocument('did:key:z6MkNotAKey'));
    await assert.rejects(didKeyDocument(`did:key:${KEY}x`));
  });

  it('obtains did:web documents through the resolver and checks whom they describe', async () => {
    const did = 'did:web:example.com:issuers:acme';
    const url = 'https://example.com/issuers/acme/did.json';
    assert.equal((await resolveDid(did, resolverOf({[url]: {id: did}}))).id, did);
    await assert.rejects(resolveDid(did, resolverOf({[url]: {id: 'did:web:evil.example'}})), /describes did:web:evil\.example/);
    await assert.rejects(resolveDid(did, resolverOf({})), /could not obtain https:\/\/example\.com\/issuers\/acme\/did\.json: .*cannot be resolved/);
  });

  it('refuses other DID methods', async () => {
    await assert.rejects(resolveDid('did:example:123', resolverOf({})), /not supported/);
  });
});
