import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {COMMUNITY, RELEASE, startPolicyFixture, type PolicyFixture} from '../helpers/policy-fixture.ts';
import {listeningHallmark, type Listening} from '../helpers/listening.ts';
import {hallmark as runCli, type Run} from '../helpers/cli.ts';


/** No server or token from the environment: each test names its own. */
const hallmark = (args: string[], env: Record<string, string> = {}): Promise<Run> => runCli(args, {env: {HALLMARK_SERVER: '', HALLMARK_TOKEN: '', ...env}});

describe('hallmark policy', () => {
  let t: PolicyFixture;
  let listening: Listening<PolicyFixture>;
  let base: string;
  let dir: string;
  let steward: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hallmark-policy-cli-'));
    listening = await listeningHallmark(startPolicyFixture);
    ({t, base} = listening);
    steward = t.as.stew.Authorization.slice('Bearer '.length);
  });
  after(async () => {
    await listening?.close();
    await rm(dir, {recursive: true, force: true});
  });

  it('publishes a YAML policy and evaluates it, exiting 1 until it passes and 0 after', async () => {
    const file = join(dir, 'one-review.yaml');
    await writeFile(file, 'name: one-review\ncriteria: safe-to-run\nrules:\n  - kind: reviews\n    criterion: safe-to-run\n    min: 1\n');
    const published = await hallmark(['policy', 'publish', file, '--community', COMMUNITY, '--server', base, '--token', steward]);
    assert.equal(published.code, 0, published.stderr);
    assert.equal(JSON.parse(published.stdout).version, 1);
    const env = {HALLMARK_SERVER: base, HALLMARK_TOKEN: steward};
    const failing = await hallmark(['policy', 'evaluate', '--community', COMMUNITY, '--policy', 'one-review', RELEASE], env);
    assert.equal(failing.code, 1);
    assert.equal(JSON.parse(failing.stdout).evaluation.passed, false);
    await t.review('alice');
    const passing = await hallmark(['policy', 'evaluate', '--community', COMMUNITY, '--policy', 'one-review', RELEASE], env);
    assert.equal(passing.code, 0, passing.stderr);
    assert.equal(JSON.parse(passing.stdout).badge.state, 'active');
  });

  it('exits 1 with the server\'s reasons for refused input, and 2 for usage errors', async () => {
    const bad = join(dir, 'bad.json');
    await writeFile(bad, JSON.stringify({name: 'bad', criteria: 'safe-to-run', rules: []}));
    const refused = await hallmark(['policy', 'publish', bad, '--community', COMMUNITY, '--server', base, '--token', steward]);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /\/rules/);
    const badPurl = await hallmark(['policy', 'evaluate', '--community', COMMUNITY, '--policy', 'one-review', 'not-a-purl', '--server', base, '--token', steward]);
    assert.equal(badPurl.code, 1);
    assert.match(badPurl.stderr, /purl/);
    assert.equal((await hallmark(['policy', 'publish', bad, '--community', COMMUNITY])).code, 2, 'no server named');
    assert.equal((await hallmark(['policy', 'publish', join(dir, 'missing.yaml'), '--community', COMMUNITY, '--server', base])).code, 2);
    assert.equal((await hallmark(['policy', 'evaluate', '--community', COMMUNITY, RELEASE, '--server', base])).code, 2, 'no --policy');
    const bomb = join(dir, 'bomb.yaml');
    await writeFile(bomb, 'a: &a [x, x, x]\nb: [*a, *a, *a]\nname: bomb\n');
    const refusedBomb = await hallmark(['policy', 'publish', bomb, '--community', COMMUNITY, '--server', base, '--token', steward]);
    assert.equal(refusedBomb.code, 2);
    assert.match(refusedBomb.stderr, /aliases are not allowed/);
    assert.equal((await hallmark(['policy', 'frobnicate', '--community', COMMUNITY, '--server', base])).code, 2);
    assert.equal((await hallmark(['policy', 'publish', bad, '--community', COMMUNITY, '--server', 'ftp://x'])).code, 2);
    for (const name of ['bad', 'bomb']) assert.equal((await t.http.get(`/api/v1/communities/${COMMUNITY}/policies/${name}`)).status, 404);
  });
});
