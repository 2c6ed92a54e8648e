import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {evaluatePolicy, lackingSummary, type EvaluationFacts, type ReviewFact} from '../../src/vetting/policy-engine.ts';
import {parsePolicy, type PolicyRule} from '../../src/vetting/policies/document.ts';
import type {Evidence} from '../../src/vetting/evidence/types.ts';

const NOW = new Date('2026-06-01T00:00:00Z');
const DAY = 86_400_000;

function daysAgo(days: number): string {
  return new Date(NOW.getTime() - days * DAY).toISOString();
}

function review(overrides: Partial<ReviewFact> = {}): ReviewFact {
  return {id: `r-${Math.random().toString(36).slice(2)}`, credentialId: null, reviewer: 'alice', role: 'auditor', organisation: 'org-a', kind: 'full', version: '1.0.0',
    criteria: ['safe-to-run'], standing: 'accepted', createdAt: daysAgo(10), acceptedAt: daysAgo(9), ...overrides};
}

function policyOf(...rules: unknown[]) {
  return parsePolicy({name: 'p', criteria: 'safe-to-run', rules});
}

function run(rules: unknown[], facts: Partial<EvaluationFacts>) {
  return evaluatePolicy(policyOf(...rules), {version: '1.0.0', reviews: [], evidence: [], ...facts}, NOW);
}

function evidence(type: Evidence['type'], document: unknown, overrides: Partial<Evidence> = {}): Evidence {
  return {id: `e-${type}-${Math.random().toString(36).slice(2)}`, type, document, purl: 'pkg:npm/x@1.0.0', package: 'pkg:npm/x', community: null,
    submittedBy: 'admin', submittedAt: daysAgo(1), expiresAt: null, ...overrides} as Evidence;
}

const scorecard = (score: number, checks: Array<[string, number]>) => ({date: '2026-05-01', repo: {name: 'github.com/x/x'}, scorecard: {version: 'v5'}, score,
  checks: checks.map(([name, value]) => ({name, score: value, reason: 'r'}))});

