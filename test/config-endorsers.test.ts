import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {ConfigError, loadConfig} from '../src/config.ts';

describe('HALLMARK_TRUSTED_ENDORSERS', () => {
  it('is empty by default', () => {
    assert.deepEqual(loadConfig({}).trustedEndorsers, []);
  });

  it('reads comma- and whitespace-separated DIDs, once each', () => {
    const env = {HALLMARK_TRUSTED_ENDORSERS: ' did:web:fsfe.org, did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK\n\tdid:web:example.com%3A8443:endorsers did:web:fsfe.org'};
    assert.deepEqual(loadConfig(env).trustedEndorsers, ['did:web:fsfe.org', 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK', 'did:web:example.com%3A8443:endorsers']);
  });

  for (const bad of ['https://fsfe.org', 'did:web:fsfe.org#key-1', 'did:Web:fsfe.org', 'did:web:', 'did:web:fsfe.org/path', 'did:web:a%zz', 'fsfe']) {
    it(`refuses ${JSON.stringify(bad)}, naming the variable`, () => {
      assert.throws(
        () => loadConfig({HALLMARK_TRUSTED_ENDORSERS: `did:web:ok.example ${bad}`}),
        (error: unknown) => error instanceof ConfigError && /HALLMARK_TRUSTED_ENDORSERS/.test(error.message) && error.message.includes(bad.slice(0, 20)),
      );
    });
  }

  it('refuses an absurdly long list', () => {
    const many = Array.from({length: 300}, (_, index) => `did:web:e${index}.example`).join(',');
    assert.throws(() => loadConfig({HALLMARK_TRUSTED_ENDORSERS: many}), ConfigError);
  });
});
