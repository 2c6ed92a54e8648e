import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {BADGE, createIssuer, issueBadge, startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {hallmark} from '../helpers/cli.ts';
import {badgeFor} from '../helpers/recipients.ts';

describe('hallmark verify --recipient', () => {
  let t: TestHallmark;
  let dir: string;
  let mapFile: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hallmark-recipient-'));
    t = await startHallmark();
    await createIssuer(t, 'acme');
    const credentials = {
      alice: await issueBadge(t, 'acme', {}, badgeFor('alice@example.org', 'https://example.org/people/alice', 'salt-a')),
      bob: await issueBadge(t, 'acme', {}, badgeFor('bob@example.org', 'https://example.org/people/bob', 'salt-b')),
      package: await issueBadge(t, 'acme', {}, BADGE),
    };
    const listUrl = (credentials.alice.credentialStatus as {statusListCredential: string}).statusListCredential;
    await writeFile(join(dir, 'list.json'), JSON.stringify(await t.hallmark.services.resolver.resolve(listUrl)));
    mapFile = join(dir, 'map.json');
    await writeFile(mapFile, JSON.stringify({[listUrl]: 'list.json'}));
    for (const [name, credential] of Object.entries(credentials)) await writeFile(join(dir, `${name}.json`), JSON.stringify(credential));
  });
  after(async () => {
    await t?.close();
    await rm(dir, {recursive: true, force: true});
  });

  const run = (file: string, ...recipient: string[]) => hallmark(['verify', join(dir, file), '--documents', mapFile, ...recipient.flatMap((identity) => ['--recipient', identity])]);

  it('exits 0 and says matched for the person\'s own badge', async () => {
    const result = await run('alice.json', 'alice@example.org');
    assert.equal(result.code, 0, result.stderr + result.stdout);
    assert.match(result.stdout, /^VALID/);
    assert.match(result.stdout, /recipient: matched — Issued to alice@example\.org \(sha256 hash with salt\)\./);
  });

  it('exits 1 for a genuine badge of someone else, saying so', async () => {
    const result = await run('bob.json', 'alice@example.org');
    assert.equal(result.code, 1, result.stderr + result.stdout);
    assert.match(result.stdout, /^VALID/);
    assert.match(result.stdout, /recipient: not-matched — Issued to someone else/);
  });

  it('exits 3 when the recipient cannot be compared with the identity given', async () => {
    const result = await run('package.json', 'alice@example.org');
    assert.equal(result.code, 3, result.stderr + result.stdout);
    assert.match(result.stdout, /recipient: not-checked — The recipient is named only by URL/);
  });

  it('puts the check in the --json report', async () => {
    const result = await hallmark(['verify', join(dir, 'bob.json'), '--documents', mapFile, '--json', '--recipient', 'bob@example.org', '--recipient', 'did:key:z6MkBob']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout).recipient.identities, ['bob@example.org', 'did:key:z6MkBob']);
  });

  for (const [name, identity] of [['a word', 'alice'], ['a file: URL', 'file:///etc/passwd'], ['an oversized address', `${'a'.repeat(3000)}@example.org`]]) {
    it(`exits 2 with a message for ${name}`, async () => {
      const result = await run('alice.json', identity);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /--recipient: .*not an identity/);
      assert.equal(result.stdout, '');
    });
  }
});