describe('evaluatePolicy: reviews', () => {
  const rule = {kind: 'reviews', criterion: 'safe-to-run', min: 2, distinctOrganisations: 2};

  it('passes on two accepted reviews from two organisations and lists them', () => {
    const a = review({reviewer: 'alice', organisation: 'org-a'});
    const b = review({reviewer: 'bob', organisation: 'org-b'});
    const result = run([rule], {reviews: [a, b]});
    assert.equal(result.passed, true);
    assert.deepEqual(result.rules[0].reviews.sort(), [a.id, b.id].sort());
  });

  it('counts one reviewer once, and one organisation once', () => {
    const same = run([rule], {reviews: [review({reviewer: 'alice'}), review({reviewer: 'alice', organisation: 'org-b'})]});
    assert.equal(same.passed, false);
    assert.match(same.rules[0].reason, /1 qualifying reviewer/);
    const sameOrg = run([rule], {reviews: [review({reviewer: 'alice'}), review({reviewer: 'bob'})]});
    assert.equal(sameOrg.passed, false);
    assert.match(sameOrg.rules[0].reason, /2 organisations needed/);
    const notDistinct = run([{...rule, distinctReviewers: false, distinctOrganisations: 0}], {reviews: [review(), review()]});
    assert.equal(notDistinct.passed, true);
  });

  it('treats unaffiliated reviewers as organisations of one', () => {
    assert.equal(run([rule], {reviews: [review({reviewer: 'alice', organisation: null}), review({reviewer: 'bob', organisation: null})]}).passed, true);
  });

  it('ignores reviews that are not accepted, too junior, for other criteria, other versions or too old', () => {
    const other = review({reviewer: 'bob', organisation: 'org-b'});
    const good = review();
    assert.equal(run([rule], {reviews: [good, other]}).passed, true);
    for (const spoiled of [{standing: 'pending'}, {standing: 'disputed'}, {standing: 'retracted'}, {role: 'member'}, {role: null}, {criteria: ['other']}, {version: '0.9.0'}, {kind: 'violation'}] as Array<Partial<ReviewFact>>) {
      const result = run([rule], {reviews: [good, {...other, ...spoiled}]});
      assert.equal(result.passed, false, JSON.stringify(spoiled));
      assert.deepEqual(result.rules[0].reviews, [good.id]);
    }
    assert.equal(run([{...rule, maxAgeDays: 30}], {reviews: [good, {...other, acceptedAt: daysAgo(31)}]}).passed, false);
    assert.equal(run([{...rule, maxAgeDays: 30}], {reviews: [good, {...other, acceptedAt: daysAgo(29)}]}).passed, true);
    assert.equal(run([{...rule, minRole: 'senior-auditor'}], {reviews: [{...good, role: 'steward'}, {...other, role: 'senior-auditor'}]}).passed, true);
  });

  it('follows delta chains back to a full review, and only to one', () => {
    const full = review({version: '0.9.0'});
    const delta = review({kind: 'delta', from: '0.9.0', version: '1.0.0'});
    const oneRule = [{kind: 'reviews', criterion: 'safe-to-run', min: 1}];
    assert.equal(run(oneRule, {reviews: [full, delta]}).passed, true);
    assert.deepEqual(run(oneRule, {reviews: [full, delta]}).rules[0].reviews, [delta.id]);
    assert.equal(run(oneRule, {reviews: [delta]}).passed, false);
    const cycle = [review({kind: 'delta', from: '1.0.0', version: '0.9.0'}), delta];
    assert.equal(run(oneRule, {reviews: cycle}).passed, false);
  });

  it('property: passing never depends on review order, and adding a qualifying review never breaks a pass', () => {
    const arbitraryReview = fc.record({
      reviewer: fc.constantFrom('a1', 'b2', 'c3', 'd4'),
      organisation: fc.constantFrom('o1', 'o2', 'o3', null),
      role: fc.constantFrom('member', 'auditor', 'senior-auditor', 'steward', null),
      standing: fc.constantFrom('pending', 'accepted', 'disputed', 'retracted'),
      age: fc.integer({min: 0, max: 100}),
    }).map(({age, ...rest}) => review({...rest, acceptedAt: daysAgo(age)} as Partial<ReviewFact>));
    const ruleArb = fc.record({kind: fc.constant('reviews'), criterion: fc.constant('safe-to-run'), min: fc.integer({min: 1, max: 3}),
      distinctOrganisations: fc.integer({min: 0, max: 3}), distinctReviewers: fc.boolean(), maxAgeDays: fc.integer({min: 1, max: 100})});
    fc.assert(fc.property(ruleArb, fc.array(arbitraryReview, {maxLength: 8}), arbitraryReview, (r, reviews, extra) => {
      const forward = run([r], {reviews});
      const backward = run([r], {reviews: [...reviews].reverse()});
      assert.equal(forward.passed, backward.passed);
      const qualifying = {...extra, standing: 'accepted' as const, role: 'steward' as const, acceptedAt: daysAgo(0)};
      if (forward.passed) assert.equal(run([r], {reviews: [...reviews, qualifying]}).passed, true);
    }));
  });
});

describe('evaluatePolicy: violations', () => {
  it('fails on an accepted or pending violation covering the version, not on others', () => {
    const rule = {kind: 'no-violations'};
    assert.equal(run([rule], {reviews: []}).passed, true);
    for (const standing of ['accepted', 'pending'] as const) {
      const violation = review({kind: 'violation', standing, coversVersion: true});
      const result = run([rule], {reviews: [violation]});
      assert.equal(result.passed, false);
      assert.deepEqual(result.rules[0].reviews, [violation.id]);
    }
    for (const standing of ['disputed', 'rejected', 'retracted'] as const) assert.equal(run([rule], {reviews: [review({kind: 'violation', standing, coversVersion: true})]}).passed, true);
    assert.equal(run([rule], {reviews: [review({kind: 'violation', coversVersion: false})]}).passed, true);
  });
});

