import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {setTimeout as sleep} from 'node:timers/promises';
import {Sweeper} from '../../src/vetting/sweep.ts';
import {COMMUNITY, RELEASE, startPolicyFixture, type PolicyFixture} from '../helpers/policy-fixture.ts';

const DAY = 86_400_000;

/** Waits for `done`, polling; fails after 10 s rather than guessing how long a loaded machine needs. */
async function until(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!done()) {
    assert.ok(Date.now() < deadline, 'still not done after 10 s');
    await sleep(5);
  }
}

describe('Sweeper', () => {
  it('runs on its interval until stopped, never overlapping, and not at all at 0', async () => {
    let runs = 0;
    let concurrent = 0;
    let maxConcurrent = 0;
    const sweeper = new Sweeper(0.01, async () => {
      runs++;
      maxConcurrent = Math.max(maxConcurrent, ++concurrent);
      await sleep(25);
      concurrent--;
    });
    sweeper.start();
    // Runs of 25 ms every 10 ms: they would overlap if the sweeper let them. A loaded machine may be slow to get there.
    await until(() => runs >= 4);
    await sweeper.stop();
    const stoppedAt = runs;
    assert.equal(maxConcurrent, 1);
    await sleep(60);
    assert.equal(runs, stoppedAt);
    let off = 0;
    const disabled = new Sweeper(0, async () => {
      off++;
    });
    disabled.start();
    await sleep(30);
    await disabled.stop();
    assert.equal(off, 0);
  });

  it('keeps going after a failing run', async () => {
    let runs = 0;
    const original = console.error;
    console.error = () => {};
    const sweeper = new Sweeper(0.01, async () => {
      runs++;
      throw new Error('boom');
    });
    sweeper.start();
    try {
      await until(() => runs >= 3);
    } finally {
      await sweeper.stop();
      console.error = original;
    }
  });
});

describe('the sweep re-checks time-based rules', () => {
  let t: PolicyFixture;
  before(async () => {
    t = await startPolicyFixture();
  });
  after(() => t.close());

  it('suspends a badge whose reviews aged out or whose evidence expired, and leaves a fresh one alone', async () => {
    const {policies} = t.hallmark.services;
    await t.http.post(`/api/v1/communities/${COMMUNITY}/policies`).set(t.as.stew)
      .send({name: 'fresh', criteria: 'safe-to-run', rules: [{kind: 'reviews', criterion: 'safe-to-run', min: 1, maxAgeDays: 30}]}).expect(201);
    await t.http.post(`/api/v1/communities/${COMMUNITY}/policies`).set(t.as.stew)
      .send({name: 'timeless', criteria: 'safe-to-run', rules: [{kind: 'reviews', criterion: 'safe-to-run', min: 1}]}).expect(201);
    await t.http.post(`/api/v1/communities/${COMMUNITY}/policies`).set(t.as.stew)
      .send({name: 'licensed', criteria: 'safe-to-run', rules: [{kind: 'license', allow: ['MIT']}]}).expect(201);
    await t.review('alice');
    const expiresAt = new Date(Date.now() + 10 * DAY).toISOString();
    await t.http.post(`/api/v1/packages/${encodeURIComponent(RELEASE)}/evidence`).set(t.as.alice).send({type: 'license', document: {expression: 'MIT'}, expiresAt}).expect(201);
    for (const name of ['fresh', 'timeless', 'licensed']) {
      const response = await t.http.post(`/api/v1/communities/${COMMUNITY}/policies/${name}/evaluate`).set(t.as.alice).send({purl: RELEASE});
      assert.equal(response.body.badge.state, 'active', name);
    }
    const state = async () => Object.fromEntries((await policies.badges.forPackage('pkg:npm/left-pad')).map((badge) => [badge.policy, badge.state]));
    const runs = async () => (await policies.evaluations.forPackage('pkg:npm/left-pad')).filter((run) => run.policy === 'timeless').length;
    const timelessRuns = await runs();
    assert.equal(await policies.evaluations.sweep(new Date(Date.now() + DAY)), 2, 'a policy without time-based rules is not swept');
    assert.equal(await runs(), timelessRuns);
    assert.deepEqual(await state(), {fresh: 'active', timeless: 'active', licensed: 'active'});
    await policies.evaluations.sweep(new Date(Date.now() + 11 * DAY));
    assert.deepEqual(await state(), {fresh: 'active', timeless: 'active', licensed: 'suspended'});
    await policies.evaluations.sweep(new Date(Date.now() + 31 * DAY));
    assert.deepEqual(await state(), {fresh: 'suspended', timeless: 'active', licensed: 'suspended'});
    // Fresh evidence (an evidence-changed event) reinstates the licence badge at once.
    await t.http.post(`/api/v1/packages/${encodeURIComponent(RELEASE)}/evidence`).set(t.as.bob).send({type: 'license', document: {expression: 'MIT'}}).expect(201);
    assert.deepEqual(await state(), {fresh: 'active', timeless: 'active', licensed: 'active'});
  });
});
