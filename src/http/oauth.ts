/**
 * OAuth 2.0 at the edge: oidc-provider's endpoints under /oauth (they read
 * their own bodies, so they are mounted before our body parsers), and our
 * pages for its interactions: sign-in is ours (the session cookie), consent
 * and "connected apps" are pages of the web app.
 */
import {Router, type Request, type Response} from 'express';
import {errors} from 'oidc-provider';
import type {Services} from '../services.ts';
import {HallmarkError} from '../errors.ts';
import {CONSENT_PATH, OAUTH_MOUNT, isOb3Scope, scopeInWords, type Ob3Scope} from '../oauth/index.ts';
import {consentPage, connectedAppsPage, privacyPage, type ScopeView} from '../pages/web/oauth-pages.ts';
import {formFields} from './forms.ts';
import {formToken, viewerOf} from './web-auth.ts';
import {sendPage} from './html-response.ts';
import {needsSignIn} from './web/sign-in-gate.ts';
import {seeOther} from './web/pages.ts';
import {pathParam} from './params.ts';
import {rateLimit} from './rate-limit.ts';
import {invalidInput} from '../errors.ts';

const INTERACTION_UID = /^[A-Za-z0-9_-]{10,64}$/;
const CLIENT_ID = /^[A-Za-z0-9_-]{1,100}$/;

/** The authorization server itself: discovery, authorization, token, registration, revocation. */
export function oauthEdge(services: Services): Router {
  const router = Router();
  router.post(`${OAUTH_MOUNT}/reg`, rateLimit(services.limits.limiter('oauth-registrations')));
  router.use(OAUTH_MOUNT, services.oauth.provider.callback());
  return router;
}

function scopeViews(scopes: Ob3Scope[]): ScopeView[] {
  return scopes.map((scope) => ({scope, words: scopeInWords(scope)}));
}

/** Where a redirect URI's answers go, as a CSP source (an app's own scheme for native apps). */
function formTarget(uri: string): string | null {
  const url = URL.parse(uri);
  if (!url) return null;
  if (url.protocol === 'http:' || url.protocol === 'https:') return url.origin;
  return /^[a-z][a-z0-9+.-]*:$/.test(url.protocol) ? url.protocol : null;
}

export function oauthPagesRouter(services: Services): Router {
  const router = Router();
  const {oauth} = services;

  /** The interaction the browser's cookie names, which must be the one in the path. */
  const interaction = async (req: Request, res: Response) => {
    const uid = pathParam(req, 'uid');
    if (!INTERACTION_UID.test(uid)) throw invalidInput('the path parameter "uid" is not an authorization request id', [{field: 'uid', problem: 'is malformed'}]);
    try {
      const details = await oauth.provider.interactionDetails(req, res);
      if (details.uid !== uid) throw new errors.SessionNotFound('interaction mismatch');
      const params = details.params as Record<string, unknown>;
      const clientId = typeof params.client_id === 'string' ? params.client_id : '';
      const client = await oauth.client(clientId);
      if (!client) throw new errors.SessionNotFound('client gone');
      const requested = typeof params.scope === 'string' ? params.scope.split(' ') : [];
      const scopes = [...new Set(requested.filter(isOb3Scope))];
      const redirectUri = typeof params.redirect_uri === 'string' ? params.redirect_uri : '';
      return {uid, client, scopes, redirectUri};
    } catch (error) {
      if (error instanceof errors.OIDCProviderError) throw new HallmarkError('invalid-input', 'this authorization request has expired, was already answered, or was started in another browser: start again from the app');
      throw error;
    }
  };

  router.get(`${CONSENT_PATH}/:uid`, async (req, res) => {
    // The form posts back here, public URL prefix and all (the interaction cookie is scoped to this path).
    const {client, scopes, redirectUri} = await interaction(req, res);
    if (needsSignIn(req, res)) return;
    const viewer = viewerOf(res)!;
    const target = formTarget(redirectUri);
    sendPage(res, 200, {title: `Connect ${client.name}`, description: `${client.name} asks to use your Hallmark account.`},
      consentPage({clientName: client.name, clientUri: client.uri, redirectHost: URL.parse(redirectUri)?.host || redirectUri.slice(0, 200), handle: viewer.handle, scopes: scopeViews(scopes), action: req.originalUrl.split('?')[0], token: formToken(res)}),
      {formTargets: target ? [target] : []});
  });

  router.post(`${CONSENT_PATH}/:uid`, async (req, res) => {
    const {decision} = formFields(req, {decision: 10});
    const {client, scopes} = await interaction(req, res);
    const viewer = viewerOf(res);
    if (!viewer) throw new HallmarkError('unauthorized', 'sign in first, then answer the app again');
    if (decision === 'allow') {
      const grantId = await oauth.approve(viewer.handle, client.clientId, scopes);
      return oauth.provider.interactionFinished(req, res, {login: {accountId: viewer.handle}, consent: {grantId}}, {mergeWithLastSubmission: false});
    }
    if (decision !== 'deny') throw invalidInput('answer "allow" or "deny"', [{field: 'decision', problem: 'must be allow or deny'}]);
    await oauth.provider.interactionFinished(req, res, {error: 'access_denied', error_description: 'the person declined'}, {mergeWithLastSubmission: false});
  });

  router.get('/privacy', (_req, res) => {
    sendPage(res, 200, {title: 'Privacy and terms of the Open Badges API', description: 'What apps connected through the Open Badges API see, and what Hallmark keeps.'}, privacyPage());
  });

  router.get('/account/connected-apps', async (req, res) => {
    if (needsSignIn(req, res)) return;
    const handle = viewerOf(res)!.handle;
    const [apps, kept] = await Promise.all([oauth.connections(handle), services.backpack.kept.of(handle)]);
    const keptViews = kept.map((item) => ({name: item.name ?? item.key, issuerName: item.issuerName, verified: item.verification.verified, status: item.verification.status, updatedAt: item.updatedAt}));
    sendPage(res, 200, {title: 'Connected apps', description: 'Apps connected to your Hallmark account.'}, connectedAppsPage(apps.map((app) => ({...app, scopes: scopeViews(app.scopes)})), keptViews, () => formToken(res)));
  });

  router.post('/account/connected-apps/:clientId/revoke', async (req, res) => {
    formFields(req, {});
    const viewer = viewerOf(res);
    if (!viewer) throw new HallmarkError('unauthorized', 'sign in to disconnect apps');
    const clientId = pathParam(req, 'clientId');
    if (!CLIENT_ID.test(clientId)) throw invalidInput('the path parameter "clientId" is not a client id', [{field: 'clientId', problem: 'is malformed'}]);
    await oauth.disconnect(viewer.handle, clientId);
    seeOther(res, '/account/connected-apps');
  });

  return router;
}
