import type {AccountKind, Handle, Role} from '../vetting/model.ts';

/**
 * Who is asking, as every service sees it. The HTTP edge builds one from the
 * bearer token or the browser session (see `ActorDirectory`); the CLI and the
 * composition root act as the admin. An account carries its current roles, so
 * deciding is a pure look-up in the permission table.
 */
export type Actor = AnonymousActor | AdminActor | IssuerActor | AccountActor;

export interface AnonymousActor {
  kind: 'anonymous';
}

export interface AdminActor {
  kind: 'admin';
}

/** An issuer token: it speaks for one issuer, never for a person. */
export interface IssuerActor {
  kind: 'issuer';
  issuer: string;
}

/** A person's or an organisation's account (token or session). */
export interface AccountActor {
  kind: 'account';
  handle: Handle;
  accountKind: AccountKind;
  /** The issuer an organisation's tokens act for (null for people and organisations without one). */
  issuer: string | null;
  /** Granted by an admin's invitation. */
  mayFoundCommunities: boolean;
  /** The account's current role per community slug. */
  roles: Readonly<Record<string, Role>>;
}

export const ANONYMOUS: AnonymousActor = {kind: 'anonymous'};
export const ADMIN: AdminActor = {kind: 'admin'};

/** The name a record keeps of who acted: 'admin', the handle, or `issuer:<slug>`. */
export function actingName(actor: AdminActor | AccountActor | IssuerActor): string {
  if (actor.kind === 'admin') return 'admin';
  return actor.kind === 'account' ? actor.handle : `issuer:${actor.issuer}`;
}
