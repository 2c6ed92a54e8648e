/**
 * Crash points (issue 12 §1): every multi-write flow is killed right after
 * each of its writes in turn (SQLite; see crash-harness.ts), restarted, and
 * must come back consistent: no credential verifies valid while our records
 * say revoked or suspended, no credential is left that no record names, and
 * the client's retry completes with success.
 */
import assert from 'node:assert/strict';
import {after, describe, it} from 'node:test';
import {closeWarmServers, runCrashPoints, verdict, type CrashFlow, type Server} from './crash-harness.ts';
import {REVIEW, vettingCast, type Auth} from '../helpers/vetting.ts';
import type {TestHallmark} from '../helpers/hallmark.ts';
import type {Actor} from '../../src/vetting/model.ts';
import {accountActor} from '../../src/authz/index.ts';

interface ReviewState {
  reviewId: string;
  credential: Record<string, unknown>;
  reviewer: Auth;
}

async function review(server: Server, id: string): Promise<Record<string, unknown>> {
  const {status, body} = await server.call('GET', `/api/v1/reviews/${id}`);
  assert.equal(status, 200);
  return body.review as Record<string, unknown>;
}

function credentialCount(server: Server, issuer: string): number {
  return Number(server.query(`SELECT count(*) AS n FROM c_credentials WHERE json_extract(doc, '$.issuerSlug') = ?`, [issuer])[0]?.n);
}

const retract: CrashFlow<ReviewState> = {
  name: 'retract',
  success: [200],
  async setup(t) {
    const cast = await vettingCast(t, 'npm-vet', {acceptance: {endorsements: 0}});
    const submitted = await t.http.post('/api/v1/communities/npm-vet/reviews').set(cast.bob).send(REVIEW);
    assert.equal(submitted.body.review.standing, 'accepted');
    const credential = (await t.http.get(`/api/v1/reviews/${submitted.body.review.id}`)).body.credential as Record<string, unknown>;
    return {reviewId: submitted.body.review.id as string, credential, reviewer: cast.bob};
  },
  act: (server, state) => server.call('POST', `/api/v1/reviews/${state.reviewId}/retract`, {}, state.reviewer),
  async safe(server, state) {
    const standing = (await review(server, state.reviewId)).standing;
    const {verified, status} = await verdict(server, state.credential);
    if (standing !== 'accepted') assert.equal(verified, false, `the review reads ${standing} but its credential verifies ${status}`);
    assert.equal(credentialCount(server, 'npm-vet'), 1, 'no second credential');
  },
  async settled(server, state) {
    const standing = (await review(server, state.reviewId)).standing;
    const {verified} = await verdict(server, state.credential);
    assert.ok((standing === 'accepted' && verified) || (standing === 'retracted' && !verified), `review ${standing}, credential verified=${verified}`);
  },
  async done(server, state) {
    const current = await review(server, state.reviewId);
    assert.equal(current.standing, 'retracted');
    assert.equal(current.credentialId, null);
    assert.deepEqual(await verdict(server, state.credential), {verified: false, status: 'revoked'});
  },
};

interface BadgeState {
  member: Auth;
}

const COMMUNITY = 'js-vet';
const RELEASE = 'pkg:npm/left-pad@1.3.0';
const TWO_ORGS = {name: 'two-orgs', title: 'Two organisations reviewed', criteria: 'safe-to-run', rules: [{kind: 'reviews', criterion: 'safe-to-run', min: 2, distinctOrganisations: 2}]};

/** A community whose reviews are accepted on submission, two auditors' reviews from two organisations, and a policy they pass. */
async function passingRelease(t: TestHallmark, policy: Record<string, unknown> = TWO_ORGS): Promise<Record<string, Auth>> {
  const {vetting, tokens} = t.hallmark.services;
  const admin: Actor = {kind: 'admin'};
  await vetting.communities.create({slug: COMMUNITY, name: 'JS vetting', ecosystems: ['npm'], acceptance: {endorsements: 0}});
  await vetting.accounts.create({handle: 'org-a', kind: 'organisation', name: 'Org A'});
  await vetting.accounts.create({handle: 'org-b', kind: 'organisation', name: 'Org B'});
  const as: Record<string, Auth> = {};
  for (const [handle, organisation, role] of [['alice', 'org-a', 'auditor'], ['bob', 'org-b', 'auditor'], ['stew', undefined, 'steward'], ['mem', undefined, 'member']] as const) {
    await vetting.accounts.create({handle, kind: 'person', name: handle, ...(organisation ? {organisation} : {})});
    await vetting.roles.set(admin, COMMUNITY, handle, role);
    as[handle] = {Authorization: `Bearer ${(await tokens.create({kind: 'account', handle, issuerSlug: null})).token}`};
  }
  for (const handle of ['alice', 'bob']) {
    await vetting.reviews.submit(await accountActor(handle, vetting), COMMUNITY, {purl: RELEASE, kind: 'full', criteria: ['safe-to-run'], thoroughness: 'high', understanding: 'high', rating: 'positive'});
  }
  assert.equal((await t.http.post(`/api/v1/communities/${COMMUNITY}/policies`).set(as.stew).send(policy)).status, 201);
  return as;
}

