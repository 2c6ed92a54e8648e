import {mkdtemp, rm} from 'node:fs/promises';
import type {AddressInfo} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import autocannon from 'autocannon';
import {createHallmark} from '../../src/app.ts';
import {loadConfig} from '../../src/config.ts';
import type {Section} from '../section.ts';

const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';
const BADGE = {
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  name: 'Vetted release',
  credentialSubject: {
    id: 'https://registry.example/packages/left-pad',
    type: ['AchievementSubject'],
    achievement: {id: 'https://bench.example/achievements/safe', type: ['Achievement'], name: 'Safe to run', description: 'Reviewed.', criteria: {narrative: 'Audited.'}},
  },
};

/**
 * The README badge endpoint under load: a real server on loopback with one
 * issued credential, hammered by autocannon. No reference stack exists for
 * it; the target is thousands of requests per second, p99 < 20 ms.
 */
export const section: Section = {
  name: 'README badge endpoint',
  async run({quick}) {
    const dataDir = await mkdtemp(join(tmpdir(), 'hallmark-bench-'));
    const hallmark = await createHallmark(loadConfig({HALLMARK_DATA_DIR: dataDir, HALLMARK_ADMIN_TOKEN: ADMIN_TOKEN, HALLMARK_LOG_LEVEL: 'warn'}));
    const server = hallmark.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const headers = {Authorization: `Bearer ${ADMIN_TOKEN}`, 'Content-Type': 'application/json'};
      const issuer = await fetch(`${base}/api/v1/issuers`, {method: 'POST', headers, body: JSON.stringify({slug: 'bench', name: 'Bench office'})});
      if (issuer.status !== 201) return {name: this.name, notAvailable: `creating an issuer failed (${issuer.status})`};
      const issued = await fetch(`${base}/issuers/bench/credentials/issue`, {method: 'POST', headers, body: JSON.stringify({credential: BADGE})});
      const {verifiableCredential} = (await issued.json()) as {verifiableCredential: {id: string}};
      const url = `${base}/badges/${verifiableCredential.id.replace(/^urn:uuid:/, '')}.svg`;
      const probe = await fetch(url);
      await probe.arrayBuffer();
      if (probe.status !== 200 || !String(probe.headers.get('content-type')).includes('svg')) {
        return {name: this.name, notAvailable: `GET /badges/{id}.svg answered ${probe.status}: the endpoint is not on this branch`};
      }
      const result = await autocannon({url, connections: 10, duration: quick ? 3 : 8});
      return {
        name: this.name,
        rows: [
          {metric: 'badge SVG requests', unit: 'req/s', ours: result.requests.average, note: `${result.non2xx} non-2xx, ${result.errors} errors`},
          {metric: 'badge SVG latency p50', unit: 'ms', ours: result.latency.p50},
          {metric: 'badge SVG latency p99', unit: 'ms', ours: result.latency.p99},
        ],
      };
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await hallmark.close();
      await rm(dataDir, {recursive: true, force: true});
    }
  },
};
