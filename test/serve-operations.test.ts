import assert from 'node:assert/strict';
import {once} from 'node:events';
import {mkdtemp, rm} from 'node:fs/promises';
import {connect, type Socket} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {after, before, describe, it} from 'node:test';
import {BADGE} from './helpers/hallmark.ts';
import {serveChild} from './helpers/serve.ts';

const ADMIN = 'serve-operations-admin-token-0123456789';

interface RawClient {
  socket: Socket;
  /** Resolves when the server closes the connection (or after `withinMs`, with closed false): what it sent, and when. */
  ended(withinMs: number): Promise<{closed: boolean; received: string; afterMs: number}>;
}

/** A bare TCP client, to send a request as slowly as an attacker would. */
async function rawClient(port: number): Promise<RawClient> {
  const socket = connect({host: '127.0.0.1', port});
  socket.on('error', () => {});
  await once(socket, 'connect');
  const started = performance.now();
  let received = '';
  socket.on('data', (chunk) => (received += chunk.toString('latin1')));
  const closed = once(socket, 'close').then(() => true);
  return {
    socket,
    async ended(withinMs) {
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), withinMs)));
      const wasClosed = await Promise.race([closed, gaveUp]);
      clearTimeout(timer);
      return {closed: wasClosed, received, afterMs: performance.now() - started};
    },
  };
}
const auth = {Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json'};

describe('hallmark serve as an operator runs it', () => {
  let dataDir = '';
  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'hallmark-serve-ops-'));
  });
  after(async () => {
    await rm(dataDir, {recursive: true, force: true});
  });

  it('loses no acknowledged request across a SIGTERM restart under load, and answers every request it accepted', async () => {
    const env = {HALLMARK_DATA_DIR: dataDir, HALLMARK_ADMIN_TOKEN: ADMIN, HALLMARK_VERIFY_WORKERS: '0', HALLMARK_PUBLIC_URL: 'http://127.0.0.1:1'};
    const first = await serveChild(env);
    const created = await fetch(`${first.base}/api/v1/issuers`, {method: 'POST', headers: auth, body: JSON.stringify({slug: 'acme', name: 'Acme'})});
    assert.equal(created.status, 201);

    const acknowledged: string[] = [];
    /** Requests whose connection closed with no answer: kept with their Idempotency-Key to retry. */
    const unanswered: Array<{key: string; code: string}> = [];
    const other: string[] = [];
    let stopping = false;
    let sequence = 0;
    const worker = async () => {
      for (;;) {
        const key = `sigterm-${sequence++}`;
        try {
          const response = await fetch(`${first.base}/issuers/acme/credentials/issue`, {method: 'POST', headers: {...auth, 'Idempotency-Key': key}, body: JSON.stringify({credential: BADGE})});
          const body = (await response.json()) as {verifiableCredential?: {id: string}};
          if (response.status === 201 && body.verifiableCredential) acknowledged.push(body.verifiableCredential.id);
          else other.push(`status ${response.status}`);
        } catch (error) {
          const code = (error as {cause?: {code?: string}}).cause?.code ?? String(error);
          if (code !== 'ECONNREFUSED') unanswered.push({key, code});
          if (stopping) return;
        }
      }
    };
    const workers = Array.from({length: 6}, () => worker());
    while (acknowledged.length < 30) await new Promise((resolve) => setTimeout(resolve, 20));
    stopping = true;
    assert.equal(await first.stop('SIGTERM'), 0, first.output());
    await Promise.all(workers);
    assert.deepEqual(other, [], 'no request failed with an error status');
    assert.ok(unanswered.every(({code}) => ['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE'].includes(code)), JSON.stringify(unanswered));

    const second = await serveChild(env);
    try {
      for (const id of acknowledged) {
        const uuid = id.split(':').pop();
        const stored = await fetch(`${second.base}/credentials/${uuid}`, {headers: {Accept: 'application/json'}});
        assert.equal(stored.status, 200, `acknowledged ${id} survived the restart`);
      }
      // A connection cut before any answer (the kernel's accept backlog when the listener closes)
      // carried a request the server never started: retried with its key, it is issued now, not replayed.
      for (const {key} of unanswered) {
        const retried = await fetch(`${second.base}/issuers/acme/credentials/issue`, {method: 'POST', headers: {...auth, 'Idempotency-Key': key}, body: JSON.stringify({credential: BADGE})});
        assert.equal(retried.status, 201);
        assert.equal(retried.headers.get('idempotent-replayed'), null, `${key}: the first server had done it but its answer was lost`);
      }
    } finally {
      assert.equal(await second.stop(), 0);
    }
  });

  it('cuts off a client trickling its headers and one stalling its body with 408, and serves a slow but complete request', async () => {
    const served = await serveChild({HALLMARK_DATA_DIR: dataDir, HALLMARK_ADMIN_TOKEN: ADMIN, HALLMARK_VERIFY_WORKERS: '0', HALLMARK_PUBLIC_URL: 'http://127.0.0.1:1', HALLMARK_HEADERS_TIMEOUT: '1', HALLMARK_REQUEST_TIMEOUT: '2'});
    // Node's own bounds (60 s for headers, 300 s for the request) would keep both connections open far past this.
    const patience = 15_000;
    try {
      // Slow loris: a new header line every 100 ms, never the blank line that ends them.
      const loris = await rawClient(served.port);
      loris.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
      let line = 0;
      const trickle = setInterval(() => loris.socket.writable && loris.socket.write(`X-Loris-${line++}: a\r\n`), 100);
      const lorisEnd = await loris.ended(patience);
      clearInterval(trickle);
      assert.ok(lorisEnd.closed, `the trickling client was still connected after ${patience} ms`);
      assert.match(lorisEnd.received, /^HTTP\/1\.1 408 /);
      assert.ok(lorisEnd.afterMs >= 900, `cut off after ${Math.round(lorisEnd.afterMs)} ms, before its second was up`);

      // Headers complete, then a body that stops arriving.
      const stalled = await rawClient(served.port);
      stalled.socket.write('POST /credentials/verify HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"verifiableCredential": ');
      const stalledEnd = await stalled.ended(patience);
      assert.ok(stalledEnd.closed, `the stalled body was still connected after ${patience} ms`);
      assert.match(stalledEnd.received, /^HTTP\/1\.1 408 /);
      assert.ok(stalledEnd.afterMs >= 1_900, `cut off after ${Math.round(stalledEnd.afterMs)} ms, before its two seconds were up`);

      // Slow, but whole within the bounds: served.
      const slow = await rawClient(served.port);
      slow.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n');
      await new Promise((resolve) => setTimeout(resolve, 300));
      slow.socket.write('Connection: close\r\n\r\n');
      const slowEnd = await slow.ended(patience);
      assert.match(slowEnd.received, /^HTTP\/1\.1 200 /);
      assert.equal((await fetch(`${served.base}/healthz`)).status, 200, 'the server is unharmed');
    } finally {
      assert.equal(await served.stop(), 0);
    }
  });

  it('caps open connections in total (HALLMARK_MAX_CONNECTIONS), and serves again once they close', async () => {
    const served = await serveChild({HALLMARK_DATA_DIR: dataDir, HALLMARK_ADMIN_TOKEN: ADMIN, HALLMARK_MAX_CONNECTIONS: '5', HALLMARK_VERIFY_WORKERS: '0', HALLMARK_PUBLIC_URL: 'http://127.0.0.1:1'});
    const sockets: Socket[] = [];
    try {
      // Eight idle connections from four addresses, two each: under the per-client cap, over the total.
      for (let n = 0; n < 8; n++) {
        const socket = connect({host: '127.0.0.1', port: served.port, localAddress: `127.0.0.${3 + (n % 4)}`});
        socket.on('error', () => {});
        sockets.push(socket);
        await once(socket, 'connect').catch(() => {});
      }
      const open = await Promise.all(sockets.map((socket) => new Promise<boolean>((resolve) => {
        if (socket.destroyed) return resolve(false);
        const timer = setTimeout(() => resolve(true), 1000);
        socket.once('close', () => {
          clearTimeout(timer);
          resolve(false);
        });
      })));
      assert.equal(open.filter(Boolean).length, 5, 'five connections stay open, the rest are dropped');
      for (const socket of sockets) socket.destroy();
      let status = 0;
      for (let attempt = 0; attempt < 50 && status !== 200; attempt++) {
        status = await fetch(`${served.base}/healthz`, {headers: {Connection: 'close'}}).then((response) => response.status, () => 0);
        if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      assert.equal(status, 200, 'served again once the connections closed');
    } finally {
      for (const socket of sockets) socket.destroy();
      assert.equal(await served.stop(), 0);
    }
  });

  it('listens where HALLMARK_HOST says, and caps connections per client address', async () => {
    const served = await serveChild({HALLMARK_DATA_DIR: dataDir, HALLMARK_ADMIN_TOKEN: ADMIN, HALLMARK_HOST: '127.0.0.2', HALLMARK_MAX_CONNECTIONS_PER_CLIENT: '4', HALLMARK_VERIFY_WORKERS: '0', HALLMARK_PUBLIC_URL: 'http://127.0.0.1:1'}, '127.0.0.2');
    const sockets: Socket[] = [];
    try {
      await assert.rejects(fetch(`http://127.0.0.1:${served.port}/healthz`), 'not listening on 127.0.0.1');
      assert.equal((await fetch(`${served.base}/healthz`)).status, 200);
      // Twenty idle connections from one address: only four are kept.
      for (let n = 0; n < 20; n++) {
        const socket = connect({host: '127.0.0.2', port: served.port, localAddress: '127.0.0.3'});
        socket.on('error', () => {});
        sockets.push(socket);
      }
      await Promise.all(sockets.map((socket) => once(socket, 'connect').catch(() => {})));
      const closed = await Promise.all(sockets.map((socket) => new Promise<boolean>((resolve) => {
        if (socket.destroyed) return resolve(true);
        const timer = setTimeout(() => resolve(false), 1000);
        socket.once('close', () => {
          clearTimeout(timer);
          resolve(true);
        });
      })));
      assert.equal(closed.filter((wasClosed) => !wasClosed).length, 4, 'four idle connections stay open');
      assert.equal((await fetch(`${served.base}/healthz`)).status, 200, 'another address is still served');
    } finally {
      for (const socket of sockets) socket.destroy();
      assert.equal(await served.stop(), 0);
    }
  });
});
