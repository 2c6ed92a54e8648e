import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {mkdtemp, rm, stat} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {hallmark} from './helpers/cli.ts';
import {serveChild as serve} from './helpers/serve.ts';

describe('hallmark serve', () => {
  it('starts with zero configuration, prints a generated admin token once, and it works', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'hallmark-serve-'));
    try {
      const first = await serve({HALLMARK_DATA_DIR: dataDir});
      const token = /\n {2}(hm_[A-Za-z0-9_-]+)\n/.exec(first.output())?.[1];
      assert.ok(token, first.output());
      const health = await fetch(`http://127.0.0.1:${first.port}/healthz`);
      assert.equal(health.status, 200);
      const created = await fetch(`http://127.0.0.1:${first.port}/api/v1/issuers`, {
        method: 'POST',
        headers: {'Content-Type': 'application/json', Authorization: `Bearer ${token}`},
        body: JSON.stringify({slug: 'acme', name: 'Acme'}),
      });
      assert.equal(created.status, 201);
      const wayIn = /\/invitations\/([A-Za-z0-9_-]{43})\n/.exec(first.output())?.[1];
      assert.ok(wayIn, 'the first start prints the way in');
      const invitation = await fetch(`http://127.0.0.1:${first.port}/invitations/${wayIn}`, {headers: {Accept: 'text/html'}});
      assert.equal(invitation.status, 200);
      assert.equal(await first.stop(), 0);
      assert.equal((await stat(join(dataDir, 'master.secret'))).mode & 0o777, 0o600);

      const second = await serve({HALLMARK_DATA_DIR: dataDir});
      assert.doesNotMatch(second.output(), /hm_/, 'the token is shown only on the first start');
      assert.match(second.output(), /\/invitations\/(?!${wayIn})[A-Za-z0-9_-]{43}\n/, 'while nobody has signed up, each start offers a new way in');
      const again = await fetch(`http://127.0.0.1:${second.port}/issuers/acme`);
      assert.equal(again.status, 200, 'data survives a restart');
      assert.equal(await second.stop(), 0);
    } finally {
      await rm(dataDir, {recursive: true, force: true});
    }
  });

  it('refuses a bad setting with a message naming it and exit code 2', async () => {
    const run = await hallmark(['serve'], {env: {PORT: 'eighty'}});
    assert.equal(run.code, 2);
    assert.match(run.stderr, /PORT/);
  });

  it('refuses an operator-chosen admin token shorter than 32 characters at start, writing nothing', async () => {
    const dataDir = join(await mkdtemp(join(tmpdir(), 'hallmark-serve-token-')), 'data');
    try {
      const run = await hallmark(['serve'], {env: {PORT: '0', HALLMARK_DATA_DIR: dataDir, HALLMARK_ADMIN_TOKEN: 'correct-horse-battery-staple'}});
      assert.equal(run.code, 2);
      assert.match(run.stderr, /HALLMARK_ADMIN_TOKEN: must be at least 32 characters/);
      assert.doesNotMatch(run.stderr, /\n\s+at /, 'a message, not a stack trace');
      assert.equal(await stat(dataDir).then(() => true, () => false), false, 'no data directory was made');
    } finally {
      await rm(join(dataDir, '..'), {recursive: true, force: true});
    }
  });
});
