import type {TokenScope} from '../auth/tokens.ts';
import type {Account, Handle, Role} from '../vetting/model.ts';
import {ADMIN, ANONYMOUS, type AccountActor, type Actor} from './actor.ts';

/** What building an account's actor reads (AccountService and RoleService satisfy it). */
export interface ActorPorts {
  accounts: {find(handle: Handle): Promise<Account | null>};
  roles: {rolesOf(handle: Handle): Promise<Array<{community: string; role: Role}>>};
}

/** The actor of a token's or session's scope (null: anonymous), with the account's current roles. */
export async function actorOf(scope: TokenScope | null, ports: ActorPorts): Promise<Actor> {
  if (scope === null) return ANONYMOUS;
  if (scope.kind === 'admin') return ADMIN;
  if (scope.kind === 'issuer') return {kind: 'issuer', issuer: scope.issuerSlug};
  return accountActor(scope.handle, ports, scope.issuerSlug);
}

/** An account acting (for records that name who acted, such as an invitation's inviter). */
export async function accountActor(handle: Handle, ports: ActorPorts, issuer?: string | null): Promise<AccountActor> {
  const [account, held] = await Promise.all([ports.accounts.find(handle), ports.roles.rolesOf(handle)]);
  const roles: Record<string, Role> = {};
  for (const {community, role} of held) roles[community] = role;
  return {
    kind: 'account',
    handle,
    accountKind: account?.kind ?? 'person',
    issuer: issuer === undefined ? account?.issuer ?? null : issuer,
    mayFoundCommunities: account?.mayFoundCommunities === true,
    roles,
  };
}
