import {test} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {REVIEW_SCALES, scalesMarkdown} from '../../src/vetting/review-scales.ts';
import {startHallmark} from '../helpers/hallmark.ts';
import {REVIEW, vettingCast} from '../helpers/vetting.ts';

test('the stewards\' and auditors\' guide explains the review scales in the very words the API uses', () => {
  const guide = readFileSync(new URL('../../docs/stewards-and-auditors.md', import.meta.url), 'utf8');
  assert.ok(guide.includes(scalesMarkdown()), 'docs/stewards-and-auditors.md carries scalesMarkdown() verbatim; paste it again after changing src/vetting/review-scales.ts');
});

test('a review with a wrong scale value is refused with every allowed value and its meaning; the scales are served', async () => {
  const t = await startHallmark();
  try {
    const cast = await vettingCast(t);
    const response = await t.http.post('/api/v1/communities/npm-vet/reviews').set(cast.alice).send({...REVIEW, thoroughness: 'total', rating: undefined});
    assert.equal(response.status, 400);
    const problems = new Map<string, string>(response.body.error.problems.map((problem: {field: string; problem: string}) => [problem.field, problem.problem]));
    assert.equal(problems.get('/thoroughness'), 'must be one of: none (did not read the code: judged from its documentation, tests or reputation), low (skimmed the code and read the parts that looked risky), medium (read most of the code, and every part that touches files, the network, processes or dynamic code), high (read every line of the release, build and install scripts and bundled files included)');
    assert.match(problems.get('/rating') ?? '', /^is required and must be one of: negative \(does not meet the criteria: do not rely on it\), neutral/);
    assert.equal((await t.hallmark.services.vetting.reviews.reviewsInCommunity('npm-vet')).length, 0);
    const scales = await t.http.get('/api/v1/review-scales');
    assert.deepEqual(scales.body.scales, JSON.parse(JSON.stringify(REVIEW_SCALES)));
  } finally {
    await t.close();
  }
});
