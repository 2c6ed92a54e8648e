import {Router, type Response} from 'express';
import type {Services} from '../../services.ts';
import {accountPage, type AccountView} from '../../pages/web/account-page.ts';
import {PASSKEY_SCRIPT_PATH} from '../../pages/layout.ts';
import {checkDisplayText} from '../../auth/index.ts';
import {formFields} from '../forms.ts';
import {endSession, formToken, viewerOf, type Viewer} from '../web-auth.ts';
import {sendPage} from '../html-response.ts';
import {actorOf} from '../actor.ts';
import {authorize} from '../../authz/index.ts';
import {sessionIdParam, tokenIdParam} from '../params.ts';
import {refusal, seeOther} from './pages.ts';
import {invalidInput} from '../../errors.ts';
import {HANDLE_PATTERN} from '../../vetting/model.ts';

/** The signed-in person's own page: sessions, API tokens (and passkeys). */
export function accountRouter(services: Services): Router {
  const router = Router();
  const {accounts, roles} = services.vetting;

  const render = async (res: Response, viewer: Viewer, status = 200, extra: Pick<AccountView, 'newToken' | 'error'> = {newToken: null, error: null}) => {
    const account = await accounts.get(viewer.handle);
    const scope = await accounts.tokenScope(viewer.handle);
    const [sessions, tokens, held, passkeys] = await Promise.all([services.auth.sessions.list(viewer.handle), services.tokens.listAs(actorOf(res), scope), roles.rolesOf(viewer.handle), services.auth.passkeys.list(viewer.handle)]);
    const view: AccountView = {
      handle: account.handle, name: account.name, kind: account.kind, organisation: account.organisation, organisationConfirmed: account.organisationConfirmed === true, roles: held, mayFoundCommunities: account.mayFoundCommunities,
      sessions: sessions.map((session) => ({...session, current: session.id === viewer.sessionId})), passkeys,
      tokens: tokens.filter((token) => token.revokedAt === null), token: () => formToken(res), ...extra,
    };
    sendPage(res, status, {title: 'Your account', description: 'Your Hallmark account.', script: PASSKEY_SCRIPT_PATH}, accountPage(view));
  };

  /** The signed-in person, or a trip to the sign-in page and back. */
  const signedIn = (res: Response, back: string): Viewer | null => {
    const viewer = viewerOf(res);
    if (!viewer) seeOther(res, `/sign-in?next=${encodeURIComponent(back)}`);
    return viewer;
  };

  router.get('/account', async (_req, res) => {
    const viewer = signedIn(res, '/account');
    if (viewer) await render(res, viewer);
  });

  router.post('/account/sessions/:id/revoke', async (req, res) => {
    const viewer = signedIn(res, '/account');
    if (!viewer) return;
    const actor = actorOf(res);
    authorize(actor, 'accounts.own', {owner: viewer.handle});
    const id = sessionIdParam(req);
    await services.auth.sessions.revoke(actor.handle, id);
    if (id === viewer.sessionId) {
      endSession(res);
      return seeOther(res, '/');
    }
    seeOther(res, '/account#sessions');
  });

  router.post('/account/tokens', async (req, res) => {
    const viewer = signedIn(res, '/account');
    if (!viewer) return;
    const {label} = formFields(req, {label: 500});
    try {
      const trimmed = label.trim();
      if (trimmed) checkDisplayText(trimmed, 'label', 200);
      const issued = await services.tokens.createAs(actorOf(res), await accounts.tokenScope(viewer.handle), trimmed || null);
      await render(res, viewer, 201, {newToken: {label: issued.label, token: issued.token}, error: null});
    } catch (error) {
      const {status, message} = refusal(error);
      await render(res, viewer, status, {newToken: null, error: message});
    }
  });

  router.post('/account/affiliation', async (req, res) => {
    const viewer = signedIn(res, '/account');
    if (!viewer) return;
    const {organisation} = formFields(req, {organisation: 100});
    try {
      const named = organisation.trim();
      if (named && !HANDLE_PATTERN.test(named)) throw invalidInput('give the handle of an organisation account here', [{field: 'organisation', problem: 'is not a handle'}]);
      await accounts.nameOrganisation(actorOf(res), viewer.handle, named || null);
      seeOther(res, '/account');
    } catch (error) {
      const {status, message} = refusal(error);
      await render(res, viewer, status, {newToken: null, error: message});
    }
  });

  router.post('/account/tokens/:tokenId/revoke', async (req, res) => {
    const viewer = signedIn(res, '/account');
    if (!viewer) return;
    await services.tokens.revokeAs(actorOf(res), await accounts.tokenScope(viewer.handle), tokenIdParam(req));
    seeOther(res, '/account#tokens');
  });

  return router;
}
