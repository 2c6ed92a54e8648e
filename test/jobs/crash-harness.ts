/**
 * The crash-point technique: a flow's set-up runs once in process and its
 * data directory is copied for every k; a real `hallmark serve` (with the
 * crash-after-writes preload) runs the flow over HTTP and is SIGKILLed right
 * after its k-th write to SQLite; a fresh server is started on what is left,
 * and the flow's invariants are required as it comes up, once resumption
 * has run, and after the client retries the request. k grows until the flow
 * finishes without being killed, so every write of the flow is a crash point.
 */
import assert from 'node:assert/strict';
import {spawn, type ChildProcess} from 'node:child_process';
import {once} from 'node:events';
import {cp, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';
import {DatabaseSync} from 'node:sqlite';
import {createServer} from 'node:http';
import type {AddressInfo} from 'node:net';
import supertest from 'supertest';
import {loadConfig} from '../../src/config.ts';
import {createHallmark} from '../../src/app.ts';
import {ADMIN_TOKEN, type TestHallmark} from '../helpers/hallmark.ts';

const SERVER = resolve(import.meta.dirname, 'crash-server.ts');
const PRELOAD = resolve(import.meta.dirname, 'crash-after-writes.ts');
const PUBLIC_URL = 'http://127.0.0.1:1';
export const ADMIN = {Authorization: `Bearer ${ADMIN_TOKEN}`};

const ENV = {HALLMARK_ADMIN_TOKEN: ADMIN_TOKEN, HALLMARK_PUBLIC_URL: PUBLIC_URL, HALLMARK_VERIFY_WORKERS: '0', HALLMARK_LOG_LEVEL: 'error', HALLMARK_FEDERATION: 'off', HALLMARK_RATE_LIMITS: 'verify=off'};

/** A running server of the suite, and read access to its SQLite file. */
export interface Server {
  base: string;
  /** JSON over HTTP; `status` and parsed `body`. */
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<{status: number; body: Record<string, unknown>}>;
  /** Runs a read-only query on the live database (WAL lets it read beside the server). */
  query(sql: string, params?: Array<string | number>): Array<Record<string, unknown>>;
}

export interface CrashFlow<S> {
  name: string;
  /** Builds the starting point in process (supertest); returns what the flow needs. */
  setup(t: TestHallmark): Promise<S>;
  /** The request that the crash interrupts; throws (connection cut) when the server dies under it. Returns its response. */
  act(server: Server, state: S): Promise<{status: number; body: Record<string, unknown>}>;
  /** What must hold at every moment, crash or not (checked as the restarted server comes up, before resumption). */
  safe(server: Server, state: S): Promise<void>;
  /** What must hold once resumption has run: the change finished or never began. Polled until it holds. */
  settled(server: Server, state: S): Promise<void>;
  /** After the client's retry succeeded: the change is done. */
  done(server: Server, state: S): Promise<void>;
  /** Status codes the flow's request (and its retry) answers with on success. */
  success: number[];
}

export interface CrashReport {
  /** Crash points exercised: writes 1..killed (the flow completed with `writes` writes when not killed). */
  killedAt: number[];
  completedAt: number;
}

/** Runs the flow's set-up once, then every crash point, `parallel` at a time. */
export async function runCrashPoints<S>(flow: CrashFlow<S>, options: {parallel?: number; maxWrites?: number} = {}): Promise<CrashReport> {
  const root = await mkdtemp(join(tmpdir(), `hallmark-crash-${flow.name}-`));
  try {
    const template = join(root, 'template');
    const state = await setUp(flow, template);
    const killedAt: number[] = [];
    let completedAt = Number.POSITIVE_INFINITY;
    const maxWrites = options.maxWrites ?? 200;
    const points = crashPointsToTry(flow.name, maxWrites);
    const worker = async () => {
      for (let k = points.shift(); k !== undefined && k < completedAt; k = points.shift()) {
        const outcome = await crashPoint(flow, state, template, join(root, `k${k}`), k);
        if (outcome === 'completed') completedAt = Math.min(completedAt, k);
        else killedAt.push(k);
      }
    };
    warmServers.size = options.parallel ?? 2;
    await Promise.all(Array.from({length: options.parallel ?? 2}, () => worker()));
    assert.ok(Number.isFinite(completedAt), `${flow.name}: the flow never completed within ${maxWrites} writes`);
    return {killedAt: killedAt.filter((k) => k < completedAt).sort((a, b) => a - b), completedAt};
  } finally {
    await rm(root, {recursive: true, force: true});
  }
}

/**
 * Which writes to crash after. Every one takes minutes for all flows, so
 * `npm test` tries write 1 and every CRASH_STRIDE-th from an offset drawn per
 * run (printed, and fixed with HALLMARK_CRASH_OFFSET), so that runs together
 * cover every write; `npm run soak -- crash-points` sets HALLMARK_CRASH_STRIDE=1
 * and tries them all.
 */
function crashPointsToTry(flow: string, maxWrites: number): number[] {
  const stride = Math.max(1, Number(process.env.HALLMARK_CRASH_STRIDE ?? 4));
  const offset = Number(process.env.HALLMARK_CRASH_OFFSET ?? 1 + Math.floor(Math.random() * stride)) % stride;
  const points = Array.from({length: maxWrites}, (_, i) => i + 1).filter((k) => k === 1 || k % stride === offset);
  console.log(`${flow}: crash points every ${stride} write(s) from offset ${offset} (HALLMARK_CRASH_STRIDE / HALLMARK_CRASH_OFFSET)`);
  return points;
}

async function setUp<S>(flow: CrashFlow<S>, dataDir: string): Promise<S> {
  const hallmark = await createHallmark(loadConfig({...ENV, HALLMARK_DATA_DIR: dataDir}));
  try {
    const t: TestHallmark = {hallmark, http: supertest(hallmark.app), dataDir, admin: ADMIN, close: async () => undefined};
    return await flow.setup(t);
  } finally {
    await hallmark.close();
  }
}

/** One crash point: 'killed' when the server died after write k, 'completed' when the flow needed fewer writes. */
async function crashPoint<S>(flow: CrashFlow<S>, state: S, template: string, dataDir: string, k: number): Promise<'killed' | 'completed'> {
  await cp(template, dataDir, {recursive: true});
  const armFile = join(dataDir, 'crash-armed');
  const crashing = await warmServers.take({...ENV, HALLMARK_DATA_DIR: dataDir, HALLMARK_CRASH_AFTER_WRITES: String(k), HALLMARK_CRASH_ARM_FILE: armFile});
  const died = once(crashing.child, 'exit');
  await writeFile(armFile, '');
  const answered = await flow.act(crashing.server, state).then((response) => response, () => null);
  if (answered && crashing.child.exitCode === null && crashing.child.signalCode === null) {
    assert.ok(flow.success.includes(answered.status), `${flow.name}: the uninterrupted request answered ${answered.status} ${JSON.stringify(answered.body)}`);
    await crashing.stop();
    await rm(dataDir, {recursive: true, force: true});
    return 'completed';
  }
  const [, signal] = await died;
  assert.equal(signal, 'SIGKILL', `${flow.name} k=${k}: the server died of something else:\n${crashing.output()}`);
  // The restart runs in this process: the same service on the files the killed one left, without paying the module load again.
  const restarted = await serveHere(dataDir);
  try {
    const where = `${flow.name}, killed after write ${k}`;
    await withContext(where, () => flow.safe(restarted.server, state));
    await eventually(where, () => flow.settled(restarted.server, state));
    await withContext(where, () => flow.safe(restarted.server, state));
    const retried = await flow.act(restarted.server, state);
    assert.ok(flow.success.includes(retried.status), `${where}: the client's retry answered ${retried.status} ${JSON.stringify(retried.body)}`);
    await withContext(where, () => flow.done(restarted.server, state));
  } finally {
    await restarted.stop();
    await rm(dataDir, {recursive: true, force: true});
  }
  return 'killed';
}

async function withContext(where: string, check: () => Promise<void>): Promise<void> {
  try {
    await check();
  } catch (error) {
    if (error instanceof Error) error.message = `${where}: ${error.message}`;
    throw error;
  }
}

/** Resumption runs in the background: poll the invariant for a while before failing on it. */
async function eventually(where: string, check: () => Promise<void>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        if (error instanceof Error) error.message = `${where}, not settled after ${timeoutMs} ms: ${error.message}`;
        throw error;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

interface ChildServer {
  child: ChildProcess;
  server: Server;
  output(): string;
  stop(): Promise<void>;
}

/** Child servers with their modules already loaded, so a crash point waits only for start-up proper. */
class WarmServers {
  readonly #spares: Array<ReturnType<typeof spawnWarm>> = [];
  size = 2;

  async take(env: Record<string, string>): Promise<ChildServer> {
    const warm = this.#spares.shift() ?? spawnWarm();
    while (this.#spares.length < this.size) this.#spares.push(spawnWarm());
    return warm.start(env);
  }

  drain(): void {
    for (const spare of this.#spares.splice(0)) spare.child.kill('SIGKILL');
  }
}

function spawnWarm() {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', '--import', PRELOAD, SERVER], {
    env: {...process.env, PORT: '0'},
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr?.on('data', (chunk) => (output += chunk));
  const listening = new Promise<number>((resolvePort, reject) => {
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      const match = /listening on port (\d+)/.exec(output);
      if (match) resolvePort(Number(match[1]));
    });
    child.once('exit', (code, signal) => reject(new Error(`serve exited with ${code ?? signal}: ${output}`)));
  });
  listening.catch(() => undefined);
  return {
    child,
    async start(env: Record<string, string>): Promise<ChildServer> {
      child.stdin?.end(`${JSON.stringify(env)}\n`);
      const port = await listening;
      return {
        child,
        server: httpServer(`http://127.0.0.1:${port}`, env.HALLMARK_DATA_DIR ?? ''),
        output: () => output,
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return;
          const exited = once(child, 'exit');
          child.kill('SIGTERM');
          await exited;
        },
      };
    },
  };
}

const warmServers = new WarmServers();

/** Kills the spare servers kept warm; call once the suite is done. */
export function closeWarmServers(): void {
  warmServers.drain();
}

/** Starts the service in this process on a data directory, listening on a free loopback port. */
async function serveHere(dataDir: string): Promise<{server: Server; stop(): Promise<void>}> {
  const hallmark = await createHallmark(loadConfig({...ENV, HALLMARK_DATA_DIR: dataDir}));
  const listener = createServer(hallmark.app);
  listener.listen(0, '127.0.0.1');
  await once(listener, 'listening');
  const {port} = listener.address() as AddressInfo;
  return {
    server: httpServer(`http://127.0.0.1:${port}`, dataDir),
    async stop() {
      listener.closeAllConnections();
      await new Promise((resolve) => listener.close(resolve));
      await hallmark.close();
    },
  };
}

function httpServer(base: string, dataDir: string): Server {
  const database = join(dataDir, 'hallmark.sqlite');
  return {
    base,
    async call(method, path, body, headers = {}) {
      const response = await fetch(`${base}${path}`, {
        method,
        headers: {...(body === undefined ? {} : {'Content-Type': 'application/json'}), Accept: 'application/json', ...headers},
        ...(body === undefined ? {} : {body: JSON.stringify(body)}),
      });
      const text = await response.text();
      return {status: response.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>)};
    },
    query(sql, params = []) {
      const db = new DatabaseSync(database, {readOnly: true});
      try {
        return db.prepare(sql).all(...params) as Array<Record<string, unknown>>;
      } finally {
        db.close();
      }
    },
  };
}

/** The verify pipeline's verdict on a credential, as any client gets it. */
export async function verdict(server: Server, credential: unknown): Promise<{verified: boolean; status: string}> {
  const {body} = await server.call('POST', '/credentials/verify', {verifiableCredential: credential});
  return {verified: body.verified === true, status: String(body.status)};
}
