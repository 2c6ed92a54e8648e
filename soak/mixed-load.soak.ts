/**
 * Mixed load with random kills. Each round runs concurrent clients against a
 * real `hallmark serve` (issue, revoke, verify, README badges, status lists)
 * for a moment, then kills the server — SIGKILL or SIGTERM at random —
 * restarts it on the same data, and checks that everything acknowledged so
 * far is still true: each acknowledged credential is served, each
 * acknowledged revocation shows. Prints acknowledged operations, losses,
 * error rate and latency percentiles; exits 1 unless losses and errors are 0.
 *
 * First, --steady seconds of the same mixed load with no kill (default 120), so
 * the latency percentiles and the throughput describe a server that has
 * warmed up; then the kill rounds.
 *
 * Options: --rounds N (default 100), --seconds S (load per round is chosen so
 * the kill rounds take about S, default 180), --clients C (default 8),
 * --steady S (default 120; 0 skips it).
 */
import {spawn, type ChildProcess} from 'node:child_process';
import {once} from 'node:events';
import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join, resolve} from 'node:path';

const option = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  const value = at < 0 ? Number.NaN : Number(process.argv[at + 1]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
};
const ROUNDS = option('rounds', 100);
const SECONDS = option('seconds', 180);
const CLIENTS = option('clients', 8);
const STEADY = process.argv.includes('--steady') ? Math.max(0, Number(process.argv[process.argv.indexOf('--steady') + 1]) || 0) : 120;
const CLI = resolve(import.meta.dirname, '../src/cli.ts');
const ADMIN = 'soak-admin-token-0123456789abcdefghijklmnop';
const BADGE = {
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  name: 'Soaked release',
  credentialSubject: {type: ['AchievementSubject'], achievement: {id: 'https://example.org/soak', type: ['Achievement'], name: 'Soaked', description: 'Survived the soak.', criteria: {narrative: 'Kill it a hundred times.'}}},
};

interface Server {
  child: ChildProcess;
  base: string;
}

