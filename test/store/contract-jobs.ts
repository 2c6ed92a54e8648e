/** Contract: durable jobs (src/jobs) over the adapter's queues — intents survive, resume, run again idempotently. */
import assert from 'node:assert/strict';
import {it} from 'node:test';
import {Jobs} from '../../src/jobs/index.ts';
import type {ContractContext} from './contract.ts';

const LATER = () => new Date(Date.now() + 3_600_000);

export function jobsContract(context: ContractContext): void {
  const jobs = (log: string[] = []) => new Jobs(context.store().queues, {queue: context.name('jobs'), pollMs: 0, log: (line) => log.push(line)});

  it('performs an intent at once and leaves nothing to resume', async () => {
    const runner = jobs();
    const seen: number[] = [];
    runner.define<{n: number}>('count', async ({n}) => void seen.push(n));
    await runner.perform('count', {n: 1});
    assert.deepEqual(seen, [1]);
    assert.equal(await runner.drain(LATER()), 0);
  });

  it('resumes an intent whose process died before finishing it, and only once', async () => {
    const crashed = jobs();
    crashed.define<{n: number}>('step', async () => {
      throw new Error('killed mid-way');
    });
    await assert.rejects(crashed.perform('step', {n: 7}), /killed mid-way/);
    const restarted = jobs();
    const seen: number[] = [];
    restarted.define<{n: number}>('step', async ({n}) => void seen.push(n));
    assert.equal(await restarted.drain(), 0, 'a fresh intent is left to its request for the grace period');
    const concurrent = await Promise.all([restarted.drain(LATER()), restarted.drain(LATER())]);
    assert.equal(concurrent[0] + concurrent[1], 1, 'two runners never take the same intent');
    assert.deepEqual(seen, [7]);
    assert.equal(await restarted.drain(LATER()), 0);
  });

  it('finds the first intent under the same key, so a retry runs its steps again', async () => {
    const runner = jobs();
    const seen: string[] = [];
    let fail = true;
    runner.define<{n: string}>('keyed', async ({n}) => {
      seen.push(n);
      if (fail) throw new Error('crash');
    });
    await assert.rejects(runner.perform('keyed', {n: 'first'}, 'k1'));
    fail = false;
    await runner.perform('keyed', {n: 'retry'}, 'k1');
    assert.deepEqual(seen, ['first', 'retry']);
    assert.equal(await runner.drain(LATER()), 0, 'the retry completed the first intent');
  });

  it('retries a failing step with backoff and logs each failure', async () => {
    const log: string[] = [];
    const runner = jobs(log);
    let calls = 0;
    runner.define('flaky', async () => {
      calls++;
      if (calls === 1) throw new Error('transient');
    });
    await runner.record('flaky', {});
    assert.equal(await runner.drain(LATER()), 1);
    assert.equal(calls, 1);
    assert.match(log[0] ?? '', /flaky failed \(attempt 1\)/);
    assert.equal(await runner.drain(new Date(LATER().getTime() + 1000)), 1, 'due again after its backoff');
    assert.equal(calls, 2);
    assert.equal(await runner.drain(new Date(LATER().getTime() + 600_000)), 0);
  });

  it('never drops an intent that keeps failing: past 20 tries it is retried at the longest backoff and called stuck', async () => {
    const log: string[] = [];
    const runner = jobs(log);
    let calls = 0;
    runner.define('revoke-later', async () => {
      calls++;
      if (calls <= 21) throw new Error('status list unavailable');
    });
    await runner.record('revoke-later', {});
    let at = LATER().getTime();
    for (let attempt = 1; attempt <= 21; attempt++, at += 6 * 60_000) assert.equal(await runner.drain(new Date(at)), 1, `attempt ${attempt} ran`);
    assert.match(log.at(-1) ?? '', /attempt 21\), will retry \(stuck/);
    assert.equal(await runner.drain(new Date(at)), 1, 'the 22nd try runs and finishes it');
    assert.equal(calls, 22);
    assert.equal(await runner.drain(new Date(at + 3_600_000)), 0);
  });

  it('refuses to record work of an unknown kind', async () => {
    await assert.rejects(jobs().record('nobody-knows', {}), /no job kind nobody-knows/);
  });
}
