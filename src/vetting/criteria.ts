import {DuplicateKeyError, type Collection, type Document, type Store} from '../store/port.ts';
import {HallmarkError, invalidInput} from '../errors.ts';
import type {CommunityService} from './communities.ts';
import type {Actor, Criterion} from './model.ts';
import {authorize} from '../authz/index.ts';

export interface CriterionInput {
  name: string;
  description: string;
  implies?: string[];
}

interface CriterionRecord extends Document, Criterion {
  /** `${community}:${name}` */
  id: string;
}

/** cargo-vet's built-ins, present in every community. */
const BUILT_INS: ReadonlyArray<Omit<Criterion, 'community'>> = [
  {name: 'safe-to-run', description: 'Running the package (its tests, its build scripts, a local tool) does not harm the machine it runs on.', implies: []},
  {name: 'safe-to-deploy', description: 'The package is safe to ship in a product exposed to untrusted input: it has no known vulnerabilities or hidden behaviour.', implies: ['safe-to-run']},
];

/**
 * Criteria a review can certify. A criterion is immutable once defined (a
 * review's meaning must not change under it) and may only imply criteria that
 * already exist, so the implication graph cannot gain a cycle.
 */
export class CriteriaService {
  readonly #criteria: Collection<CriterionRecord>;
  readonly #communities: CommunityService;

  private constructor(criteria: Collection<CriterionRecord>, communities: CommunityService) {
    this.#criteria = criteria;
    this.#communities = communities;
  }

  static async open(store: Store, communities: CommunityService): Promise<CriteriaService> {
    return new CriteriaService(await store.collection<CriterionRecord>({name: 'vetting_criteria', indexes: [{fields: ['community']}]}), communities);
  }

  async list(community: string): Promise<Criterion[]> {
    await this.#communities.get(community);
    const custom = (await this.#criteria.find({community})).map(({doc: {id: _id, ...criterion}}) => criterion);
    return [...BUILT_INS.map((builtIn) => ({community, ...builtIn, implies: [...builtIn.implies]})), ...custom.sort((a, b) => a.name.localeCompare(b.name))];
  }

  /** Stewards (or the admin) define criteria. */
  async define(actor: Actor, community: string, input: CriterionInput): Promise<Criterion> {
    await this.#communities.get(community);
    authorize(actor, 'criteria.define', {community});
    const known = new Map((await this.list(community)).map((criterion) => [criterion.name, criterion]));
    if (known.has(input.name)) throw new HallmarkError('conflict', `community "${community}" already has a criterion "${input.name}"`, [{field: '/name', problem: 'is taken'}]);
    const implies = [...new Set(input.implies ?? [])];
    implies.forEach((name, index) => {
      if (name === input.name) throw invalidInput('a criterion cannot imply itself', [{field: `/implies/${index}`, problem: 'names the criterion being defined (a cycle)'}]);
      if (!known.has(name)) throw invalidInput(`unknown criterion "${name}" in implies`, [{field: `/implies/${index}`, problem: `must name an existing criterion of "${community}": ${[...known.keys()].join(', ')}`}]);
    });
    const criterion: Criterion = {community, name: input.name, description: input.description, implies};
    try {
      await this.#criteria.insert({id: `${community}:${input.name}`, ...criterion});
    } catch (error) {
      if (error instanceof DuplicateKeyError) throw new HallmarkError('conflict', `community "${community}" already has a criterion "${input.name}"`, [{field: '/name', problem: 'is taken'}]);
      throw error;
    }
    return criterion;
  }

  /** Refuses names the community does not define; `field` points at the list in the request. */
  async assertKnown(community: string, names: string[], field = '/criteria'): Promise<void> {
    const known = new Set((await this.list(community)).map(({name}) => name));
    names.forEach((name, index) => {
      if (!known.has(name)) throw invalidInput(`unknown criterion "${name}" for community "${community}"`, [{field: `${field}/${index}`, problem: `must be one of ${[...known].join(', ')}`}]);
    });
  }

  /** The criteria `names` certify, directly or by implication. */
  async closure(community: string, names: string[]): Promise<string[]> {
    return implicationClosure(await this.list(community), names);
  }
}

/** Walks `implies` breadth-first; a visited set makes it terminate even on a (refused, but defensive) cycle. */
export function implicationClosure(criteria: Criterion[], names: string[]): string[] {
  const byName = new Map(criteria.map((criterion) => [criterion.name, criterion]));
  const seen = new Set<string>();
  const pending = [...names];
  while (pending.length > 0) {
    const name = pending.shift() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    pending.push(...(byName.get(name)?.implies ?? []));
  }
  return [...seen].sort();
}
