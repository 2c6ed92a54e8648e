import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {ADMIN_TOKEN, startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {createAccount, grantRole} from '../helpers/vetting.ts';
import {listeningHallmark, type Listening} from '../helpers/listening.ts';
import {hallmark as runCli, type Run} from '../helpers/cli.ts';


const hallmark = (args: string[], env: Record<string, string> = {}, stdin = ''): Promise<Run> => runCli(args, {env, stdin, isolated: true});

describe('hallmark community create / review submit', () => {
  let t: TestHallmark;
  let listening: Listening<TestHallmark>;
  let base: string;
  let dir: string;
  let auditorToken: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hallmark-vetting-cli-'));
    listening = await listeningHallmark(startHallmark);
    ({t, base} = listening);
    await createAccount(t, 'stella');
    await createAccount(t, 'alice');
    auditorToken = (await t.http.post('/api/v1/accounts/alice/tokens').set(t.admin).send({})).body.token;
  });
  after(async () => {
    await listening?.close();
    await rm(dir, {recursive: true, force: true});
  });

  it('creates a community from flags and prints it; the server\'s refusal exits 1 with its reason', async () => {
    const created = await hallmark(['community', 'create', '--server', base, '--token', ADMIN_TOKEN, '--slug', 'cli-vet', '--name', 'CLI vetters', '--ecosystem', 'npm', '--ecosystem', 'cargo', '--steward', 'stella', '--endorsements', '0']);
    assert.equal(created.code, 0, created.stderr);
    const community = JSON.parse(created.stdout);
    assert.deepEqual(community.ecosystems, ['npm', 'cargo']);
    assert.equal(community.acceptance.endorsements, 0);

    const again = await hallmark(['community', 'create', '--slug', 'cli-vet', '--name', 'Again'], {HALLMARK_SERVER: base, HALLMARK_TOKEN: ADMIN_TOKEN});
    assert.equal(again.code, 1);
    assert.match(again.stderr, /409.*already exists/);

    const notAdmin = await hallmark(['community', 'create', '--server', base, '--token', auditorToken, '--slug', 'mine', '--name', 'Mine']);
    assert.equal(notAdmin.code, 1);
    assert.match(notAdmin.stderr, /403/);
    assert.equal((await t.http.get('/api/v1/communities/mine')).status, 404);
  });

  it('submits a review from flags, and from a JSON file on standard input', async () => {
    await grantRole(t, 'cli-vet', 'alice', 'auditor');
    const submitted = await hallmark(['review', 'submit', '--server', base, '--token', auditorToken, '--community', 'cli-vet', '--purl', 'pkg:npm/left-pad@1.3.0',
      '--criteria', 'safe-to-run,safe-to-deploy', '--thoroughness', 'high', '--understanding', 'high', '--rating', 'positive', '--finding', 'CVE-2024-1234:low', '--notes', 'fine']);
    assert.equal(submitted.code, 0, submitted.stderr);
    const {review, credential} = JSON.parse(submitted.stdout);
    assert.equal(review.standing, 'accepted');
    assert.deepEqual(review.findings, [{id: 'CVE-2024-1234', severity: 'low'}]);
    assert.equal(credential.credentialSubject.id, 'pkg:npm/left-pad@1.3.0');

    const body = {purl: 'pkg:npm/left-pad@1.2.0', criteria: ['safe-to-run'], thoroughness: 'low', understanding: 'low', rating: 'neutral'};
    const fromStdin = await hallmark(['review', 'submit', '--community', 'cli-vet', '--file', '-'], {HALLMARK_SERVER: base, HALLMARK_TOKEN: auditorToken}, JSON.stringify(body));
    assert.equal(fromStdin.code, 0, fromStdin.stderr);
  });

  it('malformed input: the server\'s 400 exits 1 naming the field, and nothing is stored', async () => {
    const before = (await t.hallmark.services.vetting.reviews.reviewsInCommunity('cli-vet')).length;
    const cases: Array<[string[], RegExp]> = [
      [['--purl', 'not-a-purl', '--criteria', 'safe-to-run'], /purl/],
      [['--purl', 'pkg:npm/x@1.0.0', '--criteria', 'safe-to-fly'], /safe-to-fly/],
      [['--purl', 'pkg:npm/x@1.0.0', '--criteria', 'safe-to-run', '--finding', 'bogus id:high'], /findings/],
    ];
    for (const [flags, reason] of cases) {
      const run = await hallmark(['review', 'submit', '--server', base, '--token', auditorToken, '--community', 'cli-vet', '--thoroughness', 'low', '--understanding', 'low', '--rating', 'neutral', ...flags]);
      assert.equal(run.code, 1, `${flags.join(' ')}: ${run.stderr}`);
      assert.match(run.stderr, reason);
    }
    assert.equal((await t.hallmark.services.vetting.reviews.reviewsInCommunity('cli-vet')).length, before);
  });

  const usage: Array<[string, string[], Record<string, string>, RegExp]> = [
    ['no server', ['community', 'create', '--slug', 'x1', '--name', 'X'], {HALLMARK_TOKEN: 'x'}, /--server/],
    ['no token', ['community', 'create', '--slug', 'x1', '--name', 'X', '--server', 'http://127.0.0.1:1'], {}, /--token/],
    ['a non-http server', ['community', 'create', '--slug', 'x1', '--name', 'X', '--server', 'file:///etc/passwd', '--token', 't'], {}, /http/],
    ['an unknown flag', ['community', 'create', '--slug', 'x1', '--name', 'X', '--admin'], {}, /admin/],
    ['an unknown action', ['community', 'delete'], {}, /usage/],
    ['a bad --endorsements', ['community', 'create', '--slug', 'x1', '--name', 'X', '--endorsements', 'many', '--server', 'http://127.0.0.1:1', '--token', 't'], {}, /whole number/],
    ['a bad finding', ['review', 'submit', '--community', 'c', '--purl', 'p', '--criteria', 'a', '--thoroughness', 'low', '--understanding', 'low', '--rating', 'neutral', '--finding', 'nocolon'], {}, /ID:SEVERITY/],
    ['a hostile community slug', ['review', 'submit', '--community', '../issuers', '--purl', 'p'], {}, /slug/],
    ['missing review fields', ['review', 'submit', '--community', 'c', '--purl', 'p', '--server', 'http://127.0.0.1:1', '--token', 't'], {}, /--criteria/],
    ['an unreachable server', ['community', 'create', '--slug', 'x1', '--name', 'X', '--server', 'http://127.0.0.1:1', '--token', 't'], {}, /cannot reach/],
  ];
  for (const [what, args, env, reason] of usage) {
    it(`exits 2 with a message for ${what}`, async () => {
      const run = await hallmark(args, env);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, reason);
    });
  }

  it('exits 2 for a body file that is not a JSON object', async () => {
    const file = join(dir, 'bad.json');
    await writeFile(file, '[1, 2]');
    const run = await hallmark(['community', 'create', '--file', file, '--server', base, '--token', ADMIN_TOKEN]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /JSON object/);
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{"slug":');
    assert.equal((await hallmark(['community', 'create', '--file', broken, '--server', base, '--token', ADMIN_TOKEN])).code, 2);
  });
});
