import {mkdtemp, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import supertest from 'supertest';
import {loadConfig} from '../../src/config.ts';
import {createHallmark, type Hallmark} from '../../src/app.ts';
import {checkedClient} from './openapi-check.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

export interface TestHallmark {
  hallmark: Hallmark;
  http: ReturnType<typeof supertest>;
  dataDir: string;
  admin: {Authorization: string};
  close(): Promise<void>;
}

/** A real instance on a fresh SQLite file in a temp dir, driven through supertest over loopback. */
export async function startHallmark(env: Record<string, string> = {}): Promise<TestHallmark> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hallmark-test-'));
  // Request lines (info) would bury the test output; warnings and errors still show.
  const config = loadConfig({HALLMARK_DATA_DIR: dataDir, HALLMARK_ADMIN_TOKEN: ADMIN_TOKEN, HALLMARK_LOG_LEVEL: 'warn', ...env});
  const hallmark = await createHallmark(config);
  return {
    hallmark,
    // Every response is held to the OpenAPI document (test/helpers/openapi-check.ts).
    http: checkedClient(supertest(hallmark.app), config.publicUrl),
    dataDir,
    admin: {Authorization: `Bearer ${ADMIN_TOKEN}`},
    async close() {
      await hallmark.close();
      await rm(dataDir, {recursive: true, force: true});
    },
  };
}

export const BADGE = {
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  name: 'Vetted release',
  credentialSubject: {
    id: 'https://example.org/packages/left-pad',
    type: ['AchievementSubject'],
    achievement: {
      id: 'https://example.org/achievements/safe-to-run',
      type: ['Achievement'],
      name: 'Safe to run',
      description: 'Reviewed and found safe to run.',
      criteria: {narrative: 'Two independent audits found nothing unsafe.'},
    },
  },
};

export async function createIssuer(t: TestHallmark, slug = 'acme', extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const response = await t.http.post('/api/v1/issuers').set(t.admin).send({slug, name: `${slug} community`, ...extra});
  if (response.status !== 201) throw new Error(`creating issuer failed: ${response.status} ${JSON.stringify(response.body)}`);
  return JSON.parse(response.text) as Record<string, unknown>;
}

export async function issueBadge(t: TestHallmark, slug = 'acme', options: Record<string, unknown> = {}, credential: Record<string, unknown> = BADGE): Promise<Record<string, unknown>> {
  const response = await t.http.post(`/issuers/${slug}/credentials/issue`).set(t.admin).send({credential, options});
  if (response.status !== 201) throw new Error(`issuing failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body.verifiableCredential as Record<string, unknown>;
}