describe('evaluatePolicy: evidence', () => {
  it('scorecard: reads a named check or the aggregate, at or above the minimum', () => {
    const card = evidence('scorecard', scorecard(6.5, [['Code-Review', 8], ['Fuzzing', -1]]));
    assert.equal(run([{kind: 'scorecard', check: 'Code-Review', min: 8}], {evidence: [card]}).passed, true);
    assert.equal(run([{kind: 'scorecard', check: 'Code-Review', min: 8.5}], {evidence: [card]}).passed, false);
    assert.equal(run([{kind: 'scorecard', check: 'aggregate', min: 6.5}], {evidence: [card]}).passed, true);
    assert.equal(run([{kind: 'scorecard', check: 'aggregate', min: 7}], {evidence: [card]}).passed, false);
    assert.match(run([{kind: 'scorecard', check: 'Fuzzing', min: 0}], {evidence: [card]}).rules[0].reason, /could not score/);
    assert.match(run([{kind: 'scorecard', check: 'Pinned-Dependencies', min: 0}], {evidence: [card]}).rules[0].reason, /no "Pinned-Dependencies"/);
    assert.deepEqual(run([{kind: 'scorecard', check: 'Code-Review', min: 1}], {evidence: [card]}).rules[0].evidence, [card.id]);
    assert.match(run([{kind: 'scorecard', check: 'Code-Review', min: 1}], {}).rules[0].reason, /no scorecard evidence/);
  });

  it('uses the newest live document, skipping expired and too old ones', () => {
    const old = evidence('scorecard', scorecard(9, []), {submittedAt: daysAgo(40)});
    const fresh = evidence('scorecard', scorecard(3, []), {submittedAt: daysAgo(2)});
    const rule = {kind: 'scorecard', check: 'aggregate', min: 5};
    assert.equal(run([rule], {evidence: [old, fresh]}).passed, false);
    assert.equal(run([rule], {evidence: [old, {...fresh, expiresAt: daysAgo(1)}]}).passed, true);
    const aged = run([{...rule, maxAgeDays: 30}], {evidence: [old, {...fresh, expiresAt: daysAgo(1)}]});
    assert.equal(aged.passed, false);
    assert.match(aged.rules[0].reason, /expired or is too old/);
  });

  it('license: the expression must be satisfiable within the allowlist', () => {
    const allow = {kind: 'license', allow: ['MIT', 'Apache-2.0']};
    const cases: Array<[string, boolean]> = [['MIT', true], ['MIT OR GPL-3.0-only', true], ['MIT AND GPL-3.0-only', false], ['GPL-3.0-only', false], ['(Apache-2.0 AND MIT)', true], ['not an expression', false]];
    for (const [expression, expected] of cases) assert.equal(run([allow], {evidence: [evidence('license', {expression})]}).passed, expected, expression);
  });

  it('provenance: a subject digest must equal the submitted release digest', () => {
    const sha = 'a'.repeat(64);
    const statement = (digest: string, type = 'https://in-toto.io/Statement/v1') => ({_type: type, subject: [{name: 'x.tgz', digest: {sha256: digest}}], predicateType: 'https://slsa.dev/provenance/v1', predicate: {}});
    const rule = {kind: 'provenance', requireSubjectDigest: 'sha256'};
    assert.equal(run([rule], {evidence: [evidence('provenance', {statement: statement(sha), sha256: sha})]}).passed, true);
    assert.equal(run([rule], {evidence: [evidence('provenance', {statement: statement('b'.repeat(64)), sha256: sha})]}).passed, false);
    assert.equal(run([rule], {evidence: [evidence('provenance', {statement: statement(sha, 'https://in-toto.io/Statement/v0.1'), sha256: sha})]}).passed, false);
  });

  it('reports every rule, and passes only when all pass', () => {
    const result = run([{kind: 'no-violations'}, {kind: 'license', allow: ['MIT']}] as PolicyRule[], {evidence: [evidence('license', {expression: 'MIT'})]});
    assert.equal(result.passed, true);
    assert.deepEqual(result.rules.map((rule) => [rule.index, rule.kind, rule.passed]), [[0, 'no-violations', true], [1, 'license', true]]);
    assert.equal(result.evaluatedAt, NOW.toISOString());
    assert.equal(run([{kind: 'no-violations'}, {kind: 'license', allow: ['MIT']}], {}).passed, false);
  });
});