/** The community's OpenBadgeCredentials (package badges), by credential id. */
function badgeCredentials(server: Server): Map<string, Record<string, unknown>> {
  const rows = server.query(`SELECT json_extract(doc, '$.credential') AS credential FROM c_credentials WHERE json_extract(doc, '$.issuerSlug') = ?`, [COMMUNITY]);
  const credentials = rows.map((row) => JSON.parse(String(row.credential)) as Record<string, unknown>);
  return new Map(credentials.filter((credential) => (credential.type as string[]).includes('OpenBadgeCredential')).map((credential) => [String(credential.id), credential]));
}

function badges(server: Server): Array<{state: string; credentialId: string | null}> {
  return server.query(`SELECT doc FROM c_package_badges`).map((row) => JSON.parse(String(row.doc)) as {state: string; credentialId: string | null});
}

const evaluateToBadge: CrashFlow<BadgeState> = {
  name: 'evaluate',
  success: [200],
  setup: async (t) => ({member: (await passingRelease(t)).mem}),
  act: (server, state) => server.call('POST', `/api/v1/communities/${COMMUNITY}/policies/two-orgs/evaluate`, {purl: RELEASE}, state.member),
  async safe(server) {
    const issued = badgeCredentials(server);
    assert.ok(issued.size <= 1, `${issued.size} badge credentials for one release × policy version`);
    for (const badge of badges(server)) {
      if (badge.credentialId === null) continue;
      const {verified, status} = await verdict(server, issued.get(badge.credentialId));
      if (badge.state !== 'active') assert.equal(verified, false, `the badge reads ${badge.state} but its credential verifies ${status}`);
    }
  },
  async settled(server) {
    const issued = badgeCredentials(server);
    const stored = badges(server);
    if (stored.length === 0) return assert.equal(issued.size, 0, 'no badge, so no credential');
    assert.equal(stored.length, 1);
    assert.equal(stored[0].state, 'active');
    assert.deepEqual([...issued.keys()], [stored[0].credentialId], 'the badge names the one credential: no orphan');
  },
  async done(server) {
    const issued = badgeCredentials(server);
    const [badge] = badges(server);
    assert.equal(badge?.state, 'active');
    assert.deepEqual([...issued.keys()], [badge.credentialId]);
    assert.deepEqual(await verdict(server, issued.get(String(badge.credentialId))), {verified: true, status: 'valid'});
  },
};

/** Every credential our records say is revoked or suspended (badges, reviews) must not verify valid; at most one badge credential per badge. */
async function noLies(server: Server): Promise<void> {
  const issued = badgeCredentials(server);
  assert.ok(issued.size <= badges(server).length, `${issued.size} badge credentials for ${badges(server).length} badges`);
  for (const badge of badges(server)) {
    if (badge.credentialId === null || badge.state === 'active') continue;
    const {verified, status} = await verdict(server, issued.get(badge.credentialId));
    assert.equal(verified, false, `a badge reads ${badge.state} but its credential verifies ${status}`);
    if (badge.state === 'revoked-by-violation') assert.equal(status, 'revoked', 'a badge revoked by a violation is revoked on the list');
  }
  const reviews = server.query(`SELECT doc FROM c_vetting_reviews`).map((row) => JSON.parse(String(row.doc)) as {standing: string; credentialId: string | null; revokedCredentialId?: string});
  for (const found of reviews) {
    const named = found.credentialId ?? found.revokedCredentialId;
    if (!named || found.standing === 'accepted') continue;
    const credential = JSON.parse(String(server.query(`SELECT json_extract(doc, '$.credential') AS c FROM c_credentials WHERE json_extract(doc, '$.credentialId') = ?`, [named])[0]?.c));
    const {verified, status} = await verdict(server, credential);
    assert.equal(verified, false, `a review reads ${found.standing} but its credential verifies ${status}`);
  }
}

function currentRole(server: Server, handle: string): string | null {
  const [latest] = server.query(`SELECT json_extract(doc, '$.role') AS role FROM c_vetting_role_grants WHERE json_extract(doc, '$.community') = ? AND json_extract(doc, '$.handle') = ? ORDER BY id DESC LIMIT 1`, [COMMUNITY, handle]);
  return (latest?.role as string | null | undefined) ?? null;
}

async function badgeVerdict(server: Server): Promise<{state: string; verified: boolean; status: string}> {
  const [badge] = badges(server);
  assert.ok(badge?.credentialId, 'the badge survives with its credential');
  return {state: badge.state, ...await verdict(server, badgeCredentials(server).get(badge.credentialId))};
}

interface StewardState {
  as: Record<string, Auth>;
}

