import type {Store} from '../store/port.ts';
import type {Vetting} from '../vetting/index.ts';
import {SessionService} from './sessions.ts';
import {PasswordCredentials} from './passwords-store.ts';
import {FormTokens} from './form-tokens.ts';
import {InvitationService} from './invitations.ts';

export {SessionService, type Session} from './sessions.ts';
export {PasswordCredentials, MAX_FAILED_SIGN_INS} from './passwords-store.ts';
export {FormTokens} from './form-tokens.ts';
export {InvitationService, type Invitation, type InvitationInput, type Acceptance} from './invitations.ts';
export {checkDisplayText, checkProse} from './display-text.ts';

/** How people sign in to the browser: passwords, sessions, one-time form tokens, invitations. */
export interface Auth {
  sessions: SessionService;
  passwords: PasswordCredentials;
  formTokens: FormTokens;
  invitations: InvitationService;
}

export async function openAuth(store: Store, masterSecret: Buffer, vetting: Vetting): Promise<Auth> {
  const sessions = await SessionService.open(store);
  const passwords = await PasswordCredentials.open(store, vetting.accounts);
  const formTokens = await FormTokens.open(store, masterSecret);
  const invitations = await InvitationService.open(store, {accounts: vetting.accounts, roles: vetting.roles, communities: vetting.communities, passwords});
  await invitations.resumeClaimed();
  return {sessions, passwords, formTokens, invitations};
}
