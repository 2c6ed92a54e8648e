/**
 * What the inboxes accept. Fedify has already checked the HTTP signature (or
 * the object proof), that the signer is the activity's actor, the clock
 * window, and that the activity id was not seen before; these listeners run
 * from the durable queue, so a crash re-runs them. Each listener also checks
 * FEP-fe34 origins: what an activity says about objects comes from the
 * objects' own server.
 */
import {Accept, Create, Delete, Document, Follow, Note, Reject, Undo, Update, type Object as ApObject} from '@fedify/vocab';
import type {Federation, InboxContext} from '@fedify/fedify';
import {isObject, type JsonObject} from '../json.ts';
import {INSTANCE_ACTOR} from './actors.ts';
import type {FollowRecords} from './follows.ts';
import type {ImportService} from './imports.ts';
import type {FederationLoaders} from './loaders.ts';
import type {PeerService} from './peers.ts';
import {CREDENTIAL_MEDIA_TYPE, REVIEW_MEDIA_TYPE} from './publish.ts';
import type {ReceivedCredential, ReceivedCredentials} from './received.ts';

export interface InboxDependencies {
  follows: FollowRecords;
  peers: PeerService;
  received: ReceivedCredentials;
  imports: ImportService;
  loaders: FederationLoaders;
  communityExists: (slug: string) => Promise<boolean>;
  /** Answers a follow request that needs no steward (a trusted peer). */
  acceptFollow: (community: string, followerId: string) => Promise<void>;
  /** A package's reviews changed for the communities that import the sender. */
  reevaluate: (community: string, packagePurl: string) => Promise<void>;
  log: (message: string) => void;
  /** The public URL's path prefix, '' for none. */
  prefix: string;
}

export function registerInbox(federation: Federation<void>, deps: InboxDependencies): void {
  federation
    .setInboxListeners(`${deps.prefix}/communities/{identifier}/inbox`, `${deps.prefix}/inbox`)
    .setSharedKeyDispatcher(() => ({identifier: INSTANCE_ACTOR}))
    .on(Follow, (ctx, follow) => onFollow(ctx, follow, deps))
    .on(Undo, (ctx, undo) => onUndo(ctx, undo, deps))
    .on(Accept, async (_ctx, accept) => {
      if (accept.actorId === null || accept.objectId === null) return;
      await deps.follows.answerFollow(accept.actorId.href, accept.objectId.href, null, 'accepted');
    })
    .on(Reject, async (_ctx, reject) => {
      if (reject.actorId === null || reject.objectId === null) return;
      await deps.follows.answerFollow(reject.actorId.href, reject.objectId.href, null, 'rejected');
    })
    .on(Create, (ctx, create) => onCreate(ctx, create, deps))
    .on(Update, (_ctx, update) => onUpdate(update, deps))
    .on(Delete, (_ctx, activity) => onDelete(activity, deps))
    .onError((_ctx, error) => deps.log(`inbox listener failed: ${error.stack ?? error.message}`));
}

async function onFollow(ctx: InboxContext<void>, follow: Follow, deps: InboxDependencies): Promise<void> {
  if (follow.id === null || follow.actorId === null || follow.objectId === null) return;
  const target = ctx.parseUri(follow.objectId);
  if (target?.type !== 'actor' || target.identifier === INSTANCE_ACTOR || !(await deps.communityExists(target.identifier))) return;
  const follower = await follow.getActor({documentLoader: deps.loaders.documentLoader, contextLoader: deps.loaders.contextLoader});
  if (follower === null || follower.id === null || follower.inboxId === null || follower.id.href !== follow.actorId.href) return;
  const tier = await deps.peers.tierOf(follower.id.host);
  const record = await deps.follows.requestFollow({
    community: target.identifier,
    actor: follower.id.href,
    inbox: follower.inboxId.href,
    sharedInbox: follower.endpoints?.sharedInbox?.href ?? null,
    host: follower.id.host,
    followId: follow.id.href,
  }, tier === 'trusted' ? 'accepted' : 'pending');
  if (record.state === 'accepted') await deps.acceptFollow(record.community, record.id);
}

