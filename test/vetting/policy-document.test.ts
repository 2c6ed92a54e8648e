import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {HallmarkError} from '../../src/errors.ts';
import {criteriaNamed, parsePolicy, policyDigest, MAX_POLICY_BYTES} from '../../src/vetting/policies/document.ts';
import {narrative, policyAchievement} from '../../src/vetting/policies/achievement.ts';
import {officialAchievementProblems} from '../../src/credentials/schemas.ts';

export const POLICY_YAML = `
name: vetted
title: Vetted release
criteria: safe-to-deploy
rules:
  - kind: reviews
    criterion: safe-to-deploy
    min: 2
    distinctOrganisations: 2
    maxAgeDays: 365
  - kind: no-violations
  - kind: scorecard
    check: Code-Review
    min: 7
  - kind: license
    allow: [MIT, Apache-2.0]
  - kind: provenance
    requireSubjectDigest: sha256
`;

function problemsOf(fn: () => unknown): {kind: string; fields: string[]; text: string} {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof HallmarkError, String(error));
    return {kind: error.kind, fields: error.problems.map((problem) => problem.field), text: error.problems.map((problem) => problem.problem).join(' | ')};
  }
  assert.fail('expected a refusal');
}

describe('policy documents', () => {
  it('reads YAML and JSON to the same normalised policy and digest', () => {
    const fromYaml = parsePolicy(POLICY_YAML, 'yaml');
    const fromJson = parsePolicy(JSON.stringify(fromYaml));
    assert.deepEqual(fromJson, fromYaml);
    assert.equal(policyDigest(fromJson), policyDigest(fromYaml));
    const reviews = fromYaml.rules[0];
    assert.equal(reviews.kind, 'reviews');
    if (reviews.kind === 'reviews') {
      assert.equal(reviews.minRole, 'auditor');
      assert.equal(reviews.distinctReviewers, true);
    }
    assert.match(policyDigest(fromYaml), /^sha256-[A-Za-z0-9_-]{43}$/);
  });

  it('gives a different digest to a different meaning, the same to reordered keys', () => {
    const base = parsePolicy(POLICY_YAML, 'yaml');
    const reordered = parsePolicy(JSON.stringify({rules: base.rules, criteria: base.criteria, title: base.title, name: base.name}));
    assert.equal(policyDigest(reordered), policyDigest(base));
    const changed = parsePolicy(POLICY_YAML.replace('min: 7', 'min: 8'), 'yaml');
    assert.notEqual(policyDigest(changed), policyDigest(base));
  });

  it('names the field that breaks the schema', () => {
    const refused = problemsOf(() => parsePolicy({name: 'x1', criteria: 'safe-to-run', rules: [{kind: 'scorecard', check: 'Code-Review', min: 11}]}));
    assert.equal(refused.kind, 'invalid-input');
    assert.ok(refused.fields.includes('/rules/0/min'), refused.fields.join());
    const unknownRule = problemsOf(() => parsePolicy({name: 'x1', criteria: 'safe-to-run', rules: [{kind: 'vibes'}]}));
    assert.ok(unknownRule.fields.includes('/rules/0/kind'));
    const extra = problemsOf(() => parsePolicy({name: 'x1', criteria: 'safe-to-run', rules: [{kind: 'no-violations', strict: false}]}));
    assert.ok(extra.fields.includes('/rules/0/strict'));
    const missing = problemsOf(() => parsePolicy({name: 'x1', rules: [{kind: 'no-violations'}]}));
    assert.ok(missing.fields.includes('/criteria'));
  });

  it('refuses licences that are not SPDX identifiers', () => {
    const refused = problemsOf(() => parsePolicy({name: 'x1', criteria: 'safe-to-run', rules: [{kind: 'license', allow: ['MIT', 'Totally-Free-1.0']}]}));
    assert.deepEqual(refused.fields, ['/rules/0/allow/1']);
  });

  it('refuses YAML alias bombs, anchors, tags, duplicate keys and multiple documents', () => {
    const bomb = `a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nname: x1\ncriteria: safe-to-run\nrules: [{kind: no-violations}]\n`;
    assert.match(problemsOf(() => parsePolicy(bomb, 'yaml')).text, /aliases are not allowed/);
    assert.match(problemsOf(() => parsePolicy('name: &n x1\ncriteria: safe-to-run\nrules: [{kind: no-violations}]\n', 'yaml')).text, /anchors are not allowed/);
    assert.match(problemsOf(() => parsePolicy('name: !!js/function x1\ncriteria: safe-to-run\nrules: [{kind: no-violations}]\n', 'yaml')).text, /tags are not allowed|Unresolved tag/);
    assert.match(problemsOf(() => parsePolicy('name: x1\nname: x2\ncriteria: safe-to-run\nrules: [{kind: no-violations}]\n', 'yaml')).text, /unique/);
    assert.match(problemsOf(() => parsePolicy('name: x1\n---\nname: x2\n', 'yaml')).text, /multiple documents/);
  });

  it('refuses oversized and broken text', () => {
    assert.equal(problemsOf(() => parsePolicy(`# ${'x'.repeat(MAX_POLICY_BYTES)}\n`, 'yaml')).kind, 'too-large');
    assert.equal(problemsOf(() => parsePolicy('{"name": ', 'json')).kind, 'invalid-input');
    assert.equal(problemsOf(() => parsePolicy('[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]', 'json')).kind, 'invalid-input');
  });

  it('lists the criteria it names for checking against the community', () => {
    assert.deepEqual(criteriaNamed(parsePolicy(POLICY_YAML, 'yaml')), [{field: '/criteria', name: 'safe-to-deploy'}, {field: '/rules/0/criterion', name: 'safe-to-deploy'}]);
  });

  it('becomes a valid OB 3.0 Achievement whose narrative states each rule', () => {
    const policy = parsePolicy(POLICY_YAML, 'yaml');
    assert.deepEqual(narrative(policy).split('\n'), [
      'A release earns this badge when all of the following hold:',
      '- Accepted reviews by at least 2 different reviewers, from at least 2 different organisations, found the release safe-to-deploy; reviewers must be auditors of the community or above, and each review must have been accepted within the last 365 days.',
      '- No accepted or pending violation report covers the release.',
      '- The release\'s OpenSSF Scorecard "Code-Review" check is at least 7 out of 10.',
      '- The release\'s SPDX licence expression can be satisfied using only these licences: MIT, Apache-2.0.',
      '- An in-toto provenance statement names the release\'s SHA-256 digest as its subject.',
    ]);
    const achievement = policyAchievement(policy, {id: 'https://h.example/communities/c/policies/vetted/versions/1', version: 1, digest: policyDigest(policy), communityName: 'C'});
    assert.deepEqual(officialAchievementProblems(achievement), []);
    assert.equal(achievement.id, 'https://h.example/communities/c/policies/vetted/versions/1');
    assert.notDeepEqual(officialAchievementProblems({...achievement, criteria: 'x'}), []);
  });

  it('words every shape of rule as a sentence: no empty phrases, no space before a comma, singular where one is meant', () => {
    const sentences = narrative(parsePolicy({name: 'p', criteria: 'safe-to-run', rules: [
      {kind: 'reviews', criterion: 'safe-to-run', min: 1, minRole: 'senior-auditor', maxAgeDays: 1},
      {kind: 'reviews', criterion: 'safe-to-run', min: 3, distinctReviewers: false},
      {kind: 'scorecard', check: 'aggregate', min: 5, maxAgeDays: 30},
      {kind: 'license', allow: ['MIT'], maxAgeDays: 90},
      {kind: 'provenance', requireSubjectDigest: 'sha256', maxAgeDays: 7},
    ]})).split('\n').slice(1);
    assert.deepEqual(sentences, [
      '- At least one accepted review found the release safe-to-run; reviewers must be senior auditors of the community or above, and each review must have been accepted within the last day.',
      '- At least 3 accepted reviews found the release safe-to-run; reviewers must be auditors of the community or above.',
      '- The release\'s overall OpenSSF Scorecard score is at least 5 out of 10, measured within the last 30 days.',
      '- The release\'s SPDX licence expression can be satisfied using only MIT, declared within the last 90 days.',
      '- An in-toto provenance statement names the release\'s SHA-256 digest as its subject, submitted within the last 7 days.',
    ]);
    for (const sentence of sentences) assert.doesNotMatch(sentence, / [,.;]|\s{2}|least accepted/);
  });

  it('says which reviews count when a rule names their origin', () => {
    const words = (origin: unknown) => narrative(parsePolicy({name: 'p', criteria: 'safe-to-run', rules: [{kind: 'reviews', criterion: 'safe-to-run', min: 2, distinctReviewers: false, origin}, {kind: 'no-violations', origin}]})).split('\n').slice(1);
    assert.deepEqual(words('local'), [
      '- At least 2 accepted reviews found the release safe-to-run; only reviews made in this community count; reviewers must be auditors of the community or above.',
      '- No accepted or pending violation report covers the release, counting only reports made in this community.',
    ]);
    assert.deepEqual(words('any')[0], '- At least 2 accepted reviews found the release safe-to-run; reviews made in this community and reviews imported from peer communities count; reviewers must be auditors of the community or above.');
    assert.deepEqual(words('cargo-vet')[0], '- At least 2 accepted reviews found the release safe-to-run; only audits imported from cargo-vet files count.');
    assert.deepEqual(words(['local', 'imported', 'cargo-vet'])[0], '- At least 2 accepted reviews found the release safe-to-run; only reviews made in this community, reviews imported from peer communities and audits imported from cargo-vet files count; reviewers must be auditors of the community or above (cargo-vet audits excepted).');
    for (const sentence of [...words('imported'), ...words(['local', 'cargo-vet'])]) assert.doesNotMatch(sentence, / [,.;]|\s{2}|only only|undefined/);
  });

  it('reads a reviews rule\'s origin as one origin, any, or a list of origins, and refuses anything else', () => {
    const rule = (origin: unknown) => ({name: 'x1', criteria: 'safe-to-run', rules: [{kind: 'reviews', criterion: 'safe-to-run', min: 1, origin}, {kind: 'no-violations', origin}]});
    for (const origin of ['any', 'local', 'imported', 'cargo-vet', ['local', 'cargo-vet'], ['cargo-vet']]) {
      assert.deepEqual((parsePolicy(rule(origin)).rules[0] as {origin: unknown}).origin, origin);
    }
    for (const origin of ['everything', [], ['any'], ['local', 'local'], 3]) {
      assert.equal(problemsOf(() => parsePolicy(rule(origin))).kind, 'invalid-input', JSON.stringify(origin));
    }
    const without = parsePolicy({name: 'x1', criteria: 'safe-to-run', rules: [{kind: 'reviews', criterion: 'safe-to-run', min: 1}]});
    assert.equal('origin' in without.rules[0], false, 'no default is written in: existing policies keep their digest');
  });
});
