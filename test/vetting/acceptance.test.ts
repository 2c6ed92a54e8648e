import {test} from 'node:test';
import assert from 'node:assert/strict';
import {explainStanding, liveStanding, type Voter} from '../../src/vetting/acceptance.ts';
import {implicationClosure} from '../../src/vetting/criteria.ts';
import {DEFAULT_ACCEPTANCE, type Standing, type Vetting} from '../../src/vetting/model.ts';

function vetting(by: string, verdict: Vetting['verdict'], resolved?: Vetting['resolved']): Vetting {
  return {id: `${by}-${verdict}`, review: 'r', reviewDigest: 'd', by, verdict, comment: '', at: '2026-01-01T00:00:00Z', ...(resolved ? {resolved} : {})};
}

const reviewer = {handle: 'alice', role: 'auditor' as const, organisation: 'org-a'};
const voters = new Map<string, Voter>([
  ['anna', {role: 'steward', organisation: 'org-a'}],
  ['bob', {role: 'auditor', organisation: 'org-b'}],
  ['sam', {role: 'senior-auditor', organisation: 'org-b'}],
  ['solo', {role: 'senior-auditor', organisation: null}],
  ['gone', {role: null, organisation: 'org-b'}],
]);

test('the default rule: one senior endorsement from another organisation, no open dispute', () => {
  assert.equal(liveStanding(reviewer, [], voters, DEFAULT_ACCEPTANCE), 'pending');
  assert.equal(liveStanding(reviewer, [vetting('anna', 'endorse')], voters, DEFAULT_ACCEPTANCE), 'pending');
  assert.equal(liveStanding(reviewer, [vetting('bob', 'endorse')], voters, DEFAULT_ACCEPTANCE), 'pending');
  assert.equal(liveStanding(reviewer, [vetting('gone', 'endorse')], voters, DEFAULT_ACCEPTANCE), 'pending');
  assert.equal(liveStanding(reviewer, [vetting('sam', 'endorse')], voters, DEFAULT_ACCEPTANCE), 'accepted');
  assert.equal(liveStanding(reviewer, [vetting('solo', 'endorse')], voters, DEFAULT_ACCEPTANCE), 'accepted');
  assert.equal(liveStanding(reviewer, [vetting('sam', 'endorse'), vetting('bob', 'dispute')], voters, DEFAULT_ACCEPTANCE), 'disputed');
  const dismissed = vetting('bob', 'dispute', {by: 'anna', outcome: 'dismissed', at: '2026-01-02T00:00:00Z'});
  assert.equal(liveStanding(reviewer, [vetting('sam', 'endorse'), dismissed], voters, DEFAULT_ACCEPTANCE), 'accepted');
});

test('custom rules count distinct qualifying endorsers', () => {
  const two = {endorsements: 2, minRole: 'auditor' as const, otherOrganisation: false};
  assert.equal(liveStanding(reviewer, [vetting('anna', 'endorse'), vetting('bob', 'endorse')], voters, two), 'accepted');
  assert.equal(liveStanding(reviewer, [vetting('bob', 'endorse'), vetting('alice', 'endorse')], voters, two), 'pending');
  assert.equal(liveStanding(reviewer, [], voters, {...two, endorsements: 0}), 'accepted');
});

test('criteria closure follows implies transitively and terminates on cycles', () => {
  const criteria = [
    {community: 'c', name: 'safe-to-run', description: '', implies: []},
    {community: 'c', name: 'safe-to-deploy', description: '', implies: ['safe-to-run']},
    {community: 'c', name: 'audited', description: '', implies: ['safe-to-deploy']},
    {community: 'c', name: 'loop-a', description: '', implies: ['loop-b']},
    {community: 'c', name: 'loop-b', description: '', implies: ['loop-a']},
  ];
  assert.deepEqual(implicationClosure(criteria, ['audited']), ['audited', 'safe-to-deploy', 'safe-to-run']);
  assert.deepEqual(implicationClosure(criteria, ['loop-a']), ['loop-a', 'loop-b']);
});

test('why a review stands where it does, in words, from the same tally as the rule', () => {
  const explain = (vettings: Vetting[], rule = DEFAULT_ACCEPTANCE, standing: Standing = liveStanding(reviewer, vettings, voters, rule)) => explainStanding(standing, reviewer, vettings, voters, rule);
  assert.equal(explain([]), 'needs an endorsement from a senior auditor (or above) of another organisation');
  assert.equal(explain([vetting('anna', 'endorse'), vetting('bob', 'endorse')]),
    "needs an endorsement from a senior auditor (or above) of another organisation; anna's endorsement does not count (of the reviewer's own organisation); bob's endorsement does not count (an auditor, not a senior auditor or above)");
  assert.equal(explain([vetting('gone', 'endorse')]), "needs an endorsement from a senior auditor (or above) of another organisation; gone's endorsement does not count (no role now, not a senior auditor or above)");
  assert.equal(explain([vetting('sam', 'endorse')]), 'accepted: endorsed by sam');
  assert.equal(explain([vetting('sam', 'endorse'), vetting('bob', 'dispute')]), 'held by a dispute from bob until a steward of the community resolves it');
  const three = {endorsements: 3, minRole: 'auditor' as const, otherOrganisation: false};
  assert.equal(explain([vetting('bob', 'endorse')], three), 'needs 2 more endorsements from auditors (or above) other than the reviewer');
  assert.equal(explain([vetting('bob', 'endorse'), vetting('sam', 'endorse')], three), 'needs one more endorsement from an auditor (or above) other than the reviewer');
  assert.equal(explain([], {endorsements: 1, minRole: 'steward', otherOrganisation: true}), 'needs an endorsement from a steward of another organisation');
  assert.equal(explain([], {...three, endorsements: 0}), 'accepted on submission: this community needs no endorsement');
  assert.equal(explain([], DEFAULT_ACCEPTANCE, 'retracted'), 'withdrawn by the reviewer; it no longer counts');
  // Without an organisation of their own, any other person qualifies by role alone.
  assert.equal(explainStanding('pending', {...reviewer, organisation: null}, [], voters, DEFAULT_ACCEPTANCE), 'needs an endorsement from a senior auditor (or above) other than the reviewer');
});