describe('evaluatePolicy: review origin (local, imported, any)', () => {
  const rule = {kind: 'reviews', criterion: 'safe-to-run', min: 2, distinctOrganisations: 2};
  const peer = 'https://a.example/communities/js-vet';
  const local = review({reviewer: 'alice', organisation: 'org-a', origin: 'local'});
  const imported = review({reviewer: `${peer}#bob`, organisation: peer, origin: 'imported', peer});

  it('counts a local and an imported review by default (any), the peer community as a distinct organisation', () => {
    assert.equal(run([rule], {reviews: [local, imported]}).passed, true);
    assert.equal(run([{...rule, origin: 'any'}], {reviews: [local, imported]}).passed, true);
  });

  it('counts only the origins a rule names', () => {
    const onlyLocal = run([{...rule, origin: 'local'}], {reviews: [local, imported]});
    assert.equal(onlyLocal.passed, false);
    assert.deepEqual(onlyLocal.rules[0].reviews, [local.id]);
    assert.deepEqual(run([{...rule, min: 1, distinctOrganisations: 1, origin: 'imported'}], {reviews: [local, imported]}).rules[0].reviews, [imported.id]);
    assert.equal(run([{...rule, origin: ['local', 'imported']}], {reviews: [local, imported]}).passed, true);
  });

  it('takes a review without an origin as local', () => {
    const unmarked = review({reviewer: 'carol', organisation: 'org-c'});
    assert.equal(run([{...rule, origin: 'local'}], {reviews: [local, unmarked]}).passed, true);
  });
});

describe('what a release still lacks', () => {
  it('says it in a few words per failing rule, in the policy order; nothing once every rule passes', () => {
    const rules = [{kind: 'reviews', criterion: 'safe-to-run', min: 2}, {kind: 'no-violations'}, {kind: 'license', allow: ['MIT']}, {kind: 'scorecard', check: 'Code-Review', min: 7}, {kind: 'provenance', requireSubjectDigest: 'sha256'}];
    const one = review({reviewer: 'alice'});
    const violation = review({kind: 'violation', standing: 'pending', coversVersion: true});
    const stale = evidence('scorecard', scorecard(9, [['Code-Review', 9]]), {expiresAt: daysAgo(1)});
    assert.equal(lackingSummary(run(rules, {reviews: [one, violation], evidence: [stale]})),
      '1 of 2 accepted reviews; 1 violation report covers it; licence evidence missing; Scorecard evidence out of date; provenance evidence missing');
    const low = evidence('scorecard', scorecard(9, [['Code-Review', 5]]));
    const gpl = evidence('license', {expression: 'GPL-3.0-only'});
    assert.equal(lackingSummary(run(rules.slice(2, 4), {evidence: [low, gpl]})), 'licence not allowed; Scorecard "Code-Review" below 7');
    const twoOrgs = run([{kind: 'reviews', criterion: 'safe-to-run', min: 1, distinctOrganisations: 2}], {reviews: [one]});
    assert.equal(lackingSummary(twoOrgs), 'reviews from 1 of 2 organisations');
    assert.equal(lackingSummary(run([{kind: 'reviews', criterion: 'safe-to-run', min: 1}], {reviews: [one]})), null);
    assert.equal(lackingSummary(run([{kind: 'reviews', criterion: 'safe-to-run', min: 1}], {})), '0 of 1 accepted review');
  });
});
