/**
 * What a community tells its followers. Everything its issuer signs goes out
 * as `Create` of a `Note` that reads well on Mastodon (a sentence, the badge
 * image, a link to the verification page) with the signed credential
 * attached (and, for a review credential, the review it pins by digest). A
 * status change goes out as `Update` naming the status list credential, which
 * receivers re-fetch from us; a retracted review's note is deleted. Fedify
 * adds the FEP-8b32 proof with the actor's Ed25519 key and queues the
 * deliveries durably (queue.ts, delivery.ts).
 */
import {randomUUID} from 'node:crypto';
import {Create, Delete, Document, Image, Note, Tombstone, Update, PUBLIC_COLLECTION, type Activity} from '@fedify/vocab';
import type {Context} from '@fedify/fedify';
import type {CredentialRecord} from '../credentials/credential-records.ts';
import type {InstanceUrls} from '../credentials/instance-urls.ts';
import {asArray, isObject, type JsonObject} from '../json.ts';
import type {Community, Review} from '../vetting/model.ts';
import type {SentActivities} from './sent.ts';
import type {FederationLoaders} from './loaders.ts';
import {instant} from './temporal.ts';

export const CREDENTIAL_MEDIA_TYPE = 'application/vc+ld+json';
export const REVIEW_MEDIA_TYPE = 'application/vnd.hallmark.review+json';

export interface PublisherDependencies {
  context: () => Context<void>;
  communities: {find(slug: string): Promise<Community | null>};
  reviews: {find(id: string): Promise<Review | null>};
  urls: InstanceUrls;
  sent: SentActivities;
  loaders: FederationLoaders;
  statusListUrl: (issuerSlug: string, listId: string) => string;
}

export class Publisher {
  readonly #deps: PublisherDependencies;

  constructor(deps: PublisherDependencies) {
    this.#deps = deps;
  }

  /** The note id of a credential: for a review credential, of the review (so a retraction can delete it). */
  noteId(community: string, key: string): URL {
    return new URL(`${this.#deps.urls.communityPage(community)}/notes/${encodeURIComponent(key)}`);
  }

  async credentialIssued(record: CredentialRecord): Promise<void> {
    const community = await this.#deps.communities.find(record.issuerSlug);
    if (community === null) return;
    const ctx = this.#deps.context();
    const actor = ctx.getActorUri(community.slug);
    const review = await this.#reviewOf(record.credential);
    const noteId = this.noteId(community.slug, review === null ? record.id : `review-${review.id}`);
    const page = new URL(this.#deps.urls.credentialPage(record.id));
    const sentence = describe(community, record.credential, review);
    const attachments = [
      new Image({mediaType: 'image/svg+xml', url: new URL(this.#deps.urls.badgeImage(record.id)), name: sentence}),
      new Document({mediaType: CREDENTIAL_MEDIA_TYPE, name: 'Signed Open Badges 3.0 credential', url: page, content: JSON.stringify(record.credential)}),
    ];
    if (review !== null) {
      attachments.push(new Document({mediaType: REVIEW_MEDIA_TYPE, name: 'The review this credential vouches for', url: new URL(this.#deps.urls.review(review.id)), content: JSON.stringify(reviewContent(review))}));
    }
    const note = new Note({
      id: noteId,
      attribution: actor,
      to: PUBLIC_COLLECTION,
      cc: ctx.getFollowersUri(community.slug),
      content: `<p>${escapeHtml(sentence)}</p><p><a href="${escapeHtml(page.href)}">Verify it</a></p>`,
      url: page,
      published: instant(new Date().toISOString()),
      attachments,
    });
    await this.#send(community.slug, new Create({id: this.#activityId(community.slug), actor, to: PUBLIC_COLLECTION, cc: ctx.getFollowersUri(community.slug), object: note}));
  }

  /** The credential's status list changed: followers re-fetch it from us. */
  async statusChanged(record: CredentialRecord): Promise<void> {
    const community = await this.#deps.communities.find(record.issuerSlug);
    if (community === null) return;
    const ctx = this.#deps.context();
    const actor = ctx.getActorUri(community.slug);
    const list = new URL(this.#deps.statusListUrl(record.issuerSlug, record.status.listId));
    const object = new Document({id: list, mediaType: CREDENTIAL_MEDIA_TYPE, name: `Status list of ${community.name}`, url: list});
    await this.#send(community.slug, new Update({id: this.#activityId(community.slug), actor, to: PUBLIC_COLLECTION, cc: ctx.getFollowersUri(community.slug), object}));
  }

  /** A retracted review's note is withdrawn. */
  async reviewRetracted(review: Review): Promise<void> {
    const community = await this.#deps.communities.find(review.community);
    if (community === null) return;
    const ctx = this.#deps.context();
    const actor = ctx.getActorUri(community.slug);
    const object = new Tombstone({id: this.noteId(community.slug, `review-${review.id}`)});
    await this.#send(community.slug, new Delete({id: this.#activityId(community.slug), actor, to: PUBLIC_COLLECTION, cc: ctx.getFollowersUri(community.slug), object}));
  }

  #activityId(community: string): URL {
    return new URL(`${this.#deps.urls.communityPage(community)}/activities/${randomUUID()}`);
  }

  async #send(community: string, activity: Activity): Promise<void> {
    const ctx = this.#deps.context();
    await ctx.sendActivity({identifier: community}, 'followers', activity, {preferSharedInbox: true});
    const json = await activity.toJsonLd({contextLoader: this.#deps.loaders.contextLoader});
    await this.#deps.sent.record(community, String(activity.id?.href), json as Record<string, unknown>);
  }

  async #reviewOf(credential: JsonObject): Promise<Review | null> {
    if (!asArray(credential.type).includes('EndorsementCredential')) return null;
    for (const evidence of asArray(credential.evidence)) {
      const id = isObject(evidence) && typeof evidence.id === 'string' ? evidence.id : '';
      const prefix = this.#deps.urls.review('');
      if (!id.startsWith(prefix)) continue;
      const review = await this.#deps.reviews.find(id.slice(prefix.length));
      if (review !== null) return review;
    }
    return null;
  }
}

/** Exactly the fields the review digest covers (review-digest.ts), so a receiver can recompute it. */
function reviewContent(review: Review): Record<string, unknown> {
  const {id, community, reviewer, purl, package: pkg, kind, from, range, criteria, thoroughness, understanding, rating, findings, notes, createdAt} = review;
  return {id, community, reviewer, purl, package: pkg, kind, ...(from === undefined ? {} : {from}), ...(range === undefined ? {} : {range}), criteria, thoroughness, understanding, rating, findings, notes, createdAt};
}

function describe(community: Community, credential: JsonObject, review: Review | null): string {
  if (review !== null) return `${community.name} accepted a ${review.kind} review of ${review.purl} by ${review.reviewer} (${review.criteria.join(', ')}).`;
  const subject = asArray(credential.credentialSubject)[0];
  const subjectId = isObject(subject) && typeof subject.id === 'string' ? subject.id : 'a subject';
  const name = typeof credential.name === 'string' ? credential.name : 'a credential';
  return `${community.name} issued "${name}" to ${subjectId}.`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
