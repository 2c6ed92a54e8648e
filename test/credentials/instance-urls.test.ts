import {test} from 'node:test';
import assert from 'node:assert/strict';
import {InstanceUrls} from '../../src/credentials/instance-urls.ts';

const UUID = '0b7e6f7a-1c2d-4e5f-8a9b-0c1d2e3f4a5b';

test('every public URL is built under the configured base, path prefix included', () => {
  const urls = new InstanceUrls('https://example.org/hallmark');
  assert.equal(urls.review('r1'), 'https://example.org/hallmark/api/v1/reviews/r1');
  assert.equal(urls.evidence('e1'), 'https://example.org/hallmark/api/v1/evidence/e1');
  assert.equal(urls.policyVersion('acme', 'two-orgs', 3), 'https://example.org/hallmark/communities/acme/policies/two-orgs/versions/3');
  assert.equal(urls.communityPage('acme'), 'https://example.org/hallmark/communities/acme');
  assert.equal(urls.packagePage('pkg:npm/%40scope/name@1.0.0'), 'https://example.org/hallmark/packages/pkg:npm/%40scope/name@1.0.0');
  assert.equal(urls.bakedPng(UUID), `https://example.org/hallmark/credentials/${UUID}/baked.png`);
  assert.equal(urls.bakedSvg(UUID), `https://example.org/hallmark/credentials/${UUID}/baked.svg`);
});

test('names from users are encoded where they become a path segment', () => {
  const urls = new InstanceUrls('https://example.org');
  assert.equal(urls.reviewerPage('a/b?c'), 'https://example.org/reviewers/a%2Fb%3Fc');
  assert.equal(urls.milestone('acme', 'first review'), 'https://example.org/communities/acme/milestones/first%20review');
  assert.equal(urls.packagePage('pkg:npm/x@1.0.0?arch=x86#sub'), 'https://example.org/packages/pkg:npm/x@1.0.0%3Farch=x86%23sub');
});

test('only our own credential, baked and badge URLs name a local credential', () => {
  const urls = new InstanceUrls('https://example.org/hallmark');
  assert.equal(urls.localCredentialUuid(`https://example.org/hallmark/credentials/${UUID}#x`), UUID);
  assert.equal(urls.localCredentialUuid(`https://example.org/hallmark/credentials/${UUID}/baked.svg`), UUID);
  assert.equal(urls.localCredentialUuid(`https://example.org/hallmark/badges/${UUID}.svg`), UUID);
  assert.equal(urls.localCredentialUuid(`https://example.org/credentials/${UUID}`), null);
  assert.equal(urls.localCredentialUuid(`https://example.org/hallmark/credentials/${UUID}/other`), null);
  assert.equal(urls.localCredentialUuid('https://example.org/hallmark/credentials/not-a-uuid'), null);
  assert.equal(urls.isBadgeImage(`https://example.org/hallmark/badges/${UUID}.svg`), true);
  assert.equal(urls.isBadgeImage(`https://example.org/badges/${UUID}.svg`), false);
});
