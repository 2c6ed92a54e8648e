/**
 * Hallmark instances that federate with each other over real loopback HTTP:
 * each listens on its own port, names it in its public URL, and may reach
 * the others because HALLMARK_FETCH_ALLOW_HOSTS lists loopback ports.
 */
import type {Actor, Role} from '../../src/vetting/model.ts';
import {startHallmark, type TestHallmark} from '../helpers/hallmark.ts';
import {listeningHallmark, type Listening} from '../helpers/listening.ts';

export const RELEASE = 'pkg:npm/left-pad@1.3.0';

export interface Instance {
  name: string;
  base: string;
  host: string;
  t: TestHallmark;
  /** Bearer headers per account handle, and the admin's. */
  as: Record<string, {Authorization: string}>;
  admin: {Authorization: string};
  /** The actor URL of a community here. */
  actor(slug: string): string;
  close(): Promise<void>;
}

/** An instance with community `slug` (criterion safe-to-run; reviews accepted on submission), a steward and two auditors of different organisations. */
export async function startInstance(name: string, slug: string, env: Record<string, string> = {}): Promise<Instance> {
  const listening: Listening<TestHallmark> = await listeningHallmark(startHallmark, () => ({
    HALLMARK_FETCH_ALLOW_HOSTS: '127.0.0.1:*',
    HALLMARK_SWEEP_INTERVAL: '0',
    HALLMARK_VERIFY_WORKERS: '0',
    ...env,
  }));
  const {t, base} = listening;
  const {vetting, tokens} = t.hallmark.services;
  const admin: Actor = {kind: 'admin'};
  await vetting.communities.create({slug, name: `${name} ${slug}`, ecosystems: ['npm'], acceptance: {endorsements: 0}});
  await vetting.accounts.create({handle: 'org-a', kind: 'organisation', name: 'Org A'});
  await vetting.accounts.create({handle: 'org-b', kind: 'organisation', name: 'Org B'});
  const as: Record<string, {Authorization: string}> = {};
  const people: Array<[string, string | undefined, Role]> = [['stew', undefined, 'steward'], ['alice', 'org-a', 'auditor'], ['bob', 'org-b', 'auditor']];
  for (const [handle, organisation, role] of people) {
    await vetting.accounts.create({handle, kind: 'person', name: handle, ...(organisation ? {organisation} : {})});
    await vetting.roles.set(admin, slug, handle, role);
    as[handle] = {Authorization: `Bearer ${(await tokens.create({kind: 'account', handle, issuerSlug: null})).token}`};
  }
  return {
    name,
    base,
    host: new URL(base).host,
    t,
    as,
    admin: t.admin,
    actor: (community) => `${base}/communities/${community}`,
    close: () => listening.close(),
  };
}

/** Polls until `check` returns a value that is not undefined (or throws after `ms`): for effects that cross instances. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
