import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {createServer} from 'node:http';
import {once} from 'node:events';
import {COMMUNITY, RELEASE, startPolicyFixture, type PolicyFixture} from '../helpers/policy-fixture.ts';
import {hallmark} from '../helpers/cli.ts';
import {listeningHallmark, type Listening} from '../helpers/listening.ts';

const NO_ENV = {HALLMARK_SERVER: '', HALLMARK_TOKEN: ''};

describe('hallmark check', () => {
  let t: PolicyFixture;
  let listening: Listening<PolicyFixture>;
  let base: string;
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hallmark-check-cli-'));
    listening = await listeningHallmark(startPolicyFixture);
    ({t, base} = listening);
    await t.http.post(`/api/v1/communities/${COMMUNITY}/policies`).set(t.as.stew)
      .send({name: 'reviewed', criteria: 'safe-to-run', rules: [{kind: 'reviews', criterion: 'safe-to-run', min: 1}]});
    await t.review('alice');
    await t.http.post(`/api/v1/communities/${COMMUNITY}/policies/reviewed/evaluate`).set(t.as.mem).send({purl: RELEASE});
  });
  after(async () => {
    await listening?.close();
    await rm(dir, {recursive: true, force: true});
  });

  async function lockfile(name: string, packages: Record<string, {version: string}>): Promise<string> {
    const file = join(dir, name);
    await writeFile(file, JSON.stringify({lockfileVersion: 3, packages: {'': {name: 'app'}, ...packages}}));
    return file;
  }

  it('exits 0 when every package holds a verifying badge, without a token', async () => {
    const file = await lockfile('ok.json', {'node_modules/left-pad': {version: '1.3.0'}});
    const run = await hallmark(['check', file, '--policy', `${COMMUNITY}/reviewed`, '--server', base], {env: NO_ENV});
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^ok {3}pkg:npm\/left-pad@1\.3\.0: js-vet\/reviewed v1 badge verifies$/m);
    assert.match(run.stdout, /PASSED: 1 of 1 packages/);
  });

  it('exits 1 and names each package that does not meet the policy', async () => {
    const file = await lockfile('mixed.json', {'node_modules/left-pad': {version: '1.3.0'}, 'node_modules/is-odd': {version: '3.0.1'}});
    const run = await hallmark(['check', file, '--policy', `${COMMUNITY}/reviewed`, '--server', base], {env: NO_ENV});
    assert.equal(run.code, 1);
    assert.match(run.stdout, /^FAIL pkg:npm\/is-odd@3\.0\.1: no badge under js-vet\/reviewed$/m);
    assert.match(run.stdout, /FAILED: 1 of 2 packages meet js-vet\/reviewed, 1 do not/);
    const json = await hallmark(['check', file, '--policy', `${COMMUNITY}/reviewed`, '--server', base, '--json'], {env: NO_ENV});
    assert.equal(json.code, 1);
    assert.equal(JSON.parse(json.stdout).summary.failing, 1);
  });

  it('refuses bad input with a message: no policy, a malformed one, a file that is not an SBOM, no server', async () => {
    const file = await lockfile('any.json', {'node_modules/left-pad': {version: '1.3.0'}});
    const noPolicy = await hallmark(['check', file, '--server', base], {env: NO_ENV});
    assert.equal(noPolicy.code, 2);
    assert.match(noPolicy.stderr, /--policy/);
    const badPolicy = await hallmark(['check', file, '--policy', 'nope', '--server', base], {env: NO_ENV});
    assert.equal(badPolicy.code, 2, 'refused input is no verdict about a dependency');
    assert.match(badPolicy.stderr, /community\/policy/);
    const notSbom = join(dir, 'not-sbom.json');
    await writeFile(notSbom, '{"hello": "world"}');
    const refused = await hallmark(['check', notSbom, '--policy', `${COMMUNITY}/reviewed`, '--server', base], {env: NO_ENV});
    assert.equal(refused.code, 2);
    assert.match(refused.stderr, /not a recognised SBOM/);
    const garbage = join(dir, 'garbage.json');
    await writeFile(garbage, 'not json at all');
    const unreadable = await hallmark(['check', garbage, '--policy', `${COMMUNITY}/reviewed`, '--server', base], {env: NO_ENV});
    assert.equal(unreadable.code, 2);
    assert.match(unreadable.stderr, /not JSON/);
    const noServer = await hallmark(['check', file, '--policy', `${COMMUNITY}/reviewed`], {env: NO_ENV});
    assert.equal(noServer.code, 2);
    assert.match(noServer.stderr, /--server/);
  });

  it('exits 2 when the reply is not an SBOM check, never reading it as a verdict', async () => {
    const file = await lockfile('shape.json', {'node_modules/left-pad': {version: '1.3.0'}});
    const impostor = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({passed: true, summary: {packages: 1}, packages: 'all fine'}));
    });
    impostor.listen(0, '127.0.0.1');
    await once(impostor, 'listening');
    try {
      const run = await hallmark(['check', file, '--policy', `${COMMUNITY}/reviewed`, '--server', `http://127.0.0.1:${(impostor.address() as {port: number}).port}`], {env: NO_ENV});
      assert.equal(run.code, 2);
      assert.match(run.stderr, /not an SBOM check result/);
      assert.doesNotMatch(run.stdout, /PASSED/);
    } finally {
      impostor.close();
    }
  });
});
