import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {startServer, type TestServer} from '../net/servers.ts';
import {Fetcher} from '../../src/net/fetcher.ts';
import {InstanceUrls} from '../../src/credentials/instance-urls.ts';
import {Inspector, type InspectorOptions} from '../../src/inspect/index.ts';
import type {VerificationReport} from '../../src/credentials/report.ts';
import {badgeUrl} from '../../src/inspect/badge-urls.ts';
import {readmeUrl} from '../../src/inspect/repository-pages.ts';
import {invalidInput} from '../../src/errors.ts';

const UUID = '0f0e0d0c-0b0a-4000-8000-000000000001';

/** A stand-in for the verify pipeline: what the inspector hands it, and a verdict by the credential's `good` flag. */
function fakeVerify(seen: unknown[]): InspectorOptions['verify'] {
  return async (input) => {
    seen.push(input);
    const value = (typeof input === 'string' ? JSON.parse(input) : input) as {id?: string; good?: boolean; '@context'?: unknown};
    if (!value['@context']) throw invalidInput('the input has no @context');
    return {
      verified: value.good === true,
      status: value.good === true ? 'valid' : 'invalid',
      checks: [],
      credential: {id: value.id ?? null, type: ['VerifiableCredential'], issuer: {id: 'did:example:issuer', name: null}, subject: null, achievement: null, validFrom: null, validUntil: null},
      endorsements: [],
      warnings: [],
      errors: value.good === true ? [] : ['forged'],
    } satisfies VerificationReport;
  };
}

const credential = (id: string, good = true) => ({'@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiableCredential'], id, good});

describe('Inspector limits and rules', () => {
  let site: TestServer;
  const pages = new Map<string, string>();
  before(async () => {
    site = await startServer((request, response) => {
      const body = pages.get(request.url ?? '');
      if (body === undefined) response.writeHead(404).end();
      else response.writeHead(200, {'content-type': body.startsWith('{') ? 'application/json' : 'text/markdown'}).end(body);
    });
    // depth: the page at depth 2 links to a credential at depth 3, which must not be fetched.
    pages.set('/d0', `[next](${site.url('/d1')})`);
    pages.set('/d1', `[next](${site.url('/d2')})`);
    pages.set('/d2', `[credential](${site.url('/deep.json')})`);
    pages.set('/deep.json', JSON.stringify(credential('urn:uuid:deep')));
    pages.set('/near.json', JSON.stringify(credential('urn:uuid:near')));
    pages.set('/many', Array.from({length: 30}, (_, index) => `[c${index}](${site.url(`/c${index}.json`)})`).join('\n\n'));
    for (let index = 0; index < 30; index += 1) pages.set(`/c${index}.json`, JSON.stringify(credential(`urn:uuid:c${index}`)));
  });
  after(() => site.close());

  const inspector = (seen: unknown[], extra: Partial<InspectorOptions> = {}) =>
    new Inspector({verify: fakeVerify(seen), fetcher: new Fetcher({allowHosts: [{host: '127.0.0.1', port: site.port}]}), ...extra});

  it('follows links at most two deep', async () => {
    const seen: unknown[] = [];
    const result = await inspector(seen).inspect({kind: 'url', url: site.url('/d0')});
    assert.deepEqual(result.reports, []);
    assert.ok(!site.requests.includes('/deep.json'), 'the depth-3 credential was not fetched');
    assert.match(result.problems[0].reason, /no credential was found/);
  });

  it('verifies at most maxCredentials credentials and says how many more there were', async () => {
    const seen: unknown[] = [];
    const result = await inspector(seen, {limits: {maxCredentials: 5}}).inspect({kind: 'url', url: site.url('/many')});
    assert.equal(result.reports.length, 5);
    assert.equal(seen.length, 5);
    assert.ok(result.problems.some((problem) => /limit reached: 25 more credential/.test(problem.reason)), JSON.stringify(result.problems));
  });

  it('turns a text that is not a credential into a problem, not an error', async () => {
    const result = await inspector([]).inspect({kind: 'text', text: '{"@context": 1, "type": "VerifiableCredential"}'});
    assert.equal(result.reports.length, 1);
    const bad = await inspector([]).inspect({kind: 'text', text: '{"type": ["VerifiableCredential"], "id": "x"}'});
    assert.deepEqual(bad.reports, []);
    assert.match(bad.problems[0].reason, /no credential was found|not a credential/);
  });

  it('verifies the same credential once, however often it is linked', async () => {
    const seen: unknown[] = [];
    const text = [1, 2, 3].map(() => `[c](${site.url('/near.json')})`).join('\n\n') + `\n\n[again](${site.url('/near.json?x=1')})`;
    pages.set('/near.json?x=1', JSON.stringify(credential('urn:uuid:near')));
    const result = await inspector(seen).inspect({kind: 'text', text});
    assert.equal(result.reports.length, 1);
    assert.equal(seen.length, 1);
  });

  it('flags our badge for a credential this instance never issued, whatever it links to', async () => {
    const urls = new InstanceUrls('https://hallmark.test');
    const text = `[![b](https://hallmark.test/badges/${UUID}.svg)](${site.url('/forged-ours.json')})`;
    pages.set('/forged-ours.json', JSON.stringify(credential(`urn:uuid:${UUID}`)));
    const result = await inspector([], {local: {urls, credential: async () => null}}).inspect({kind: 'text', text});
    assert.equal(result.suspicious.length, 1);
    assert.match(result.suspicious[0].reason, /never issued/);
  });

  it('accepts a look-alike-shaped badge from another instance whose link leads to its matching valid credential', async () => {
    const text = `[![b](${site.url(`/badges/${UUID}.svg`)})](${site.url(`/credentials/${UUID}`)})`;
    pages.set(`/credentials/${UUID}`, JSON.stringify(credential(`urn:uuid:${UUID}`)));
    const result = await inspector([]).inspect({kind: 'text', text});
    assert.deepEqual(result.suspicious, []);
    assert.equal(result.reports.length, 1);
  });
});

