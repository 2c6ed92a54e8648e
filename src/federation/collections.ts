/**
 * The collections a community actor exposes: followers (accepted ones; also
 * what Fedify expands "followers" into when it delivers), following, and the
 * outbox of recent activities (read-only: nothing is posted to it).
 */
import {Activity, type Recipient} from '@fedify/vocab';
import type {Federation} from '@fedify/fedify';
import type {Collection, Document, Store} from '../store/port.ts';
import {SLUG_PATTERN} from '../vetting/model.ts';
import type {FollowRecords} from './follows.ts';
import type {FederationLoaders} from './loaders.ts';

/** How many recent activities the outbox shows. */
const OUTBOX_SIZE = 20;

interface SentActivity extends Document {
  community: string;
  activity: Record<string, unknown>;
  publishedAt: string;
}

/** What each community sent, newest first: the outbox's items. */
export class SentActivities {
  readonly #sent: Collection<SentActivity>;

  private constructor(sent: Collection<SentActivity>) {
    this.#sent = sent;
  }

  static async open(store: Store): Promise<SentActivities> {
    return new SentActivities(await store.collection<SentActivity>({name: 'federation_outbox', indexes: [{fields: ['community', 'publishedAt']}, {fields: ['community']}]}));
  }

  async record(community: string, id: string, activity: Record<string, unknown>, now = new Date()): Promise<void> {
    try {
      await this.#sent.insert({id, community, activity, publishedAt: now.toISOString()});
    } catch {
      // Recorded already (a retried publication): once is enough.
    }
  }

  async recent(community: string, limit = OUTBOX_SIZE): Promise<Array<Record<string, unknown>>> {
    return (await this.#sent.find({community}, {sortBy: 'publishedAt', descending: true, limit})).map(({doc}) => doc.activity);
  }

  async count(community: string): Promise<number> {
    return this.#sent.count({community});
  }
}

export function registerCollections(federation: Federation<void>, deps: {follows: FollowRecords; sent: SentActivities; loaders: FederationLoaders}): void {
  federation
    .setFollowersDispatcher('/communities/{identifier}/followers', async (_ctx, identifier) => {
      if (!SLUG_PATTERN.test(identifier)) return null;
      const items: Recipient[] = (await deps.follows.followers(identifier, 'accepted')).map((follower) => ({
        id: new URL(follower.actor),
        inboxId: new URL(follower.inbox),
        endpoints: follower.sharedInbox === null ? null : {sharedInbox: new URL(follower.sharedInbox)},
      }));
      return {items};
    })
    .setCounter(async (_ctx, identifier) => (SLUG_PATTERN.test(identifier) ? (await deps.follows.followers(identifier, 'accepted')).length : null));

  federation
    .setFollowingDispatcher('/communities/{identifier}/following', async (_ctx, identifier) => {
      if (!SLUG_PATTERN.test(identifier)) return null;
      const accepted = (await deps.follows.following(identifier)).filter((follow) => follow.state === 'accepted');
      return {items: accepted.map((follow) => new URL(follow.actor))};
    });

  federation
    .setOutboxDispatcher('/communities/{identifier}/outbox', async (_ctx, identifier) => {
      if (!SLUG_PATTERN.test(identifier)) return null;
      const items: Activity[] = [];
      for (const json of await deps.sent.recent(identifier)) {
        items.push(await Activity.fromJsonLd(json, {contextLoader: deps.loaders.contextLoader, documentLoader: deps.loaders.documentLoader}));
      }
      return {items};
    })
    .setCounter(async (_ctx, identifier) => (SLUG_PATTERN.test(identifier) ? deps.sent.count(identifier) : null));
}
