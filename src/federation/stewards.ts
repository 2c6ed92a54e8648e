/**
 * What a community's stewards do about federation: follow another
 * community's actor, see who follows them and answer follow requests, and
 * see what they received. Authorization is decided here, on the Actor; the
 * talking to other servers is the federation core's (loaded on first use).
 */
import {randomUUID} from 'node:crypto';
import {notFound, invalidInput} from '../errors.ts';
import type {Actor} from '../vetting/model.ts';
import {authorize} from '../authz/index.ts';
import type {FollowRecords, Follower, Following} from './follows.ts';
import type {ReceivedCredential, ReceivedCredentials} from './received.ts';
import type {RemoteActor} from './remote-actors.ts';

/** The parts of the federation core following and answering need. */
export interface FollowMessaging {
  actorUri(community: string): string;
  resolveActor(reference: string): Promise<RemoteActor>;
  sendFollow(community: string, remote: RemoteActor, followId: string): Promise<void>;
  sendAnswer(community: string, follower: Follower, decision: 'accept' | 'reject'): Promise<void>;
}

export interface StewardDependencies {
  follows: FollowRecords;
  received: ReceivedCredentials;
  messaging: () => Promise<FollowMessaging>;
  communities: {get(slug: string): Promise<unknown>};
}

export class StewardService {
  readonly #deps: StewardDependencies;

  constructor(deps: StewardDependencies) {
    this.#deps = deps;
  }

  async #steward(actor: Actor, community: string): Promise<void> {
    await this.#deps.communities.get(community);
    authorize(actor, 'federation.community', {community});
  }

  /** Follows another actor from `community` (a steward only, or the admin); answers with the pending follow. */
  async follow(actor: Actor, community: string, target: string): Promise<Following> {
    await this.#steward(actor, community);
    return this.followAs(community, target);
  }

  /** Follows without asking who acts (imports call it after their own check). */
  async followAs(community: string, target: string): Promise<Following> {
    const messaging = await this.#deps.messaging();
    const remote = await messaging.resolveActor(target);
    const me = messaging.actorUri(community);
    if (remote.id === me) throw invalidInput('a community cannot follow itself', [{field: '/actor', problem: 'names this community'}]);
    const record = await this.#deps.follows.startFollowing(community, remote.id, `${me}/follows/${randomUUID()}`);
    if (record.state !== 'accepted') await messaging.sendFollow(community, remote, record.followId);
    return record;
  }

  async following(actor: Actor, community: string): Promise<Following[]> {
    await this.#steward(actor, community);
    return this.#deps.follows.following(community);
  }

  async followers(actor: Actor, community: string): Promise<Follower[]> {
    await this.#steward(actor, community);
    return this.#deps.follows.followers(community);
  }

  async decide(actor: Actor, community: string, followerId: string, decision: 'accept' | 'reject'): Promise<Follower> {
    await this.#steward(actor, community);
    return this.answer(community, followerId, decision);
  }

  /** Records the answer to a follow request, then sends Accept or Reject. */
  async answer(community: string, followerId: string, decision: 'accept' | 'reject'): Promise<Follower> {
    const follower = await this.#deps.follows.follower(community, followerId);
    if (follower === null) throw notFound(`community "${community}" has no follower ${followerId.slice(0, 80)}`);
    const updated = await this.#deps.follows.decideFollower(follower.id, decision === 'accept' ? 'accepted' : 'rejected');
    if (updated === null) throw notFound(`community "${community}" has no follower ${followerId.slice(0, 80)}`);
    await (await this.#deps.messaging()).sendAnswer(community, updated, decision);
    return updated;
  }

  async received(actor: Actor, community: string): Promise<ReceivedCredential[]> {
    await this.#steward(actor, community);
    const all: ReceivedCredential[] = [];
    for (const followed of await this.#deps.follows.following(community)) all.push(...await this.#deps.received.fromActor(followed.actor));
    return all.sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  }
}
