/**
 * Who follows each community, and whom each community follows: the records
 * behind the followers and following collections and the stewards' queue of
 * follow requests. A record is keyed by (community, remote actor), so a
 * repeated Follow or follow request changes one record, never adds another.
 */
import {createHash} from 'node:crypto';
import {DuplicateKeyError, type Collection, type Document, type Store} from '../store/port.ts';

export type FollowState = 'pending' | 'accepted' | 'rejected';

export interface Follower {
  /** Opaque and stable: what the stewards' accept/reject endpoints name. */
  id: string;
  community: string;
  actor: string;
  inbox: string;
  sharedInbox: string | null;
  host: string;
  state: FollowState;
  /** The id of the Follow activity that asked, which Accept and Reject must name. */
  followId: string;
  requestedAt: string;
  decidedAt: string | null;
}

export interface Following {
  community: string;
  actor: string;
  state: FollowState;
  followId: string;
  requestedAt: string;
  decidedAt: string | null;
}

type FollowerRecord = Follower & Document;
type FollowingRecord = Following & Document;

export class FollowRecords {
  readonly #followers: Collection<FollowerRecord>;
  readonly #following: Collection<FollowingRecord>;

  private constructor(followers: Collection<FollowerRecord>, following: Collection<FollowingRecord>) {
    this.#followers = followers;
    this.#following = following;
  }

  static async open(store: Store): Promise<FollowRecords> {
    const followers = await store.collection<FollowerRecord>({
      name: 'federation_followers',
      indexes: [{fields: ['community', 'state']}, {fields: ['inbox']}, {fields: ['sharedInbox']}, {fields: ['actor']}],
    });
    const following = await store.collection<FollowingRecord>({
      name: 'federation_following',
      indexes: [{fields: ['community', 'state']}, {fields: ['actor', 'state']}, {fields: ['followId']}],
    });
    return new FollowRecords(followers, following);
  }

  /** Records a follow request (or a repeated one): a new Follow id resets a rejected request to pending. */
  async requestFollow(input: Omit<Follower, 'id' | 'state' | 'requestedAt' | 'decidedAt'>, state: FollowState, now = new Date()): Promise<Follower> {
    const id = followerId(input.community, input.actor);
    for (;;) {
      const found = await this.#followers.get(id);
      const decidedAt = state === 'pending' ? null : now.toISOString();
      if (found === null) {
        const record: FollowerRecord = {...input, id, state, requestedAt: now.toISOString(), decidedAt};
        try {
          await this.#followers.insert(record);
          return record;
        } catch (error) {
          if (error instanceof DuplicateKeyError) continue;
          throw error;
        }
      }
      // An accepted follower who asks again stays accepted (Mastodon re-sends Follows).
      const next: FollowerRecord = {...found.doc, ...input, state: found.doc.state === 'accepted' ? 'accepted' : state, decidedAt: found.doc.state === 'accepted' ? found.doc.decidedAt : decidedAt};
      if (await this.#followers.update(id, found.version, next)) return next;
    }
  }

  async follower(community: string, id: string): Promise<Follower | null> {
    const found = await this.#followers.get(id);
    return found !== null && found.doc.community === community ? found.doc : null;
  }

  async decideFollower(id: string, state: 'accepted' | 'rejected', now = new Date()): Promise<Follower | null> {
    for (;;) {
      const found = await this.#followers.get(id);
      if (found === null) return null;
      const next = {...found.doc, state, decidedAt: now.toISOString()};
      if (await this.#followers.update(id, found.version, next)) return next;
    }
  }

  async removeFollower(community: string, actor: string): Promise<boolean> {
    return this.#followers.delete(followerId(community, actor));
  }

  /** Followers whose inbox (or shared inbox) is `inbox`: a 404 or 410 there drops them all. */
  async removeByInbox(inbox: string): Promise<number> {
    const found = [...await this.#followers.find({inbox}), ...await this.#followers.find({sharedInbox: inbox})];
    let removed = 0;
    for (const {doc, version} of found) if (await this.#followers.delete(doc.id, version)) removed++;
    return removed;
  }

  async followers(community: string, state?: FollowState): Promise<Follower[]> {
    const states = state === undefined ? ['pending', 'accepted', 'rejected'] as const : [state];
    const all: Follower[] = [];
    for (const one of states) all.push(...(await this.#followers.find({community, state: one})).map(({doc}) => doc));
    return all.sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
  }

  async startFollowing(community: string, actor: string, followId: string, now = new Date()): Promise<Following> {
    const id = followingId(community, actor);
    const record: FollowingRecord = {id, community, actor, state: 'pending', followId, requestedAt: now.toISOString(), decidedAt: null};
    for (;;) {
      const found = await this.#following.get(id);
      if (found === null) {
        try {
          await this.#following.insert(record);
          return record;
        } catch (error) {
          if (error instanceof DuplicateKeyError) continue;
          throw error;
        }
      }
      // Following again after a refusal asks again; an accepted follow stays as it is.
      if (found.doc.state === 'accepted') return found.doc;
      if (await this.#following.update(id, found.version, record)) return record;
    }
  }

  async stopFollowing(community: string, actor: string): Promise<Following | null> {
    const found = await this.#following.get(followingId(community, actor));
    if (found === null) return null;
    await this.#following.delete(found.doc.id, found.version);
    return found.doc;
  }

  /** Marks the follow `followId` (or, when a peer names none, the one to `actor` from `community`) accepted or rejected. */
  async answerFollow(actor: string, followId: string | null, community: string | null, state: 'accepted' | 'rejected', now = new Date()): Promise<Following | null> {
    const candidates = followId !== null
      ? (await this.#following.find({followId})).filter(({doc}) => doc.actor === actor)
      : community !== null ? [await this.#following.get(followingId(community, actor))].filter((found) => found !== null) : [];
    for (const found of candidates) {
      const next = {...found.doc, state, decidedAt: now.toISOString()};
      if (await this.#following.update(found.doc.id, found.version, next)) return next;
    }
    return null;
  }

  async following(community: string): Promise<Following[]> {
    const all: Following[] = [];
    for (const state of ['pending', 'accepted', 'rejected'] as const) all.push(...(await this.#following.find({community, state})).map(({doc}) => doc));
    return all.sort((a, b) => a.requestedAt.localeCompare(b.requestedAt));
  }

  /** Communities here that follow `actor` (accepted, or still asking: a peer may post before its Accept arrives). */
  async followingCommunities(actor: string): Promise<string[]> {
    const accepted = await this.#following.find({actor, state: 'accepted'});
    const pending = await this.#following.find({actor, state: 'pending'});
    return [...accepted, ...pending].map(({doc}) => doc.community);
  }
}

function followerId(community: string, actor: string): string {
  return `f-${createHash('sha256').update(`${community}\n${actor}`).digest('base64url').slice(0, 22)}`;
}

function followingId(community: string, actor: string): string {
  return `${community}\n${actor}`;
}
