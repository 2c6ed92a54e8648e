import type {Actor, Role} from '../../src/vetting/model.ts';
import type {ReviewInput} from '../../src/vetting/reviews.ts';
import {startHallmark, type TestHallmark} from './hallmark.ts';
import {accountActor} from '../../src/authz/index.ts';

export const COMMUNITY = 'js-vet';
export const RELEASE = 'pkg:npm/left-pad@1.3.0';

export interface PolicyFixture extends TestHallmark {
  /** Bearer headers per account handle. */
  as: Record<string, {Authorization: string}>;
  actor(handle: string): Promise<Actor>;
  review(handle: string, input?: Partial<ReviewInput>): Promise<{id: string; credentialId: string | null}>;
}

/**
 * A community whose reviews are accepted on submission, two organisations,
 * an auditor in each, a steward and a member, all through the vetting services.
 */
export async function startPolicyFixture(env: Record<string, string> = {}): Promise<PolicyFixture> {
  const t = await startHallmark({HALLMARK_SWEEP_INTERVAL: '0', ...env});
  const {vetting} = t.hallmark.services;
  const admin: Actor = {kind: 'admin'};
  await vetting.communities.create({slug: COMMUNITY, name: 'JS vetting', ecosystems: ['npm'], acceptance: {endorsements: 0}});
  await vetting.accounts.create({handle: 'org-a', kind: 'organisation', name: 'Org A'});
  await vetting.accounts.create({handle: 'org-b', kind: 'organisation', name: 'Org B'});
  const people: Array<[string, string | undefined, Role]> = [['alice', 'org-a', 'auditor'], ['bob', 'org-b', 'auditor'], ['carol', 'org-a', 'auditor'], ['stew', undefined, 'steward'], ['mem', undefined, 'member']];
  const as: Record<string, {Authorization: string}> = {};
  for (const [handle, organisation, role] of people) {
    await vetting.accounts.create({handle, kind: 'person', name: handle, ...(organisation ? {organisation} : {})});
    await vetting.roles.set(admin, COMMUNITY, handle, role);
    const issued = await t.hallmark.services.tokens.create({kind: 'account', handle, issuerSlug: null});
    as[handle] = {Authorization: `Bearer ${issued.token}`};
  }
  return {
    ...t,
    as,
    actor: (handle) => accountActor(handle, vetting),
    async review(handle, input = {}) {
      return vetting.reviews.submit(await accountActor(handle, vetting), COMMUNITY, {purl: RELEASE, kind: 'full', criteria: ['safe-to-run'], thoroughness: 'high', understanding: 'high', rating: 'positive', ...input});
    },
  };
}