/** The passing release's badge is issued in set-up; the flows then take it away. */
async function badgedRelease(t: TestHallmark, policy: Record<string, unknown> = TWO_ORGS): Promise<StewardState> {
  const as = await passingRelease(t, policy);
  const evaluated = await t.http.post(`/api/v1/communities/${COMMUNITY}/policies/${String(policy.name)}/evaluate`).set(as.mem).send({purl: RELEASE});
  assert.equal(evaluated.body.badge.state, 'active');
  return {as};
}

const withdrawRole: CrashFlow<StewardState> = {
  name: 'withdraw-role',
  success: [200],
  setup: (t) => badgedRelease(t),
  act: (server, state) => server.call('DELETE', `/api/v1/communities/${COMMUNITY}/roles/bob`, {reason: 'left the project'}, state.as.stew),
  safe: noLies,
  async settled(server) {
    const role = currentRole(server, 'bob');
    const badge = await badgeVerdict(server);
    if (role === 'auditor') assert.deepEqual(badge, {state: 'active', verified: true, status: 'valid'});
    else assert.deepEqual({role, ...badge}, {role: null, state: 'suspended', verified: false, status: 'suspended'});
  },
  async done(server) {
    assert.equal(currentRole(server, 'bob'), null);
    assert.deepEqual(await badgeVerdict(server), {state: 'suspended', verified: false, status: 'suspended'});
    assert.equal(server.query(`SELECT count(*) AS n FROM c_vetting_role_grants WHERE json_extract(doc, '$.handle') = 'bob' AND json_extract(doc, '$.role') IS NULL`)[0]?.n, 1, 'withdrawn once, retry or not');
  },
};

const CLEAN = {...TWO_ORGS, name: 'clean', rules: [...TWO_ORGS.rules, {kind: 'no-violations'}]};
const VIOLATION = {purl: RELEASE, kind: 'violation', range: 'vers:npm/>=1.0.0|<2.0.0', criteria: ['safe-to-run'], thoroughness: 'high', understanding: 'high', rating: 'negative'};

const reportViolation: CrashFlow<StewardState> = {
  name: 'violation',
  success: [201],
  setup: (t) => badgedRelease(t, CLEAN),
  act: (server, state) => server.call('POST', `/api/v1/communities/${COMMUNITY}/reviews`, VIOLATION, state.as.alice),
  safe: noLies,
  async settled(server) {
    const violations = server.query(`SELECT json_extract(doc, '$.standing') AS standing FROM c_vetting_reviews WHERE json_extract(doc, '$.kind') = 'violation'`);
    const badge = await badgeVerdict(server);
    if (violations.length === 0) assert.deepEqual(badge, {state: 'active', verified: true, status: 'valid'});
    else assert.deepEqual({violations: violations.map((row) => row.standing), ...badge}, {violations: violations.map(() => 'accepted'), state: 'revoked-by-violation', verified: false, status: 'revoked'});
  },
  async done(server) {
    assert.deepEqual(await badgeVerdict(server), {state: 'revoked-by-violation', verified: false, status: 'revoked'});
  },
};

describe('every multi-write flow finishes after a crash at any write (SQLite; the technique wraps node:sqlite)', () => {
  after(closeWarmServers);
  it('MongoDB: not run here — the kill-after-write preload wraps node:sqlite and no MongoDB server exists; the jobs code paths run in the store contract tests of both adapters (test/store/contract-jobs.ts)', {skip: 'the crash technique needs the SQLite adapter'}, () => {});

  it('retracting a review: the credential never verifies valid once the review reads retracted, and a retry completes it', async () => {
    const report = await runCrashPoints(retract);
    console.log(`retract: killed after writes ${report.killedAt.join(', ')}; the flow had finished before write ${report.completedAt}`);
    assert.ok(report.killedAt.length >= 2, `crash points: ${report.killedAt.join(', ')}`);
  });

  it('evaluate → badge: one credential per release × policy version, always named by its badge, and a retry completes it (no 409)', async () => {
    const report = await runCrashPoints(evaluateToBadge);
    console.log(`evaluate: killed after writes ${report.killedAt.join(', ')}; the flow had finished before write ${report.completedAt}`);
    assert.ok(report.killedAt.length >= 2, `crash points: ${report.killedAt.join(', ')}`);
  });

  it('withdrawing a role: the grant and the suspensions it implies finish together; a retry answers 200 and appends nothing', async () => {
    const report = await runCrashPoints(withdrawRole);
    console.log(`withdraw-role: killed after writes ${report.killedAt.join(', ')}; the flow had finished before write ${report.completedAt}`);
    assert.ok(report.killedAt.length >= 2, `crash points: ${report.killedAt.join(', ')}`);
  });

  it('a violation report: once stored it always reaches the badge, which is revoked on the list before its record says so', async () => {
    const report = await runCrashPoints(reportViolation);
    console.log(`violation: killed after writes ${report.killedAt.join(', ')}; the flow had finished before write ${report.completedAt}`);
    assert.ok(report.killedAt.length >= 2, `crash points: ${report.killedAt.join(', ')}`);
  });
});
