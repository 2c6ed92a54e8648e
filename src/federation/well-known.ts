/**
 * The few answers Fedify does not give the way we need them: WebFinger for
 * the instance itself (FEP-d556: `acct:host@host` or the instance's URL name
 * its Application actor), the NodeInfo discovery link to that actor
 * (FEP-2677), and the FEP-c390 identity statement added to a community
 * actor's JSON (Fedify's vocabulary has no type for it).
 */
import type {InstanceUrls} from '../credentials/instance-urls.ts';
import {asArray, isObject} from '../json.ts';
import {SLUG_PATTERN} from '../vetting/model.ts';
import type {IdentityStatement} from './binding.ts';

const JRD = 'application/jrd+json';

export function hostWebFinger(url: URL, host: string, base: string): Response | null {
  if (url.pathname !== '/.well-known/webfinger') return null;
  const resource = url.searchParams.get('resource');
  const hostname = host.replace(/:\d+$/, '');
  if (resource !== `acct:${hostname}@${host}` && resource !== `acct:${host}@${host}` && resource !== `${base}/` && resource !== base) return null;
  const actor = `${base}/actor`;
  return Response.json({
    subject: resource,
    aliases: [actor],
    links: [{rel: 'self', type: 'application/activity+json', href: actor}],
  }, {headers: {'content-type': JRD, 'access-control-allow-origin': '*'}});
}

export interface Decorations {
  urls: InstanceUrls;
  prefix: string;
  actorIdentity: (slug: string, actorId: string) => Promise<IdentityStatement>;
}

export async function decorateResponse(url: URL, response: Response, decorations: Decorations): Promise<Response> {
  if (!response.ok) return response;
  if (url.pathname === '/.well-known/nodeinfo') {
    return rewriteJson(response, (json) => {
      const links = asArray(json.links);
      links.push({rel: 'https://www.w3.org/ns/activitystreams#Application', href: `${decorations.urls.base}/actor`});
      return {...json, links};
    });
  }
  const community = /^\/communities\/([^/]+)$/.exec(url.pathname.slice(decorations.prefix.length))?.[1];
  if (!url.pathname.startsWith(`${decorations.prefix}/`)) return response;
  if (community === undefined || !SLUG_PATTERN.test(community)) return response;
  const type = response.headers.get('content-type') ?? '';
  if (!/json/.test(type)) return response;
  const actorId = decorations.urls.communityPage(community);
  const statement = await decorations.actorIdentity(community, actorId);
  return rewriteJson(response, (json) => {
    if (json.id !== actorId) return json;
    return {...json, attachment: [...asArray(json.attachment), statement]};
  });
}

async function rewriteJson(response: Response, change: (json: Record<string, unknown>) => Record<string, unknown>): Promise<Response> {
  const json: unknown = await response.json();
  if (!isObject(json)) return new Response(JSON.stringify(json), response);
  const headers = new Headers(response.headers);
  headers.delete('content-length');
  return new Response(JSON.stringify(change(json)), {status: response.status, statusText: response.statusText, headers});
}