async function startServer(dataDir: string): Promise<Server> {
  const child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', CLI, 'serve'], {
    env: {...process.env, PORT: '0', HALLMARK_DATA_DIR: dataDir, HALLMARK_ADMIN_TOKEN: ADMIN, HALLMARK_PUBLIC_URL: 'http://127.0.0.1:1', HALLMARK_LOG_LEVEL: 'warn', HALLMARK_RATE_LIMITS: 'verify=off', HALLMARK_VERIFY_WORKERS: '0', HALLMARK_SWEEP_INTERVAL: '0'},
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const port = await new Promise<number>((resolvePort, reject) => {
    child.stdout?.on('data', (chunk) => {
      output += chunk;
      const match = /listening on port (\d+)/.exec(output);
      if (match) resolvePort(Number(match[1]));
    });
    child.stderr?.on('data', (chunk) => (output += chunk));
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${output}`)));
  });
  child.removeAllListeners('exit');
  return {child, base: `http://127.0.0.1:${port}`};
}

let latencies: number[] = [];
const totals = {acknowledged: 0, issued: 0, revoked: 0, verified: 0, badges: 0, lists: 0, errors: 0, unanswered: 0, losses: 0};
const errorSamples: string[] = [];
const credentials = new Map<string, {revoked: boolean}>();

const auth = {Authorization: `Bearer ${ADMIN}`, 'Content-Type': 'application/json'};

/** One request; null when the server went away before answering (not acknowledged, not an error). */
async function call(url: string, init: RequestInit = {}): Promise<Response | null> {
  const started = performance.now();
  try {
    const response = await fetch(url, {...init, signal: AbortSignal.timeout(30_000)});
    await response.clone().arrayBuffer();
    latencies.push(performance.now() - started);
    if (response.status >= 500 || response.status === 429) {
      totals.errors++;
      if (errorSamples.length < 5) errorSamples.push(`${init.method ?? 'GET'} ${new URL(url).pathname} → ${response.status}`);
    }
    return response;
  } catch {
    totals.unanswered++;
    return null;
  }
}

function expect(ok: boolean, what: string): void {
  if (ok) return;
  totals.errors++;
  if (errorSamples.length < 5) errorSamples.push(what);
}

async function client(server: Server, until: number): Promise<void> {
  while (Date.now() < until) {
    const roll = Math.random();
    const known = [...credentials.entries()];
    const pick = known[Math.floor(Math.random() * known.length)];
    if (roll < 0.4 || pick === undefined) {
      const response = await call(`${server.base}/issuers/soak/credentials/issue`, {method: 'POST', headers: auth, body: JSON.stringify({credential: BADGE})});
      if (response === null) continue;
      const body = (await response.json()) as {verifiableCredential?: {id: string}};
      expect(response.status === 201 && body.verifiableCredential !== undefined, `issue → ${response.status}`);
      if (body.verifiableCredential) {
        credentials.set(body.verifiableCredential.id, {revoked: false});
        totals.issued++;
        totals.acknowledged++;
      }
    } else if (roll < 0.55) {
      const [id, state] = pick;
      if (state.revoked) continue;
      const response = await call(`${server.base}/issuers/soak/credentials/status`, {method: 'POST', headers: auth, body: JSON.stringify({credentialId: id, credentialStatus: [{type: 'BitstringStatusListEntry', statusPurpose: 'revocation', status: true}]})});
      if (response === null) continue;
      expect(response.status === 200, `revoke → ${response.status}`);
      if (response.status === 200) {
        state.revoked = true;
        totals.revoked++;
        totals.acknowledged++;
      }
    } else if (roll < 0.7) {
      const [id, state] = pick;
      const credential = await call(`${server.base}/credentials/${id.split(':').pop()}`, {headers: {Accept: 'application/json'}});
      if (credential === null) continue;
      const response = await call(`${server.base}/credentials/verify`, {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify({verifiableCredential: await credential.json()})});
      if (response === null) continue;
      const report = (await response.json()) as {status?: string};
      // Revoked is what our records say once acknowledged; valid until then (a revocation in flight may already show).
      expect(state.revoked ? report.status === 'revoked' : report.status === 'valid' || report.status === 'revoked', `verify ${id} → ${report.status}`);
      totals.verified++;
    } else if (roll < 0.9) {
      const [id, state] = pick;
      const response = await call(`${server.base}/badges/${id.split(':').pop()}.svg`);
      if (response === null) continue;
      const svg = await response.text();
      expect(!state.revoked || svg.includes('>revoked<'), `badge of revoked ${id} does not say revoked`);
      totals.badges++;
    } else {
      const [id] = pick;
      const credential = await call(`${server.base}/credentials/${id.split(':').pop()}`, {headers: {Accept: 'application/json'}});
      if (credential === null) continue;
      const list = ((await credential.json()) as {credentialStatus: {statusListCredential: string}}).credentialStatus.statusListCredential;
      const response = await call(`${server.base}${new URL(list).pathname}`);
      if (response === null) continue;
      expect(response.status === 200, `status list → ${response.status}`);
      totals.lists++;
    }
  }
}

/** Every acknowledged credential is served, every acknowledged revocation holds. */
async function audit(server: Server, ids: Iterable<string>): Promise<void> {
  for (const id of ids) {
    const state = credentials.get(id);
    if (!state) continue;
    const uuid = id.split(':').pop();
    const stored = await fetch(`${server.base}/credentials/${uuid}`, {headers: {Accept: 'application/json'}});
    if (stored.status !== 200) {
      totals.losses++;
      console.log(`LOST: ${id} was acknowledged but is gone (${stored.status})`);
      continue;
    }
    if (state.revoked) {
      const svg = await (await fetch(`${server.base}/badges/${uuid}.svg`)).text();
      if (!svg.includes('>revoked<')) {
        totals.losses++;
        console.log(`LOST: the revocation of ${id} was acknowledged but does not hold`);
      }
    }
  }
}

function percentile(sorted: number[], p: number): string {
  if (sorted.length === 0) return 'n/a';
  return `${sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(1)} ms`;
}

/** Operations answered, errors, and latency percentiles, in one line. */
function summary(counts: typeof totals, times: number[], seconds: number): string {
  const sorted = [...times].sort((a, b) => a - b);
  return `${counts.acknowledged} acknowledged (${counts.issued} issuances, ${counts.revoked} revocations), ${counts.verified} verifications, ${counts.badges} badges, ${counts.lists} status lists; ` +
    `${sorted.length} requests in ${seconds} s (${(sorted.length / seconds).toFixed(1)}/s), ${counts.errors} errors; ` +
    `latency p50 ${percentile(sorted, 50)}, p95 ${percentile(sorted, 95)}, p99 ${percentile(sorted, 99)}, max ${percentile(sorted, 100)}`;
}

let steady: {seconds: number; latencies: number[]; totals: typeof totals} | undefined;
const dataDir = await mkdtemp(join(tmpdir(), 'hallmark-soak-'));
const startedAt = Date.now();
let server = await startServer(dataDir);
try {
  const created = await fetch(`${server.base}/api/v1/issuers`, {method: 'POST', headers: auth, body: JSON.stringify({slug: 'soak', name: 'Soak'})});
  if (created.status !== 201) throw new Error(`creating the issuer failed: ${created.status}`);
  if (STEADY > 0) {
    const until = Date.now() + STEADY * 1000;
    await Promise.all(Array.from({length: CLIENTS}, () => client(server, until)));
    await audit(server, credentials.keys());
    steady = {seconds: STEADY, latencies, totals: {...totals}};
    latencies = [];
    console.log(`steady load: ${summary(steady.totals, steady.latencies, STEADY)}`);
  }
  const killsStartedAt = Date.now();
  const kills = {SIGKILL: 0, SIGTERM: 0};
  for (let round = 1; round <= ROUNDS; round++) {
    const remaining = Math.max(0, SECONDS * 1000 - (Date.now() - killsStartedAt));
    const loadMs = Math.max(200, Math.min(3000, remaining / (ROUNDS - round + 1) / 2)) * (0.5 + Math.random());
    const before = new Set(credentials.keys());
    const revokedBefore = new Set([...credentials].filter(([, state]) => state.revoked).map(([id]) => id));
    const until = Date.now() + loadMs;
    const load = Array.from({length: CLIENTS}, () => client(server, until));
    await new Promise((resolveWait) => setTimeout(resolveWait, loadMs));
    // Each client has a request in flight now: kill the server under it.
    const signal = Math.random() < 0.5 ? 'SIGKILL' : 'SIGTERM';
    kills[signal]++;
    const exited = once(server.child, 'exit');
    server.child.kill(signal);
    await exited;
    await Promise.all(load);
    server = await startServer(dataDir);
    const touched = [...credentials].filter(([id, state]) => !before.has(id) || (state.revoked && !revokedBefore.has(id))).map(([id]) => id);
    await audit(server, touched);
    if (round % 10 === 0 || round === ROUNDS) {
      console.log(`round ${round}/${ROUNDS}: ${totals.acknowledged} acknowledged, ${totals.losses} lost, ${totals.errors} errors (${kills.SIGKILL} SIGKILL, ${kills.SIGTERM} SIGTERM)`);
    }
  }
  // Everything ever acknowledged is checked once more.
  await audit(server, credentials.keys());
} finally {
  server.child.kill('SIGTERM');
  await once(server.child, 'exit').catch(() => {});
}
await rm(dataDir, {recursive: true, force: true});

const sorted = [...(steady?.latencies ?? []), ...latencies].sort((a, b) => a - b);
const requests = sorted.length;
console.log(`
mixed load, ${CLIENTS} clients: ${steady ? `${steady.seconds} s steady, then ` : ''}${ROUNDS} rounds with random kills; ${((Date.now() - startedAt) / 1000).toFixed(0)} s in all
${steady ? `steady load: ${summary(steady.totals, steady.latencies, steady.seconds)}\n` : ''}in all:
acknowledged operations: ${totals.acknowledged} (${totals.issued} issuances, ${totals.revoked} revocations)
other requests answered: ${totals.verified} verifications, ${totals.badges} badges, ${totals.lists} status lists
losses: ${totals.losses}
error rate: ${totals.errors} of ${requests} answered requests (${((100 * totals.errors) / Math.max(1, requests)).toFixed(3)} %)${errorSamples.length ? `; e.g. ${errorSamples.join('; ')}` : ''}
unanswered (cut off by a kill, never acknowledged): ${totals.unanswered}
latency: p50 ${percentile(sorted, 50)}, p95 ${percentile(sorted, 95)}, p99 ${percentile(sorted, 99)}, max ${percentile(sorted, 100)}`);
process.exit(totals.losses === 0 && totals.errors === 0 ? 0 : 1);
