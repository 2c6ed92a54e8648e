import {test} from 'node:test';
import assert from 'node:assert/strict';
import {VettingEvents, type VettingEvent} from '../../src/vetting/events.ts';

const event: VettingEvent = {type: 'evidence-changed', community: null, purl: 'pkg:npm/left-pad@1.3.0'};

test('emit awaits every handler before it resolves', async () => {
  const events = new VettingEvents();
  const seen: string[] = [];
  events.on(async (e) => {
    await new Promise((resolve) => setTimeout(resolve, 5));
    seen.push(`a:${e.type}`);
  });
  events.on(async (e) => {
    seen.push(`b:${e.type}`);
  });
  await events.emit(event);
  assert.deepEqual(seen, ['a:evidence-changed', 'b:evidence-changed']);
});

test('a failing handler is reported, not thrown, and later handlers still run', async () => {
  const failures: unknown[] = [];
  const events = new VettingEvents((error) => failures.push(error));
  let ran = false;
  events.on(async () => {
    throw new Error('boom');
  });
  events.on(async () => {
    ran = true;
  });
  await events.emit(event);
  assert.equal(ran, true);
  assert.equal(failures.length, 1);
});
