import assert from 'node:assert/strict';
import {describe, it} from 'node:test';
import {isPinnedContext, loadActivityPubContext, loadContext, UnknownContextError} from '../../src/credentials/contexts.ts';

describe('ActivityPub contexts', () => {
  it('serves the ActivityStreams and security contexts to federation from pinned copies', () => {
    for (const url of ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1', 'https://w3id.org/security/data-integrity/v1', 'https://www.w3.org/ns/credentials/v2']) {
      const remote = loadActivityPubContext(url);
      assert.equal(remote.documentUrl, url);
      assert.ok(typeof remote.document === 'object' && remote.document !== null && '@context' in remote.document);
    }
  });

  it('keeps them away from credential processing, and refuses unknown contexts everywhere', () => {
    assert.equal(isPinnedContext('https://www.w3.org/ns/activitystreams'), false);
    assert.throws(() => loadContext('https://www.w3.org/ns/activitystreams'), UnknownContextError);
    assert.throws(() => loadActivityPubContext('https://evil.example/context.jsonld'), UnknownContextError);
  });
});
