import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {chromiumMissing} from './chromium.ts';

describe('browser tests without Chromium', () => {
  const absent = '/nonexistent/chromium';

  it('fail loudly in CI', () => {
    assert.throws(() => chromiumMissing(absent, {CI: 'true'}), /browser tests cannot run in CI: \/nonexistent\/chromium is missing/);
  });

  it('are skipped with a reason elsewhere', () => {
    assert.match(chromiumMissing(absent, {}) ?? '', /\/nonexistent\/chromium is missing/);
  });

  it('run when the browser is there', () => {
    assert.equal(chromiumMissing(process.execPath, {CI: 'true'}), null);
  });
});
