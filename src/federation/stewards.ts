/**
 * What a community's stewards do about federation: follow another
 * community's actor, see who follows them and answer follow requests, and
 * see what they received. Authorization is decided here, on the Actor.
 */
import {randomUUID} from 'node:crypto';
import {Accept, Follow, Reject} from '@fedify/vocab';
import type {Context} from '@fedify/fedify';
import {HallmarkError, invalidInput, notFound} from '../errors.ts';
import {isObject} from '../json.ts';
import {FetchError} from '../net/errors.ts';
import type {Fetcher} from '../net/fetcher.ts';
import {parseJsonResponse} from '../net/json-body.ts';
import type {Actor, Role} from '../vetting/model.ts';
import type {FollowRecords, Follower, Following} from './follows.ts';
import type {FederationLoaders} from './loaders.ts';
import type {ReceivedCredential, ReceivedCredentials} from './received.ts';

export interface StewardDependencies {
  context: () => Context<void>;
  follows: FollowRecords;
  received: ReceivedCredentials;
  loaders: FederationLoaders;
  fetcher: Fetcher;
  communities: {get(slug: string): Promise<unknown>};
  roles: {requireRole(actor: Actor, community: string, min: Role): Promise<void>};
  /** http is used for WebFinger only toward these development hosts; everyone else is asked over https. */
  isDevelopmentHost: (host: string) => boolean;
}

/** A remote actor, as far as following it needs. */
interface RemoteActor {
  id: string;
  inbox: string;
  sharedInbox: string | null;
}

export class StewardService {
  readonly #deps: StewardDependencies;

  constructor(deps: StewardDependencies) {
    this.#deps = deps;
  }

