import type {Handle} from './model.ts';

/**
 * Reviewer reputation: a personalised PageRank over vetting endorsements,
 * seeded at the community's stewards. Pure and deterministic. The score only
 * ranks reviewers; roles decide what counts toward policies.
 *
 * An edge endorser → reviewer carries one unit of weight per accepted
 * endorsement (an `endorse` vetting of one of the reviewer's reviews). Rank
 * flows from the stewards along these edges, so credit needs a path from
 * someone the community trusts: accounts that only endorse each other gain
 * nothing, however many they are (the usual defence against Sybil rings).
 */
export interface EndorsementEdge {
  from: Handle;
  to: Handle;
  /** Defaults to 1; repeated edges add up. */
  weight?: number;
}

export interface ReputationInput {
  /** The stewards: the personalisation vector is uniform over them. */
  seeds: readonly Handle[];
  edges: readonly EndorsementEdge[];
  /** A person's organisation (an organisation account's handle); absent or null for none. */
  organisationOf?: (handle: Handle) => Handle | null | undefined;
}

export interface ReputationOptions {
  /** Probability of following an edge rather than returning to the stewards (0.85). */
  damping?: number;
  /** Stop when the L1 change of one iteration falls below this (1e-12). */
  tolerance?: number;
  maxIterations?: number;
  /** How strongly reciprocated weight is discounted, 0 (not at all) to 1 (default). */
  reciprocity?: number;
}

export const DEFAULT_DAMPING = 0.85;

/**
 * Scores for every account named in the input (stewards and both ends of
 * every edge), summing to 1; accounts the stewards cannot reach score 0.
 * Without stewards there is nobody to trust first, and everyone scores 0.
 */
export function computeReputation(input: ReputationInput, options: ReputationOptions = {}): Map<Handle, number> {
  const damping = options.damping ?? DEFAULT_DAMPING;
  const tolerance = options.tolerance ?? 1e-12;
  const maxIterations = options.maxIterations ?? 1000;
  const reciprocity = options.reciprocity ?? 1;
  const nodes = [...new Set([...input.seeds, ...input.edges.flatMap((edge) => [edge.from, edge.to])])].sort();
  const index = new Map(nodes.map((node, position) => [node, position]));
  const scores = new Map(nodes.map((node) => [node, 0]));
  const seeds = [...new Set(input.seeds)].sort().map((seed) => index.get(seed) as number);
  if (seeds.length === 0) return scores;

  const weights = countedWeights(input);
  const outgoing = nodes.map(() => [] as Array<{to: number; share: number}>);
  for (const [from, targets] of [...weights].sort(([a], [b]) => a.localeCompare(b))) {
    const total = [...targets.values()].reduce((sum, weight) => sum + weight, 0);
    for (const [to, weight] of [...targets].sort(([a], [b]) => a.localeCompare(b))) {
      // Reciprocal vetting rings: the edge A→B keeps the part of its weight
      // not answered by B→A. Its share of the pair's weight, w(A→B)/(w(A→B)+w(B→A)),
      // scales it: one-sided endorsement keeps all, an even exchange keeps
      // half (at reciprocity 1). Mutual vetting between two honest senior
      // auditors still counts, but two accounts cannot pump rank back and forth;
      // the discounted part goes back to the stewards, not to other edges of A,
      // so a ring does not inflate A's other endorsements either.
      const back = weights.get(to)?.get(from) ?? 0;
      const kept = 1 - reciprocity * (back / (weight + back));
      outgoing[index.get(from) as number].push({to: index.get(to) as number, share: (weight * kept) / total});
    }
  }

  const restart = new Float64Array(nodes.length);
  for (const seed of seeds) restart[seed] = 1 / seeds.length;
  let current = Float64Array.from(restart);
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const next = new Float64Array(nodes.length);
    let returning = 1 - damping;
    for (let node = 0; node < nodes.length; node++) {
      const mass = current[node];
      if (mass === 0) continue;
      let passed = 0;
      for (const {to, share} of outgoing[node]) {
        next[to] += damping * mass * share;
        passed += share;
      }
      // Dangling accounts and discounted weight hand their rank back to the stewards, so nothing leaks.
      returning += damping * mass * (1 - passed);
    }
    for (const seed of seeds) next[seed] += returning / seeds.length;
    let change = 0;
    for (let node = 0; node < nodes.length; node++) change += Math.abs(next[node] - current[node]);
    current = next;
    if (change < tolerance) break;
  }
  nodes.forEach((node, position) => scores.set(node, current[position]));
  return scores;
}

/** Edge weights with self-endorsements and same-organisation endorsements removed. */
function countedWeights(input: ReputationInput): Map<Handle, Map<Handle, number>> {
  const organisationOf = (handle: Handle) => input.organisationOf?.(handle) ?? null;
  const weights = new Map<Handle, Map<Handle, number>>();
  for (const {from, to, weight = 1} of input.edges) {
    if (from === to || !(weight > 0) || !Number.isFinite(weight)) continue;
    if (sameOrganisation(from, to, organisationOf)) continue;
    const targets = weights.get(from) ?? new Map<Handle, number>();
    targets.set(to, (targets.get(to) ?? 0) + weight);
    weights.set(from, targets);
  }
  return weights;
}

/** Colleagues, or a person and their own organisation's account. */
function sameOrganisation(a: Handle, b: Handle, organisationOf: (handle: Handle) => Handle | null): boolean {
  const orgA = organisationOf(a);
  const orgB = organisationOf(b);
  return (orgA !== null && (orgA === orgB || orgA === b)) || (orgB !== null && orgB === a);
}
