import {describe, it} from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {computeReputation, type EndorsementEdge, type ReputationInput} from '../../src/vetting/reputation.ts';

const HANDLES = ['ann', 'bob', 'cat', 'dan', 'eve', 'fay', 'gus', 'hal'];
const ORGS = ['org-a', 'org-b', null] as const;

const graphs = fc.record({
  seeds: fc.subarray(HANDLES.slice(0, 3), {minLength: 1}),
  edges: fc.array(fc.record({from: fc.constantFrom(...HANDLES), to: fc.constantFrom(...HANDLES), weight: fc.integer({min: 1, max: 3})}), {maxLength: 30}),
  orgs: fc.dictionary(fc.constantFrom(...HANDLES), fc.constantFrom(...ORGS)),
});

type Graph = {seeds: string[]; edges: EndorsementEdge[]; orgs: Partial<Record<string, string | null>>};

function input(graph: Graph, edges: EndorsementEdge[] = graph.edges): ReputationInput {
  return {seeds: graph.seeds, edges, organisationOf: (handle) => graph.orgs[handle] ?? null};
}

function sum(scores: Map<string, number>, handles?: string[]): number {
  return [...scores].filter(([handle]) => !handles || handles.includes(handle)).reduce((total, [, score]) => total + score, 0);
}

/** Accounts a path of counted edges leads to from a steward. */
function reachable(graph: Graph): Set<string> {
  const org = (handle: string) => graph.orgs[handle] ?? null;
  const counted = graph.edges.filter(({from, to}) => from !== to && !(org(from) !== null && org(from) === org(to)));
  const seen = new Set(graph.seeds);
  for (let changed = true; changed;) {
    changed = false;
    for (const {from, to} of counted) if (seen.has(from) && !seen.has(to)) { seen.add(to); changed = true; }
  }
  return seen;
}

describe('reputation (personalised PageRank from the stewards)', () => {
  it('sums to 1, never negative, and gives nothing to accounts the stewards cannot reach', () => {
    fc.assert(fc.property(graphs, (graph) => {
      const scores = computeReputation(input(graph));
      assert.ok(Math.abs(sum(scores) - 1) < 1e-9, `sum ${sum(scores)}`);
      const reached = reachable(graph);
      for (const [handle, score] of scores) {
        assert.ok(score >= 0);
        if (!reached.has(handle)) assert.equal(score, 0, `${handle} is unreachable but scores ${score}`);
        else assert.ok(score > 0, `${handle} is reachable but scores 0`);
      }
      assert.ok(Math.abs(sum(scores, [...reached]) - 1) < 1e-9);
    }));
  });

  it('is deterministic: the order edges arrive in does not matter', () => {
    fc.assert(fc.property(graphs, fc.infiniteStream(fc.double({min: 0, max: 1, noNaN: true})), (graph, randoms) => {
      const shuffled = graph.edges.map((edge) => ({edge, key: randoms.next().value})).sort((a, b) => a.key - b.key).map(({edge}) => edge);
      assert.deepEqual(computeReputation(input(graph, shuffled)), computeReputation(input(graph)));
    }));
  });

  it('gives nothing for endorsements between members of the same organisation', () => {
    fc.assert(fc.property(graphs, fc.array(fc.tuple(fc.constantFrom(...HANDLES), fc.constantFrom(...HANDLES)), {minLength: 1, maxLength: 10}), (graph, pairs) => {
      const orgs = {...graph.orgs};
      const colleagues: EndorsementEdge[] = [];
      for (const [from, to] of pairs) {
        if (from === to) continue;
        // Put both in org-a unless one is already elsewhere; only truly same-organisation pairs are added.
        if ((orgs[from] ?? 'org-a') !== 'org-a' || (orgs[to] ?? 'org-a') !== 'org-a') continue;
        orgs[from] = 'org-a';
        orgs[to] = 'org-a';
        colleagues.push({from, to, weight: 5});
      }
      const withOrgs = {...graph, orgs};
      const before = computeReputation(input(withOrgs));
      const after = computeReputation(input(withOrgs, [...graph.edges, ...colleagues]));
      for (const [handle, score] of after) assert.ok(Math.abs(score - (before.get(handle) ?? 0)) < 1e-9, `${handle}: ${before.get(handle)} → ${score}`);
    }));
  });

  it('gains two outsiders nothing from a ring between them, and something from the same number of steward endorsements', () => {
    fc.assert(fc.property(graphs, fc.integer({min: 1, max: 5}), (graph, k) => {
      const [x, y] = ['outsider-x', 'outsider-y'];
      const steward = graph.seeds[0];
      const ring = Array.from({length: k}, () => [{from: x, to: y}, {from: y, to: x}]).flat();
      const fromSteward = Array.from({length: k}, () => [{from: steward, to: x}, {from: steward, to: y}]).flat();
      const ringed = computeReputation(input(graph, [...graph.edges, ...ring]));
      const endorsed = computeReputation(input(graph, [...graph.edges, ...fromSteward]));
      assert.equal(sum(ringed, [x, y]), 0);
      assert.ok(sum(endorsed, [x, y]) > 0);
    }));
  });

  it('damps reciprocal rings: two endorsed reviewers gain less from vetting each other than without the discount', () => {
    fc.assert(fc.property(graphs, fc.integer({min: 1, max: 5}), (graph, k) => {
      const [x, y] = ['outsider-x', 'outsider-y'];
      const base = [...graph.edges, {from: graph.seeds[0], to: x}, {from: graph.seeds[0], to: y}];
      const ring = Array.from({length: k}, () => [{from: x, to: y}, {from: y, to: x}]).flat();
      const damped = computeReputation(input(graph, [...base, ...ring]));
      const undamped = computeReputation(input(graph, [...base, ...ring]), {reciprocity: 0});
      const none = computeReputation(input(graph, base));
      assert.ok(sum(damped, [x, y]) < sum(undamped, [x, y]));
      assert.ok(sum(damped, [x, y]) - sum(none, [x, y]) < sum(undamped, [x, y]) - sum(none, [x, y]));
    }));
  });

  it('ranks a reviewer endorsed by a steward above one endorsed only by an auditor', () => {
    const scores = computeReputation({
      seeds: ['steward'],
      edges: [{from: 'steward', to: 'auditor'}, {from: 'steward', to: 'alice'}, {from: 'steward', to: 'alice'}, {from: 'auditor', to: 'bob'}],
    });
    assert.ok((scores.get('alice') ?? 0) > (scores.get('auditor') ?? 0));
    assert.ok((scores.get('auditor') ?? 0) > (scores.get('bob') ?? 0));
    assert.ok((scores.get('bob') ?? 0) > 0);
  });

  it('scores everyone 0 without stewards, and ignores self-endorsement', () => {
    const none = computeReputation({seeds: [], edges: [{from: 'a', to: 'b'}]});
    assert.deepEqual([...none.values()], [0, 0]);
    const selfish = computeReputation({seeds: ['s'], edges: [{from: 's', to: 'a'}, {from: 'a', to: 'a', weight: 100}]});
    const plain = computeReputation({seeds: ['s'], edges: [{from: 's', to: 'a'}]});
    assert.deepEqual(selfish, plain);
  });
});
