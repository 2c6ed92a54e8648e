/**
 * A stand-in for another fediverse server on loopback: it serves Person
 * actors with RSA keys, records every request it receives, and signs requests
 * the way Mastodon and GoToSocial do (written here from their documented
 * behaviour with node:crypto, not with Fedify, so the two implementations
 * check each other). It also encodes those servers' rules for accepting a
 * signed request, to hold what Hallmark sends to them.
 */
import {createHash, createSign, createVerify, generateKeyPairSync} from 'node:crypto';
import {createServer, type IncomingHttpHeaders} from 'node:http';
import type {AddressInfo} from 'node:net';

export interface SeenRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export type SignatureStyle = 'mastodon' | 'gotosocial';

export interface RemoteServer {
  base: string;
  host: string;
  seen: SeenRequest[];
  actor(name: string): string;
  /** Headers for a POST of `body` to `url`, signed as `name` in the given style. */
  signPost(style: SignatureStyle, name: string, url: string, body: string, options?: {date?: Date; omitDigest?: boolean}): Record<string, string>;
  close(): Promise<void>;
}

const {publicKey, privateKey} = generateKeyPairSync('rsa', {modulusLength: 2048});
const PUBLIC_PEM = publicKey.export({type: 'spki', format: 'pem'}).toString();

export async function startRemoteServer(): Promise<RemoteServer> {
  const seen: SeenRequest[] = [];
  let base = '';
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      seen.push({method: request.method ?? '', path, headers: request.headers, body: Buffer.concat(chunks).toString('utf8')});
      const user = /^\/users\/([a-z0-9-]+)$/.exec(path)?.[1];
      if (request.method === 'GET' && user !== undefined) {
        const id = `${base}/users/${user}`;
        response.writeHead(200, {'content-type': 'application/activity+json'});
        response.end(JSON.stringify({
          '@context': ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1'],
          id, type: 'Person', preferredUsername: user, inbox: `${id}/inbox`, outbox: `${id}/outbox`,
          endpoints: {sharedInbox: `${base}/inbox`},
          publicKey: {id: `${id}#main-key`, owner: id, publicKeyPem: PUBLIC_PEM},
        }));
        return;
      }
      if (request.method === 'POST') {
        response.writeHead(202);
        response.end();
        return;
      }
      response.writeHead(404);
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const {port} = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;
  return {
    base,
    host: `127.0.0.1:${port}`,
    seen,
    actor: (name) => `${base}/users/${name}`,
    signPost(style, name, url, body, options = {}) {
      const target = new URL(url);
      const headers: Record<string, string> = {
        host: target.host,
        date: (options.date ?? new Date()).toUTCString(),
        'content-type': 'application/activity+json',
      };
      if (!options.omitDigest) headers.digest = `SHA-256=${createHash('sha256').update(body).digest('base64')}`;
      // Mastodon signs the content type too; GoToSocial does not, and names its algorithm hs2019.
      const covered = style === 'mastodon' ? ['(request-target)', 'host', 'date', 'digest', 'content-type'] : ['(request-target)', 'host', 'date', 'digest'];
      const names = covered.filter((header) => header === '(request-target)' || headers[header] !== undefined);
      const text = names.map((header) => (header === '(request-target)' ? `(request-target): post ${target.pathname}` : `${header}: ${headers[header]}`)).join('\n');
      const signature = createSign('sha256').update(text).sign(privateKey, 'base64');
      const algorithm = style === 'mastodon' ? 'rsa-sha256' : 'hs2019';
      headers.signature = `keyId="${base}/users/${name}#main-key",algorithm="${algorithm}",headers="${names.join(' ')}",signature="${signature}"`;
      return headers;
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/**
 * Whether Mastodon (or GoToSocial) would accept this signed request, as their
 * verifiers decide: the covered components each requires, a SHA-256 Digest
 * that matches a POST body, a Date within the clock-skew window, a known
 * algorithm, and an RSA signature that verifies with the signer's key.
 * Returns null when accepted, or the rule it breaks.
 */
export function signatureRuleBroken(style: SignatureStyle, request: SeenRequest, publicKeyPem: string, now = new Date()): string | null {
  const header = request.headers.signature;
  if (typeof header !== 'string') return 'no Signature header';
  const params = Object.fromEntries([...header.matchAll(/([a-zA-Z]+)="([^"]*)"/g)].map((match) => [match[1], match[2]]));
  if (!params.keyId || !params.signature) return 'Signature lacks keyId or signature';
  const algorithm = params.algorithm ?? 'hs2019';
  if (algorithm !== 'rsa-sha256' && algorithm !== 'hs2019') return `algorithm ${algorithm} is not accepted`;
  const covered = (params.headers ?? 'date').split(' ');
  const required = request.method === 'POST' ? ['(request-target)', 'host', 'date', 'digest'] : ['(request-target)', 'host', 'date'];
  for (const name of required) if (!covered.includes(name)) return `${name} is not covered by the signature`;
  const date = Date.parse(String(request.headers.date));
  // Mastodon allows 12 hours back and 1 hour of clock skew ahead; GoToSocial allows less: hold to the stricter 5 minutes.
  const skewMs = style === 'mastodon' ? 3_600_000 : 300_000;
  if (Number.isNaN(date) || Math.abs(now.getTime() - date) > skewMs) return 'Date is outside the clock-skew window';
  if (request.method === 'POST') {
    const digest = String(request.headers.digest ?? '');
    const expected = `SHA-256=${createHash('sha256').update(request.body).digest('base64')}`;
    if (digest !== expected) return `Digest ${digest.slice(0, 30)} does not match the body`;
  }
  const text = covered.map((name) => {
    if (name === '(request-target)') return `(request-target): ${request.method.toLowerCase()} ${request.path}`;
    const value = request.headers[name];
    return `${name}: ${Array.isArray(value) ? value.join(', ') : value}`;
  }).join('\n');
  return createVerify('sha256').update(text).verify(publicKeyPem, params.signature, 'base64') ? null : 'the signature does not verify';
}
