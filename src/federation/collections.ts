/**
 * The collections a community actor exposes: followers (accepted ones; also
 * what Fedify expands "followers" into when it delivers), following, and the
 * outbox of recent activities (read-only: nothing is posted to it).
 */
import {Activity, type Recipient} from '@fedify/vocab';
import type {Federation} from '@fedify/fedify';
import {SLUG_PATTERN} from '../vetting/model.ts';
import type {FollowRecords} from './follows.ts';
import type {FederationLoaders} from './loaders.ts';
import type {SentActivities} from './sent.ts';

export function registerCollections(federation: Federation<void>, deps: {follows: FollowRecords; sent: SentActivities; loaders: FederationLoaders; prefix: string}): void {
  federation
    .setFollowersDispatcher(`${deps.prefix}/communities/{identifier}/followers`, async (_ctx, identifier) => {
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
    .setFollowingDispatcher(`${deps.prefix}/communities/{identifier}/following`, async (_ctx, identifier) => {
      if (!SLUG_PATTERN.test(identifier)) return null;
      const accepted = (await deps.follows.following(identifier)).filter((follow) => follow.state === 'accepted');
      return {items: accepted.map((follow) => new URL(follow.actor))};
    });

  federation
    .setOutboxDispatcher(`${deps.prefix}/communities/{identifier}/outbox`, async (_ctx, identifier) => {
      if (!SLUG_PATTERN.test(identifier)) return null;
      const items: Activity[] = [];
      for (const json of await deps.sent.recent(identifier)) {
        items.push(await Activity.fromJsonLd(json, {contextLoader: deps.loaders.contextLoader, documentLoader: deps.loaders.documentLoader}));
      }
      return {items};
    })
    .setCounter(async (_ctx, identifier) => (SLUG_PATTERN.test(identifier) ? deps.sent.count(identifier) : null));
}
