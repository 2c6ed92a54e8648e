/**
 * Finding another server's actor from what a steward typed: an actor URL, or
 * acct:name@host looked up with WebFinger (over https; over http only toward
 * the allow-listed development hosts). Fetched through the loaders, so the
 * address policy, the https rule and the block list all apply.
 */
import {HallmarkError, invalidInput} from '../errors.ts';
import {isObject} from '../json.ts';
import {FetchError} from '../net/errors.ts';
import type {Fetcher} from '../net/fetcher.ts';
import {parseJsonResponse} from '../net/json-body.ts';
import type {FederationLoaders} from './loaders.ts';

/** A remote actor, as far as following it and answering it needs. */
export interface RemoteActor {
  id: string;
  inbox: string;
  sharedInbox: string | null;
}

export interface RemoteActorDependencies {
  loaders: FederationLoaders;
  fetcher: Fetcher;
  isDevelopmentHost: (host: string) => boolean;
}

export async function resolveActor(reference: string, deps: RemoteActorDependencies): Promise<RemoteActor> {
  if (typeof reference !== 'string' || reference.length === 0 || reference.length > 2048) throw invalidInput('name the actor to follow', [{field: '/actor', problem: 'must be an actor URL or acct:name@host'}]);
  const url = reference.startsWith('acct:') || /^@?[^@/\s:]+@[^@/\s]+$/.test(reference) ? await webfinger(reference, deps) : reference;
  await deps.loaders.assertReachable(url);
  let document: unknown;
  try {
    document = (await deps.loaders.documentLoader(url)).document;
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

async function webfinger(reference: string, deps: RemoteActorDependencies): Promise<string> {
  const account = reference.replace(/^acct:/, '').replace(/^@/, '');
  const at = account.lastIndexOf('@');
  const host = account.slice(at + 1);
  if (at <= 0 || host === '') throw invalidInput(`"${reference.slice(0, 100)}" is not acct:name@host`, [{field: '/actor', problem: 'must be acct:name@host'}]);
  let url: string;
  try {
    url = `${deps.isDevelopmentHost(host) ? 'http' : 'https'}://${new URL(`http://${host}/`).host}/.well-known/webfinger?resource=${encodeURIComponent(`acct:${account}`)}`;
  } catch {
    throw invalidInput(`"${reference.slice(0, 100)}" does not name a host`, [{field: '/actor', problem: 'must be acct:name@host'}]);
  }
  await deps.loaders.assertReachable(url);
  let jrd: unknown;
  try {
    jrd = parseJsonResponse(await deps.fetcher.send(url, {accept: 'application/jrd+json, application/json;q=0.5', maxBytes: 64 * 1024}));
  } catch (error) {
    if (error instanceof FetchError && (error.reason === 'blocked-address' || error.reason === 'bad-url')) throw invalidInput(error.message, [{field: '/actor', problem: 'is not a server this instance may reach'}]);
    throw new HallmarkError('not-found', `WebFinger found no actor for acct:${account}: ${(error as Error).message}`);
  }
  const links = isObject(jrd) && Array.isArray(jrd.links) ? jrd.links : [];
  const self = links.find((link) => isObject(link) && link.rel === 'self' && typeof link.href === 'string' && /activity\+json|activitystreams/.test(String(link.type)));
  if (!isObject(self)) throw new HallmarkError('not-found', `WebFinger found no ActivityPub actor for acct:${account}`);
  return String(self.href);
}
