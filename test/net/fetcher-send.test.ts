import assert from 'node:assert/strict';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { after, before, describe, test } from 'node:test';
import { parseAllowHosts } from '../../src/net/allow-hosts.ts';
import { FetchError } from '../../src/net/errors.ts';
import { Fetcher, type OutgoingHop } from '../../src/net/fetcher.ts';
import { outboundAttemptsDuring, startServer, type TestServer } from './servers.ts';

/** What the server saw of each request: method, path, headers, body. */
interface Seen {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let server: TestServer;
const seen: Seen[] = [];

function routes(request: IncomingMessage, response: ServerResponse): void {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    seen.push({ method: request.method ?? '', path: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
    if (request.url === '/moved') {
      response.writeHead(302, { location: '/inbox' });
      response.end();
      return;
    }
    if (request.url === '/gone') {
      response.statusCode = 410;
      response.end();
      return;
    }
    response.writeHead(202, { 'content-type': 'application/json' });
    response.end('{"accepted":true}');
  });
}

before(async () => {
  server = await startServer(routes);
});
after(() => server.close());

describe('Fetcher.send', () => {
  const fetcher = () => new Fetcher({ allowHosts: parseAllowHosts(`127.0.0.1:${server.port}`) });

  test('POSTs a body with its headers and returns any status', async () => {
    seen.length = 0;
    const answer = await fetcher().send(server.url('/inbox'), { method: 'POST', headers: { 'Content-Type': 'application/activity+json' }, body: '{"type":"Follow"}' });
    assert.equal(answer.status, 202);
    assert.equal(seen[0].method, 'POST');
    assert.equal(seen[0].body, '{"type":"Follow"}');
    assert.equal(seen[0].headers['content-type'], 'application/activity+json');
    assert.equal(seen[0].headers['content-length'], String(Buffer.byteLength('{"type":"Follow"}')));
    assert.equal((await fetcher().send(server.url('/gone'), { method: 'POST', body: '{}' })).status, 410);
  });

  test('never follows a redirect with a body', async () => {
    seen.length = 0;
    const answer = await fetcher().send(server.url('/moved'), { method: 'POST', body: '{}' });
    assert.equal(answer.status, 302);
    assert.deepEqual(seen.map((request) => request.path), ['/moved']);
  });

  test('asks the signer on every hop, with that hop\'s URL', async () => {
    seen.length = 0;
    const hops: OutgoingHop[] = [];
    const answer = await fetcher().send(server.url('/moved'), {
      sign: async (hop) => {
        hops.push(hop);
        return { Signature: `signed ${hop.url.pathname}` };
      },
    });
    assert.equal(answer.status, 202);
    assert.deepEqual(hops.map((hop) => [hop.method, hop.url.pathname]), [['GET', '/moved'], ['GET', '/inbox']]);
    assert.deepEqual(seen.map((request) => request.headers.signature), ['signed /moved', 'signed /inbox']);
  });

  test('refuses a POST to a private address before connecting', async () => {
    const attempts = await outboundAttemptsDuring(async () => {
      await assert.rejects(new Fetcher({ allowHosts: [] }).send(server.url('/inbox'), { method: 'POST', body: '{}' }), (error: unknown) => error instanceof FetchError && error.reason === 'blocked-address');
    });
    assert.equal(attempts, 0);
  });

  test('a GET carries no body', async () => {
    await assert.rejects(fetcher().send(server.url('/inbox'), { body: 'x' }), TypeError);
  });
});
