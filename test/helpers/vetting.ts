import type {TestHallmark} from './hallmark.ts';

export type Auth = {Authorization: string};

export async function createAccount(t: TestHallmark, handle: string, extra: Record<string, unknown> = {}, auth: Auth = t.admin): Promise<Record<string, unknown>> {
  const response = await t.http.post('/api/v1/accounts').set(auth).send({handle, kind: 'person', name: `Person ${handle}`, ...extra});
  if (response.status !== 201) throw new Error(`creating account failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as Record<string, unknown>;
}

export async function accountAuth(t: TestHallmark, handle: string): Promise<Auth> {
  const response = await t.http.post(`/api/v1/accounts/${handle}/tokens`).set(t.admin).send({});
  if (response.status !== 201) throw new Error(`creating token failed: ${response.status} ${JSON.stringify(response.body)}`);
  return {Authorization: `Bearer ${response.body.token as string}`};
}

export async function createCommunity(t: TestHallmark, slug: string, extra: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
  const response = await t.http.post('/api/v1/communities').set(t.admin).send({slug, name: `${slug} community`, ecosystems: ['npm'], ...extra});
  if (response.status !== 201) throw new Error(`creating community failed: ${response.status} ${JSON.stringify(response.body)}`);
  return response.body as Record<string, unknown>;
}

export async function grantRole(t: TestHallmark, slug: string, handle: string, role: string, auth: Auth = t.admin): Promise<void> {
  const response = await t.http.put(`/api/v1/communities/${slug}/roles/${handle}`).set(auth).send({role});
  if (response.status !== 200) throw new Error(`granting role failed: ${response.status} ${JSON.stringify(response.body)}`);
}

export const REVIEW = {
  purl: 'pkg:npm/left-pad@1.3.0',
  kind: 'full',
  criteria: ['safe-to-deploy'],
  thoroughness: 'high',
  understanding: 'medium',
  rating: 'positive',
  findings: [{id: 'CVE-2024-12345', severity: 'low'}],
  notes: 'Read every line; the padding loop is bounded.',
};

/**
 * Two organisations, a steward, two auditors (one per organisation) and a
 * senior auditor at the second organisation, in community `slug`.
 */
export async function vettingCast(t: TestHallmark, slug = 'npm-vet', communityExtra: Record<string, unknown> = {}) {
  await createAccount(t, 'org-a', {kind: 'organisation', name: 'Org A'});
  await createAccount(t, 'org-b', {kind: 'organisation', name: 'Org B'});
  await createAccount(t, 'stella', {organisation: 'org-a'});
  await createAccount(t, 'alice', {organisation: 'org-a', didKey: true});
  await createAccount(t, 'anna', {organisation: 'org-a'});
  await createAccount(t, 'bob', {organisation: 'org-b'});
  await createAccount(t, 'sam', {organisation: 'org-b'});
  await createCommunity(t, slug, {stewards: ['stella'], ...communityExtra});
  await grantRole(t, slug, 'alice', 'auditor');
  await grantRole(t, slug, 'anna', 'senior-auditor');
  await grantRole(t, slug, 'bob', 'auditor');
  await grantRole(t, slug, 'sam', 'senior-auditor');
  return {
    stella: await accountAuth(t, 'stella'),
    alice: await accountAuth(t, 'alice'),
    anna: await accountAuth(t, 'anna'),
    bob: await accountAuth(t, 'bob'),
    sam: await accountAuth(t, 'sam'),
  };
}