describe('recognising URLs', () => {
  const urls = new InstanceUrls('https://hallmark.test');

  it('knows our badge and credential URLs, and badges shaped like ours elsewhere', () => {
    assert.deepEqual(badgeUrl(`https://hallmark.test/badges/${UUID}.svg`, urls), {uuid: UUID, ours: true});
    assert.deepEqual(badgeUrl(`https://evil.example/badges/${UUID}.svg`, urls), {uuid: UUID, ours: false});
    assert.deepEqual(badgeUrl('https://hallmark.test/badges/npm/pkg%3Anpm%2Fleft-pad.svg', urls), {uuid: null, ours: true});
    assert.equal(badgeUrl('https://shields.io/badge/x.png', urls), null);
    assert.equal(urls.localCredentialUuid(`https://hallmark.test/credentials/${UUID}`), UUID);
    assert.equal(urls.localCredentialUuid(`https://hallmark.test/credentials/${UUID}/baked.png`), UUID);
    assert.equal(urls.localCredentialUuid(`https://hallmark.test/badges/${UUID}.svg`), UUID);
    assert.equal(urls.localCredentialUuid(`https://hallmark.test/CREDENTIALS/${UUID}`), null);
    assert.equal(urls.localCredentialUuid(`https://hallmark.test/credentials/${UUID.toUpperCase()}?format=json`), UUID);
    assert.equal(urls.localCredentialUuid(`https://evil.example/credentials/${UUID}`), null);
  });

  it('reads a GitHub or GitLab repository page as its README', () => {
    assert.deepEqual(readmeUrl('https://github.com/owner/repo'), {url: 'https://api.github.com/repos/owner/repo/readme', accept: 'application/vnd.github.html+json', base: 'https://github.com/owner/repo/blob/HEAD/'});
    assert.equal(readmeUrl('https://gitlab.com/group/sub/project')?.url, 'https://gitlab.com/group/sub/project/-/raw/HEAD/README.md');
    assert.equal(readmeUrl('https://github.com/owner/repo/issues'), null);
    assert.equal(readmeUrl('https://example.org/owner/repo'), null);
  });
});
