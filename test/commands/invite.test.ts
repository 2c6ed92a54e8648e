import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {ADMIN_TOKEN, startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {listeningHallmark, type Listening} from '../helpers/listening.ts';
import {hallmark as runCli, type Run} from '../helpers/cli.ts';
import {acceptInvitation, browserAgent} from '../helpers/web.ts';

const hallmark = (args: string[]): Promise<Run> => runCli(args, {isolated: true});

describe('hallmark invite', () => {
  let listening: Listening<TestHallmark>;
  before(async () => {
    listening = await listeningHallmark(startHallmark);
  });
  after(async () => listening?.close());

  it('prints a one-time link that lets a person in with the right to found communities', async () => {
    const run = await hallmark(['invite', '--server', listening.base, '--token', ADMIN_TOKEN, '--found-communities', '--note', 'Stella']);
    assert.equal(run.code, 0, run.stderr);
    const url = /(http:\/\/\S+\/invitations\/\S+)/.exec(run.stdout)?.[1] ?? '';
    assert.ok(url.startsWith(`${listening.base}/invitations/`), run.stdout);
    await acceptInvitation(browserAgent(listening.t), new URL(url).pathname, 'stella');
    assert.equal((await listening.t.http.get('/api/v1/accounts/stella')).body.mayFoundCommunities, true);
  });

  it('with --organisation, prints a link that makes an organisation\'s account', async () => {
    const run = await hallmark(['invite', '--server', listening.base, '--token', ADMIN_TOKEN, '--organisation', '--note', 'ACME']);
    assert.equal(run.code, 0, run.stderr);
    const url = /(http:\/\/\S+\/invitations\/\S+)/.exec(run.stdout)?.[1] ?? '';
    await acceptInvitation(browserAgent(listening.t), new URL(url).pathname, 'acme');
    assert.equal((await listening.t.http.get('/api/v1/accounts/acme')).body.kind, 'organisation');
    const both = await hallmark(['invite', '--server', listening.base, '--token', ADMIN_TOKEN, '--organisation', '--found-communities']);
    assert.equal(both.code, 1);
    assert.match(both.stderr, /organisation invitation/);
  });

  it('exits 1 with the server\'s reason when refused, and 2 on bad usage', async () => {
    const refused = await hallmark(['invite', '--server', listening.base, '--token', 'hm_not-a-real-token-at-all-000000', '--found-communities']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /server refused \(401\)/);
    const usage = await hallmark(['invite', '--server', listening.base, '--token', ADMIN_TOKEN, '--community', 'x']);
    assert.equal(usage.code, 2);
    assert.match(usage.stderr, /--community and --role together/);
    // What the server refuses in an invitation, through the API the command calls.
    const noCommunity = await listening.t.http.post('/api/v1/invitations').set(listening.t.admin).send({community: 'nowhere', role: 'auditor'});
    assert.equal(noCommunity.status, 404);
    const badRole = await listening.t.http.post('/api/v1/invitations').set(listening.t.admin).send({community: 'x', role: 'emperor', expiresInDays: 99, extra: 1});
    assert.equal(badRole.status, 400);
    assert.deepEqual(badRole.body.error.problems.map((problem: {field: string}) => problem.field).sort(), ['/expiresInDays', '/extra', '/role']);
  });
});

describe('the way in at first start', () => {
  it('offers a new invitation at each start until someone has a password, then none', async () => {
    const t = await startHallmark();
    try {
      const first = t.hallmark.wayIn;
      assert.ok(first);
      assert.equal((await t.http.get(`/invitations/${first}`).set('Accept', 'text/html')).status, 200);
      const second = await t.hallmark.services.auth.invitations.wayIn();
      assert.ok(second && second !== first);
      assert.equal((await t.http.get(`/invitations/${first}`).set('Accept', 'text/html')).status, 409, 'the earlier start\'s link is withdrawn');
      await acceptInvitation(browserAgent(t), `/invitations/${second}`, 'first');
      assert.equal(await t.hallmark.services.auth.invitations.wayIn(), null);
    } finally {
      await t.close();
    }
  });
});
