import assert from 'node:assert/strict';
import {once} from 'node:events';
import {mkdtemp, rm} from 'node:fs/promises';
import {connect} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {Writable} from 'node:stream';
import {brotliCompressSync} from 'node:zlib';
import {createServer, type Server} from 'node:http';
import {after, before, describe, it} from 'node:test';
import supertest from 'supertest';
import {createHallmark, type Hallmark} from '../../src/app.ts';
import {loadConfig} from '../../src/config.ts';
import {productRoutes} from '../../src/http/app.ts';
import {createLogger} from '../../src/observe/log.ts';
import {ADMIN_TOKEN, BADGE, startHallmark, type TestHallmark} from '../helpers/hallmark.ts';

/** Log lines as parsed JSON, with a way to wait for the next one that matches. */
class LogLines extends Writable {
  readonly lines: Array<Record<string, unknown>> = [];
  readonly #waiting: Array<{match: (line: Record<string, unknown>) => boolean; resolve: (line: Record<string, unknown>) => void}> = [];

  override _write(chunk: Buffer, _encoding: string, done: () => void): void {
    for (const text of chunk.toString('utf8').split('\n').filter(Boolean)) {
      const line = JSON.parse(text) as Record<string, unknown>;
      this.lines.push(line);
      for (const waiter of this.#waiting.filter((w) => w.match(line))) {
        this.#waiting.splice(this.#waiting.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
    done();
  }

  next(match: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
    const seen = this.lines.find(match);
    return seen ? Promise.resolve(seen) : new Promise((resolve) => this.#waiting.push({match, resolve}));
  }
}

const requestId = (line: Record<string, unknown>) => (line.req as {id?: string} | undefined)?.id;

describe('the HTTP edge: headers, request ids, logs, body errors, metrics, readiness', () => {
  let dataDir: string;
  let hallmark: Hallmark;
  let server: Server;
  let base: string;
  let http: ReturnType<typeof supertest>;
  const logs = new LogLines();
  let uuid = '';
  let listPath = '';

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hallmark-edge-'));
    hallmark = await createHallmark(loadConfig({HALLMARK_DATA_DIR: dataDir, HALLMARK_ADMIN_TOKEN: ADMIN_TOKEN}), {log: createLogger('info', logs)});
    server = createServer(hallmark.app).listen(0, '127.0.0.1');
    await once(server, 'listening');
    base = `http://127.0.0.1:${(server.address() as {port: number}).port}`;
    http = supertest(base);
    const admin = {Authorization: `Bearer ${ADMIN_TOKEN}`};
    assert.equal((await http.post('/api/v1/issuers').set(admin).send({slug: 'acme', name: 'Acme'})).status, 201);
    const issued = await http.post('/issuers/acme/credentials/issue').set(admin).send({credential: BADGE});
    assert.equal(issued.status, 201);
    const credential = issued.body.verifiableCredential;
    uuid = String(credential.id).split(':').pop() as string;
    listPath = new URL(credential.credentialStatus.statusListCredential).pathname;
  });
  after(async () => {
    server.closeAllConnections();
    server.close();
    await hallmark.close();
    await rm(dataDir, {recursive: true, force: true});
  });

  function sample(path: string): string {
    return path
      .replace(':slug', 'acme')
      .replace(':listId', listPath.split('/').pop() as string)
      .replace(':id.svg', `${uuid}.svg`)
      .replace(':id', uuid)
      .replace('*purl', 'pkg:npm/left-pad@1.3.0')
      .replace(/:[A-Za-z]+/g, 'sample');
  }

  it('sets the security headers on every route the product serves, and on the operator routes and 404s', async () => {
    const routes = productRoutes(hallmark.services);
    assert.ok(routes.length > 40, `found ${routes.length} routes`);
    const targets = [...routes.map((route) => ({method: route.method, path: sample(route.path)})), {method: 'get', path: '/healthz'}, {method: 'get', path: '/readyz'}, {method: 'get', path: '/metrics'}, {method: 'get', path: '/no/such/route'}];
    for (const {method, path} of targets) {
      for (const accept of ['application/json', 'text/html']) {
        const request = (http as unknown as Record<string, (path: string) => supertest.Test>)[method](path).set('Accept', accept);
        const response = method === 'get' || method === 'delete' ? await request : await request.send({});
        const where = `${method.toUpperCase()} ${path} (${accept}) → ${response.status}`;
        assert.equal(response.headers['x-content-type-options'], 'nosniff', where);
        assert.match(String(response.headers['content-security-policy']), /frame-ancestors 'none'/, where);
        assert.equal(response.headers['x-frame-options'], 'DENY', where);
        assert.equal(response.headers['strict-transport-security'], undefined, `${where}: no HSTS on a plain-http instance`);
        assert.ok(response.headers['x-request-id'], where);
        assert.equal(response.headers['x-powered-by'], undefined, where);
        assert.notEqual(response.status, 500, where);
      }
    }
  });

  it('sends HSTS when the public URL is https, and lets other origins embed badges', async () => {
    const t = await startHallmark({HALLMARK_PUBLIC_URL: 'https://badges.example.org'});
    try {
      const response = await t.http.get('/badges/00000000-0000-4000-8000-000000000000.svg');
      assert.match(String(response.headers['strict-transport-security']), /max-age=31536000/);
      assert.equal(response.headers['cross-origin-resource-policy'], 'cross-origin');
    } finally {
      await t.close();
    }
  });

  it('answers an undecodable compressed body with 4xx and no stack, logging one line', async () => {
    // Raw bytes (supertest would JSON-encode a Buffer sent as application/json).
    const post = (encoding: string, body: Buffer) =>
      fetch(`${base}/credentials/verify`, {method: 'POST', headers: {'Content-Type': 'application/json', 'Content-Encoding': encoding}, body});
    const garbage = await post('br', Buffer.from('definitely not brotli'));
    assert.ok(garbage.status === 400 || garbage.status === 415, String(garbage.status));
    const garbageText = await garbage.text();
    assert.doesNotMatch(garbageText, /at |node:|\.ts:/);
    assert.equal(JSON.parse(garbageText).error.kind, garbage.status === 400 ? 'invalid-input' : 'unsupported-media');
    const unknown = await post('zstd-ish', Buffer.from('{}'));
    assert.equal(unknown.status, 415);
    const good = await post('br', brotliCompressSync(Buffer.from(JSON.stringify({verifiableCredential: (await http.get(`/credentials/${uuid}`).set('Accept', 'application/json')).body}))));
    assert.equal(good.status, 200, 'a well-compressed body is read');
    assert.equal(((await good.json()) as {verified: boolean}).verified, true);
    const id = garbage.headers.get('x-request-id');
    await logs.next((line) => requestId(line) === id);
    const lines = logs.lines.filter((line) => requestId(line) === id);
    assert.equal(lines.length, 1, JSON.stringify(lines));
    assert.equal(lines[0].err, undefined, 'no stack for a client error');
  });

  it('logs an aborted body as one line without a stack', async () => {
    const socket = connect(Number(new URL(base).port), '127.0.0.1');
    await once(socket, 'connect');
    socket.write('POST /credentials/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\nX-Request-Id: aborted-body-0001\r\n\r\n{"verifiableCredential": {');
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();
    await logs.next((line) => requestId(line) === 'aborted-body-0001');
    const lines = logs.lines.filter((line) => requestId(line) === 'aborted-body-0001');
    assert.equal(lines.length, 1, JSON.stringify(lines));
    assert.doesNotMatch(JSON.stringify(lines[0]), /\n\s+at /, 'no stack trace');
  });

  it('echoes a sane incoming request id, makes one otherwise, and never logs tokens or queries', async () => {
    const echoed = await http.get('/api/v1/admin/tokens?secret=swordfish').set('X-Request-Id', 'proxy-req-12345678').set('Authorization', `Bearer ${ADMIN_TOKEN}`);
    assert.equal(echoed.headers['x-request-id'], 'proxy-req-12345678');
    const made = await http.get('/healthz').set('X-Request-Id', 'bad id with spaces');
    assert.match(String(made.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    const line = await logs.next((entry) => requestId(entry) === 'proxy-req-12345678');
    assert.deepEqual(line.req, {id: 'proxy-req-12345678', method: 'GET', path: '/api/v1/admin/tokens', remoteAddress: '127.0.0.1'});
    assert.equal((line.res as {status: number}).status, 200);
    const everything = logs.lines.map((entry) => JSON.stringify(entry)).join('\n');
    assert.doesNotMatch(everything, new RegExp(ADMIN_TOKEN));
    assert.doesNotMatch(everything, /swordfish/);
  });

  it('never logs the secret of an invitation link, only that one was opened', async () => {
    const secret = 'Sx'.repeat(21) + 'Q';
    await http.get(`/invitations/${secret}`).set('X-Request-Id', 'invitation-open-0001');
    const line = await logs.next((entry) => requestId(entry) === 'invitation-open-0001');
    assert.equal((line.req as {path: string}).path, '/invitations/[redacted]');
    assert.doesNotMatch(logs.lines.map((entry) => JSON.stringify(entry)).join('\n'), new RegExp(secret));
  });

  it('serves Prometheus metrics: requests by route, verification outcomes, status-list publications, queue depth', async () => {
    await http.get('/issuers/acme');
    await http.get(listPath);
    const credential = (await http.get(`/credentials/${uuid}`).set('Accept', 'application/json')).body;
    assert.equal((await http.post('/credentials/verify').send({verifiableCredential: credential})).status, 200);
    await hallmark.services.store.queues.enqueue('metrics-probe', {n: 1});
    const response = await http.get('/metrics');
    assert.equal(response.status, 200);
    assert.match(response.headers['content-type'], /text\/plain/);
    const text = response.text;
    assert.match(text, /hallmark_http_requests_total\{method="GET",route="\/issuers\/:slug",status="200"\} [1-9]/);
    assert.match(text, /hallmark_http_request_duration_seconds_bucket\{le="0\.1",method="GET",route="\/issuers\/:slug"\}/);
    assert.match(text, /hallmark_verifications_total\{status="valid"\} [1-9]/);
    assert.match(text, /hallmark_status_list_publications_total [1-9]/);
    assert.match(text, /hallmark_queue_depth\{queue="metrics-probe"\} 1/);
    assert.doesNotMatch(text, new RegExp(uuid), 'no ids in the series');
  });

  it('is live and ready, then not ready once shutdown begins', async () => {
    const ready = await http.get('/readyz');
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.body, {status: 'ready', checks: {store: true, keys: true, workers: true, accepting: true}});
    hallmark.beginShutdown();
    const going = await http.get('/readyz');
    assert.equal(going.status, 503);
    assert.equal(going.body.checks.accepting, false);
    assert.equal((await http.get('/healthz')).status, 200, 'still live while it finishes');
  });
});