async function onUndo(ctx: InboxContext<void>, undo: Undo, deps: InboxDependencies): Promise<void> {
  if (undo.actorId === null) return;
  const object = await undo.getObject({documentLoader: deps.loaders.documentLoader, contextLoader: deps.loaders.contextLoader});
  if (!(object instanceof Follow) || object.objectId === null || object.actorId?.href !== undo.actorId.href) return;
  const target = ctx.parseUri(object.objectId);
  if (target?.type !== 'actor') return;
  await deps.follows.removeFollower(target.identifier, undo.actorId.href);
}

/** Credentials only from actors a community here follows; anything else is not ours to keep. */
async function onCreate(_ctx: InboxContext<void>, create: Create, deps: InboxDependencies): Promise<void> {
  const actorId = create.actorId;
  if (actorId === null) return;
  if ((await deps.follows.followingCommunities(actorId.href)).length === 0) return deps.log(`ignoring a Create from ${actorId.href}: no community here follows it`);
  const note = await create.getObject({documentLoader: deps.loaders.documentLoader, contextLoader: deps.loaders.contextLoader});
  if (!(note instanceof Note) || note.id === null) return;
  if (note.id.origin !== actorId.origin || note.attributionId?.href !== actorId.href) return deps.log(`refusing a note from ${actorId.href} that is not its own (${note.id.href})`);
  let credential: unknown;
  let review: unknown;
  for await (const attachment of note.getAttachments({documentLoader: deps.loaders.documentLoader, contextLoader: deps.loaders.contextLoader, suppressError: true})) {
    if (!(attachment instanceof Document)) continue;
    if (attachment.mediaType === CREDENTIAL_MEDIA_TYPE) credential = parseJson(attachment.content);
    if (attachment.mediaType === REVIEW_MEDIA_TYPE) review = parseJson(attachment.content);
  }
  if (credential === undefined) return;
  const actor = await actorDocument(actorId, deps);
  const tier = await deps.peers.tierOf(actorId.host);
  const outcome = await deps.received.receive({actor, activityId: create.id?.href ?? '', noteId: note.id.href, credential, review, quarantined: tier !== 'federated' && tier !== 'trusted'});
  if (!outcome.accepted) return deps.log(`refused a credential from ${actorId.href}: ${outcome.reason}`);
  await reevaluateFor([outcome.record], deps);
}

/** A status list changed: re-fetch it from its issuer and re-verify what we hold from that actor. */
async function onUpdate(update: Update, deps: InboxDependencies): Promise<void> {
  const actorId = update.actorId;
  const list = update.objectId;
  if (actorId === null || list === null) return;
  if (list.origin !== actorId.origin) return deps.log(`refusing an Update from ${actorId.href} about ${list.href}, which is not on its server`);
  const changed = await deps.received.reverify(actorId.href, list.href);
  await reevaluateFor(changed, deps);
}

async function onDelete(activity: Delete, deps: InboxDependencies): Promise<void> {
  const actorId = activity.actorId;
  const objectId = activity.objectId;
  if (actorId === null || objectId === null || objectId.origin !== actorId.origin) return;
  const touched = await deps.received.markDeleted(actorId.href, objectId.href);
  await reevaluateFor(touched, deps);
}

async function reevaluateFor(records: ReceivedCredential[], deps: InboxDependencies): Promise<void> {
  for (const record of records) {
    if (record.package === null) continue;
    for (const community of await deps.imports.importers(record.actor)) await deps.reevaluate(community, record.package);
  }
}

/** The sender's actor document as JSON, fetched through our loader (the binding check reads what Fedify's vocabulary drops). */
async function actorDocument(actorId: URL, deps: InboxDependencies): Promise<JsonObject> {
  const {document} = await deps.loaders.documentLoader(actorId.href);
  if (!isObject(document) || document.id !== actorId.href) throw new Error(`the actor document at ${actorId.href} does not describe it`);
  return document;
}

function parseJson(content: ApObject['content']): unknown {
  if (typeof content !== 'string') return undefined;
  try {
    return JSON.parse(content);
  } catch {
    return undefined;
  }
}
