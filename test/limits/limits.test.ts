import assert from 'node:assert/strict';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {RateLimitedError} from '../../src/errors.ts';
import {RateLimits} from '../../src/limits/index.ts';
import {openSqliteStore} from '../../src/store/sqlite.ts';
import type {Store} from '../../src/store/port.ts';

function refused(seconds: number) {
  return (error: unknown) => error instanceof RateLimitedError && error.kind === 'rate-limited' && error.retryAfterSeconds >= 1 && error.retryAfterSeconds <= seconds;
}

describe('rate limits over the store', () => {
  let dir = '';
  let first: Store;
  let second: Store;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hallmark-limits-'));
    // Two stores on one file: what two processes serving one database see.
    first = await openSqliteStore(join(dir, 'shared.sqlite'));
    second = await openSqliteStore(join(dir, 'shared.sqlite'));
  });
  after(async () => {
    await first.close();
    await second.close();
    await rm(dir, {recursive: true, force: true});
  });

  it('shares one count between processes on one store, and refuses with the time left', async () => {
    const rules = {verify: {points: 5, durationSeconds: 60}};
    const a = new RateLimits(first, rules).limiter('verify');
    const b = new RateLimits(second, rules).limiter('verify');
    for (let n = 0; n < 3; n++) await a.consume('ip:192.0.2.1');
    for (let n = 0; n < 2; n++) await b.consume('ip:192.0.2.1');
    await assert.rejects(a.consume('ip:192.0.2.1'), refused(60));
    await assert.rejects(b.consume('ip:192.0.2.1'), refused(60));
    await a.consume('ip:192.0.2.2');
    await b.reset('ip:192.0.2.1');
    await a.consume('ip:192.0.2.1');
  });

  it('counts only failures for check/fail, and a reset forgets them', async () => {
    const limiter = new RateLimits(first, {'token-failures': {points: 3, durationSeconds: 600}}).limiter('token-failures');
    const key = 'account:ada';
    for (let n = 0; n < 5; n++) await limiter.check(key);
    await limiter.fail(key);
    await limiter.fail(key);
    await limiter.check(key);
    await limiter.fail(key);
    await assert.rejects(limiter.check(key), refused(600), 'the third failure spends the allowance');
    await assert.rejects(limiter.fail(key), refused(600));
    await limiter.reset(key);
    await limiter.check(key);
  });

  it('a cost spends several points at once; a rule turned off never refuses', async () => {
    const limits = new RateLimits(first, {verify: {points: 10, durationSeconds: 60}, 'token-failures': {points: 0, durationSeconds: 1}});
    await limits.limiter('verify').consume('bulk', 10);
    await assert.rejects(limits.limiter('verify').consume('bulk'), refused(60));
    const off = limits.limiter('token-failures');
    for (let n = 0; n < 50; n++) await off.fail('someone');
    await off.check('someone');
  });

  it('fails loudly when the store does, rather than letting every request through unseen', async () => {
    const store = await openSqliteStore(':memory:');
    const limiter = new RateLimits(store).limiter('verify');
    await store.close();
    await assert.rejects(limiter.consume('ip:192.0.2.9'), (error: unknown) => error instanceof Error && !(error instanceof RateLimitedError) && /closed/.test(error.message));
  });
});
