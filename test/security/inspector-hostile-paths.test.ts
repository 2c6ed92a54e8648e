import {after, before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {startHallmark, type TestHallmark} from '../helpers/hallmark.ts';

/** A README is written by strangers: a badge-shaped image URL with broken percent-encoding is a finding, not a 500. */
describe('inspector: malformed percent-encoding in badge-shaped image URLs', () => {
  let t: TestHallmark;
  before(async () => {
    t = await startHallmark();
  });
  after(() => t.close());

  const readme = '<p><a href="https://example.invalid/x"><img src="https://example.invalid/badges/%ZZ.svg"></a> <img src="https://example.invalid/badges/%E0%A4%A.svg"></p>';

  it('the API answers 200 and reports the badges', async () => {
    const response = await t.http.post('/api/v1/verify').send({text: readme});
    assert.equal(response.status, 200, JSON.stringify(response.body));
    assert.ok(response.body.suspicious.some((finding: {reason: string}) => finding.reason.includes('%E0%A4%A')), JSON.stringify(response.body));
  });

  it('the /verify form answers 200', async () => {
    const response = await t.http.post('/verify').field('text', readme);
    assert.equal(response.status, 200);
  });
});

/** The verify API is public: its refusals must not turn it into a resolver of our internal names. */
describe('inspector: refusals do not disclose what internal names resolve to', () => {
  let t: TestHallmark;
  before(async () => {
    t = await startHallmark();
  });
  after(() => t.close());

  it('a refused address given directly is a 400 without the address it resolved to', async () => {
    const response = await t.http.post('/api/v1/verify').send({url: 'http://localhost:9/badge.json'});
    assert.equal(response.status, 400);
    assert.doesNotMatch(JSON.stringify(response.body), /127\.0\.0\.1|::1|loopback/);
    assert.match(response.body.error.message, /does not resolve to a public address/);
  });

  it('a refused link found in a document is a finding without the address it resolved to', async () => {
    const response = await t.http.post('/api/v1/verify').send({text: '[my badge](http://localhost:9/credential.json)'});
    assert.equal(response.status, 200);
    const text = JSON.stringify(response.body.problems);
    assert.match(text, /localhost:9/);
    assert.doesNotMatch(text, /127\.0\.0\.1|::1|loopback/);
  });
});