  async #steward(actor: Actor, community: string): Promise<void> {
    await this.#deps.communities.get(community);
    await this.#deps.roles.requireRole(actor, community, 'steward');
  }

  /** Follows another actor from `community` (a steward only, or the admin); answers with the pending follow. */
  async follow(actor: Actor, community: string, target: string): Promise<Following> {
    await this.#steward(actor, community);
    return this.followAs(community, target);
  }

  /** Follows without asking who acts (imports call it after their own check). Returns the follow record. */
  async followAs(community: string, target: string): Promise<Following> {
    const remote = await this.resolveActor(target);
    const ctx = this.#deps.context();
    if (remote.id === ctx.getActorUri(community).href) throw invalidInput('a community cannot follow itself', [{field: '/actor', problem: 'names this community'}]);
    const followId = new URL(`${ctx.getActorUri(community).href}/follows/${randomUUID()}`);
    const record = await this.#deps.follows.startFollowing(community, remote.id, followId.href);
    if (record.state === 'accepted') return record;
    const follow = new Follow({id: new URL(record.followId), actor: ctx.getActorUri(community), object: new URL(remote.id)});
    await ctx.sendActivity({identifier: community}, {id: new URL(remote.id), inboxId: new URL(remote.inbox), endpoints: remote.sharedInbox === null ? null : {sharedInbox: new URL(remote.sharedInbox)}}, follow);
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

  /** Sends Accept or Reject for a follow request and records the answer. */
  async answer(community: string, followerId: string, decision: 'accept' | 'reject'): Promise<Follower> {
    const follower = await this.#deps.follows.follower(community, followerId);
    if (follower === null) throw notFound(`community "${community}" has no follower ${followerId.slice(0, 80)}`);
    const updated = await this.#deps.follows.decideFollower(follower.id, decision === 'accept' ? 'accepted' : 'rejected');
    if (updated === null) throw notFound(`community "${community}" has no follower ${followerId.slice(0, 80)}`);
    const ctx = this.#deps.context();
    const me = ctx.getActorUri(community);
    const follow = new Follow({id: new URL(follower.followId), actor: new URL(follower.actor), object: me});
    const answer = decision === 'accept'
      ? new Accept({id: new URL(`${me.href}/accepts/${randomUUID()}`), actor: me, object: follow})
      : new Reject({id: new URL(`${me.href}/rejects/${randomUUID()}`), actor: me, object: follow});
    await ctx.sendActivity({identifier: community}, {id: new URL(follower.actor), inboxId: new URL(follower.inbox), endpoints: null}, answer);
    return updated;
  }

  async received(actor: Actor, community: string): Promise<ReceivedCredential[]> {
    await this.#steward(actor, community);
    const all: ReceivedCredential[] = [];
    for (const followed of await this.#deps.follows.following(community)) all.push(...await this.#deps.received.fromActor(followed.actor));
    return all.sort((a, b) => b.receivedAt.localeCompare(a.receivedAt));
  }

  /** An actor URL, or acct:slug@host found through WebFinger, fetched and checked to be an actor with an inbox. */
  async resolveActor(reference: string): Promise<RemoteActor> {
    if (typeof reference !== 'string' || reference.length === 0 || reference.length > 2048) throw invalidInput('name the actor to follow', [{field: '/actor', problem: 'must be an actor URL or acct:name@host'}]);
    const url = reference.startsWith('acct:') || /^@?[^@/\s]+@[^@/\s]+$/.test(reference) ? await this.#webfinger(reference) : reference;
    await this.#deps.loaders.assertReachable(url);
    let document: unknown;
    try {
      document = (await this.#deps.loaders.documentLoader(url)).document;
    } catch (error) {
      if (error instanceof HallmarkError) throw error;
      if (error instanceof FetchError && (error.reason === 'blocked-address' || error.reason === 'bad-url')) throw invalidInput(error.message, [{field: '/actor', problem: 'is not a server this instance may reach'}]);
      throw new HallmarkError('unavailable', `could not fetch the actor ${url}: ${(error as Error).message}`);
    }
    if (!isObject(document) || typeof document.id !== 'string' || typeof document.inbox !== 'string') throw invalidInput(`${url} is not an ActivityPub actor`, [{field: '/actor', problem: 'has no id or inbox'}]);
    if (new URL(document.id).origin !== new URL(url).origin) throw invalidInput(`${url} describes an actor on another server`, [{field: '/actor', problem: 'the actor id is not on the server that served it'}]);
    const endpoints = isObject(document.endpoints) ? document.endpoints : {};
    return {id: document.id, inbox: document.inbox, sharedInbox: typeof endpoints.sharedInbox === 'string' ? endpoints.sharedInbox : null};
  }

  async #webfinger(reference: string): Promise<string> {
    const account = reference.replace(/^acct:/, '').replace(/^@/, '');
    const at = account.lastIndexOf('@');
    const host = account.slice(at + 1);
    if (at <= 0 || host === '') throw invalidInput(`"${reference.slice(0, 100)}" is not acct:name@host`, [{field: '/actor', problem: 'must be acct:name@host'}]);
    const scheme = this.#deps.isDevelopmentHost(host) ? 'http' : 'https';
    const url = `${scheme}://${host}/.well-known/webfinger?resource=${encodeURIComponent(`acct:${account}`)}`;
    await this.#deps.loaders.assertReachable(url);
    let jrd: unknown;
    try {
      jrd = parseJsonResponse(await this.#deps.fetcher.send(url, {accept: 'application/jrd+json, application/json;q=0.5', maxBytes: 64 * 1024}));
    } catch (error) {
      throw new HallmarkError('not-found', `WebFinger found no actor for acct:${account}: ${(error as Error).message}`);
    }
    const links = isObject(jrd) && Array.isArray(jrd.links) ? jrd.links : [];
    const self = links.find((link) => isObject(link) && link.rel === 'self' && typeof link.href === 'string' && /activity\+json|activitystreams/.test(String(link.type)));
    if (!isObject(self)) throw new HallmarkError('not-found', `WebFinger found no ActivityPub actor for acct:${account}`);
    return String(self.href);
  }
}
