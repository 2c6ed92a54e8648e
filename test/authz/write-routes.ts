import type {Action, Resource} from '../../src/authz/index.ts';
import type {Fixtures, Principal} from './fixtures.ts';

/** One request, made fresh for one principal: what it acts on decides the expected outcome through the table. */
export interface Prepared {
  path: string;
  /** JSON body; `form` for a browser form (url-encoded, with the session's form token); `text` with its content type. */
  json?: unknown;
  form?: Record<string, string>;
  text?: {type: string; body: string};
  multipart?: {field: string; filename: string; body: string};
  /** When the request itself says which action it is (a reject verdict, an invitation to found communities). */
  action?: Action;
  resource: Resource;
}

export interface WriteRoute {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** As registered in the Express app. */
  path: string;
  /** The table's action; absent for routes open to everyone, which say why in `open`. */
  action?: Action;
  open?: string;
  /** Routes merged from main after the matrix was written, whose services authorize but which no row exercises yet: why. */
  unexercised?: string;
  /** Routes an OAuth 2.0 access token's scopes (or the browser's own OAuth interaction) decide, not this table: why. */
  oauth?: string;
  /** A browser form: signed-in people post it with their session; tokens are sent to sign in. */
  web?: true;
  /**
   * An allowed call that cannot complete here (a passkey needs an authenticator,
   * a follower id a remote peer) goes as far as the service's next check: this status.
   */
  allowedStatus?: number;
  prepare?(f: Fixtures, who: Principal): Promise<Prepared>;
}

/**
 * Every write route of the app. The matrix test requires that the app
 * registers no write route missing here, so a new route needs a row (and,
 * unless it is open to everyone, an action of the permission table).
 */
export const WRITE_ROUTES: WriteRoute[] = [
  // The admin's.
  {method: 'POST', path: '/api/v1/admin/tokens', action: 'admin-tokens.manage', prepare: async () => ({path: '/api/v1/admin/tokens', json: {}, resource: {}})},
  {method: 'DELETE', path: '/api/v1/admin/tokens/:tokenId', action: 'admin-tokens.manage', prepare: async (f) => ({path: `/api/v1/admin/tokens/${(await f.admin('POST', '/api/v1/admin/tokens', {})).id}`, resource: {}})},
  {method: 'POST', path: '/api/v1/issuers', action: 'issuers.manage', prepare: async (f) => ({path: '/api/v1/issuers', json: {slug: f.fresh('iss'), name: 'An issuer'}, resource: {}})},
  // Over plain-http loopback issuers are did:key, whose key is their identifier: an allowed rotation is refused as a conflict.
  {method: 'POST', path: '/api/v1/issuers/:slug/keys/rotate', action: 'issuers.manage', allowedStatus: 409, prepare: async (f) => {
    const slug = await f.issuer();
    return {path: `/api/v1/issuers/${slug}/keys/rotate`, json: {}, resource: {issuer: slug}};
  }},
  // … and its only key is the current one, which an allowed revocation refuses to revoke (rotate first).
  {method: 'POST', path: '/api/v1/issuers/:slug/keys/:publicKeyMultibase/revoke', action: 'issuers.manage', allowedStatus: 409, prepare: async (f) => {
    const slug = await f.issuer();
    const {keys} = await f.admin('GET', `/api/v1/issuers/${slug}`);
    const [current] = keys as Array<{publicKeyMultibase: string}>;
    return {path: `/api/v1/issuers/${slug}/keys/${current.publicKeyMultibase}/revoke`, json: {}, resource: {issuer: slug}};
  }},
  {method: 'POST', path: '/api/v1/issuers/:slug/tokens', action: 'issuers.manage', prepare: async (f) => ({path: `/api/v1/issuers/${f.main}/tokens`, json: {}, resource: {issuer: f.main}})},
  {method: 'DELETE', path: '/api/v1/issuers/:slug/tokens/:tokenId', action: 'issuers.manage', prepare: async (f) => ({path: `/api/v1/issuers/${f.main}/tokens/${(await f.admin('POST', `/api/v1/issuers/${f.main}/tokens`, {})).id}`, resource: {issuer: f.main}})},
  {method: 'POST', path: '/api/v1/endorsements', action: 'endorsements.register', prepare: async (f) => ({path: '/api/v1/endorsements', json: {verifiableCredential: await f.foreignEndorsement()}, resource: {}})},
  {method: 'PUT', path: '/api/v1/federation/peers/:host', action: 'peers.manage', prepare: async (f) => ({path: `/api/v1/federation/peers/${f.fresh('peer')}.example`, json: {tier: 'unknown'}, resource: {}})},
  {method: 'POST', path: '/api/v1/federation/domain-blocks', action: 'peers.manage', prepare: async (f) => ({path: '/api/v1/federation/domain-blocks', text: {type: 'text/csv', body: `#domain,#severity\n${f.fresh('blocked')}.example,suspend\n`}, resource: {}})},

  // Issuing.
  {method: 'POST', path: '/issuers/:slug/credentials/issue', action: 'credentials.issue', prepare: async (f) => ({path: `/issuers/${f.main}/credentials/issue`, json: {credential: f.badge()}, resource: {issuer: f.main}})},
  {method: 'POST', path: '/issuers/:slug/credentials/status', action: 'credentials.status', prepare: async (f) => {
    const {verifiableCredential} = await f.admin('POST', `/issuers/${f.main}/credentials/issue`, {credential: f.badge()});
    return {path: `/issuers/${f.main}/credentials/status`, json: {credentialId: (verifiableCredential as {id: string}).id, credentialStatus: [{type: 'BitstringStatusListEntry', statusPurpose: 'revocation', status: true}]}, resource: {issuer: f.main}};
  }},
  {method: 'POST', path: '/api/v1/issuers/:slug/endorsements', action: 'endorsements.issue', prepare: async (f) => ({path: `/api/v1/issuers/${f.main}/endorsements`, json: {target: {kind: 'reviewer', id: `${f.base}/reviewers/${f.fresh('someone')}`}, comment: 'Careful.'}, resource: {issuer: f.main}})},

  // Accounts and organisations.
  {method: 'POST', path: '/api/v1/accounts', action: 'accounts.create', prepare: async (f) => ({path: '/api/v1/accounts', json: {handle: f.fresh('person'), kind: 'person', name: 'A person'}, resource: {}})},
  {method: 'POST', path: '/api/v1/accounts', action: 'accounts.create-organisation', prepare: async (f) => ({path: '/api/v1/accounts', json: {handle: f.fresh('org'), kind: 'organisation', name: 'An organisation'}, resource: {}})},
  {method: 'PUT', path: '/api/v1/accounts/:handle/members/:member', action: 'organisations.members', prepare: async (f) => {
    const member = await f.person({organisation: f.handles.organisation}, f.tokens.steward);
    return {path: `/api/v1/accounts/${f.handles.organisation}/members/${member}`, json: {}, resource: {owner: f.handles.organisation}};
  }},
  {method: 'DELETE', path: '/api/v1/accounts/:handle/members/:member', action: 'organisations.members', prepare: async (f) => {
    const member = await f.person({organisation: f.handles.organisation});
    return {path: `/api/v1/accounts/${f.handles.organisation}/members/${member}`, resource: {owner: f.handles.organisation}};
  }},
  {method: 'POST', path: '/api/v1/accounts/:handle/issuer', action: 'organisations.issuer', prepare: async (f, who) => {
    // The organisation asks for itself (once); the admin for a fresh organisation; everyone else for the organisation.
    const organisation = who === 'admin' ? await f.organisation() : f.handles.organisation;
    return {path: `/api/v1/accounts/${organisation}/issuer`, json: {slug: f.fresh('orgiss')}, resource: {owner: organisation}};
  }},
  {method: 'POST', path: '/api/v1/accounts/:handle/tokens', action: 'accounts.tokens', prepare: async (f, who) => {
    const handle = f.ownHandle(who) ?? f.handles.member;
    return {path: `/api/v1/accounts/${handle}/tokens`, json: {}, resource: {owner: handle}};
  }},
  {method: 'DELETE', path: '/api/v1/accounts/:handle/tokens/:tokenId', action: 'accounts.tokens', prepare: async (f, who) => {
    const handle = f.ownHandle(who) ?? f.handles.member;
    return {path: `/api/v1/accounts/${handle}/tokens/${(await f.admin('POST', `/api/v1/accounts/${handle}/tokens`, {})).id}`, resource: {owner: handle}};
  }},
  {method: 'POST', path: '/api/v1/invitations', action: 'invitations.community', prepare: async (f) => ({path: '/api/v1/invitations', json: {community: f.main, role: 'member'}, resource: {community: f.main}})},
  {method: 'POST', path: '/api/v1/invitations', action: 'invitations.instance', prepare: async () => ({path: '/api/v1/invitations', json: {foundCommunities: true}, resource: {}})},
  {method: 'DELETE', path: '/api/v1/invitations/:id', action: 'invitations.community', prepare: async (f) => ({path: `/api/v1/invitations/${(await f.admin('POST', '/api/v1/invitations', {community: f.main, role: 'member'})).id}`, resource: {community: f.main}})},

  // Communities.
  {method: 'POST', path: '/api/v1/communities', action: 'communities.found', prepare: async (f) => ({path: '/api/v1/communities', json: {slug: f.fresh('com'), name: 'A community'}, resource: {}})},
  {method: 'PATCH', path: '/api/v1/communities/:slug', action: 'communities.edit', prepare: async (f) => ({path: `/api/v1/communities/${f.main}`, json: {description: `Edited ${f.fresh('d')}`}, resource: {community: f.main}})},
  {method: 'PUT', path: '/api/v1/communities/:slug/roles/:handle', action: 'roles.grant', prepare: async (f) => {
    const handle = await f.person();
    return {path: `/api/v1/communities/${f.main}/roles/${handle}`, json: {role: 'auditor'}, resource: {community: f.main, owner: handle}};
  }},
  {method: 'DELETE', path: '/api/v1/communities/:slug/roles/:handle', action: 'roles.grant', prepare: async (f) => {
    const handle = await f.person();
    await f.admin('PUT', `/api/v1/communities/${f.main}/roles/${handle}`, {role: 'member'});
    return {path: `/api/v1/communities/${f.main}/roles/${handle}`, json: {}, resource: {community: f.main, owner: handle}};
  }},
  {method: 'POST', path: '/api/v1/communities/:slug/criteria', action: 'criteria.define', prepare: async (f) => ({path: `/api/v1/communities/${f.main}/criteria`, json: {name: f.fresh('crit'), description: 'A criterion.'}, resource: {community: f.main}})},
  {method: 'POST', path: '/api/v1/communities/:slug/policies', action: 'policies.publish', prepare: async (f) => ({path: `/api/v1/communities/${f.main}/policies`, json: f.policy(f.fresh('pol')), resource: {community: f.main}})},
  {method: 'POST', path: '/api/v1/communities/:slug/policies/:name/evaluate', action: 'policies.evaluate', prepare: async (f) => ({path: `/api/v1/communities/${f.main}/policies/${f.policyName}/evaluate`, json: {purl: f.release()}, resource: {community: f.main}})},
  {method: 'POST', path: '/api/v1/communities/:slug/cargo-vet/imports', action: 'cargo-vet.import', prepare: async (f) => ({path: `/api/v1/communities/${f.main}/cargo-vet/imports`, multipart: {field: 'file', filename: 'audits.toml', body: f.audits()}, resource: {community: f.main}})},
  {method: 'POST', path: '/api/v1/communities/:slug/following', action: 'federation.community', prepare: async (f) => ({path: `/api/v1/communities/${f.main}/following`, json: {actor: `${f.base}/communities/${f.other}`}, resource: {community: f.main}})},
  // No remote peer follows us here, so an allowed decision finds no such follower.
  {method: 'POST', path: '/api/v1/communities/:slug/followers/:id/:decision', action: 'federation.community', allowedStatus: 404, prepare: async (f) => ({path: `/api/v1/communities/${f.main}/followers/f-${'A'.repeat(22)}/accept`, json: {}, resource: {community: f.main}})},
  {method: 'PUT', path: '/api/v1/communities/:slug/imports/:name', action: 'federation.community', prepare: async (f) => ({path: `/api/v1/communities/${f.main}/imports/${f.fresh('imp')}`, json: {actor: `${f.base}/communities/${f.other}`, criteria: {'safe-to-run': 'safe-to-run'}}, resource: {community: f.main}})},
  {method: 'DELETE', path: '/api/v1/communities/:slug/imports/:name', action: 'federation.community', prepare: async (f) => {
    const name = f.fresh('imp');
    await f.admin('PUT', `/api/v1/communities/${f.main}/imports/${name}`, {actor: `${f.base}/communities/${f.other}`, criteria: {'safe-to-run': 'safe-to-run'}});
    return {path: `/api/v1/communities/${f.main}/imports/${name}`, resource: {community: f.main}};
  }},

  // Reviewing.
  {method: 'POST', path: '/api/v1/communities/:slug/reviews', action: 'reviews.submit', prepare: async (f) => ({path: `/api/v1/communities/${f.main}/reviews`, json: f.review(), resource: {community: f.main}})},
  {method: 'POST', path: '/api/v1/reviews/:id/retract', action: 'reviews.retract', prepare: async (f) => {
    const review = await f.auditorsReview();
    return {path: `/api/v1/reviews/${review.id}/retract`, json: {}, resource: {community: f.main, owner: f.handles.auditor}};
  }},
  {method: 'POST', path: '/api/v1/reviews/:id/vettings', action: 'vettings.record', prepare: async (f) => {
    const review = await f.auditorsReview();
    return {path: `/api/v1/reviews/${review.id}/vettings`, json: {verdict: 'endorse', reviewDigest: review.digest}, resource: {community: f.main, owner: f.handles.auditor}};
  }},
  {method: 'POST', path: '/api/v1/reviews/:id/vettings', action: 'vettings.reject', prepare: async (f) => {
    const review = await f.auditorsReview();
    return {path: `/api/v1/reviews/${review.id}/vettings`, json: {verdict: 'reject', reviewDigest: review.digest}, resource: {community: f.main, owner: f.handles.auditor}};
  }},
  {method: 'POST', path: '/api/v1/vettings/:id/resolve', action: 'vettings.resolve', prepare: async (f) => ({path: `/api/v1/vettings/${await f.dispute()}/resolve`, json: {outcome: 'dismissed'}, resource: {community: f.main, owner: f.handles.auditor}})},
  {method: 'POST', path: '/api/v1/packages/*purl/evidence', action: 'evidence.submit', prepare: async (f) => ({path: `/api/v1/packages/${encodeURIComponent(f.release())}/evidence`, json: {type: 'license', document: {expression: 'MIT'}, community: f.main}, resource: {community: f.main}})},
  {method: 'POST', path: '/api/v1/packages/*purl/evidence', action: 'evidence.submit-anywhere', prepare: async (f) => ({path: `/api/v1/packages/${encodeURIComponent(f.release())}/evidence`, json: {type: 'license', document: {expression: 'MIT'}}, resource: {}})},
  {method: 'POST', path: '/api/v1/communities/:slug/review-requests', action: 'review-requests.create', prepare: async (f) => ({path: `/api/v1/communities/${f.main}/review-requests`, json: {purl: f.release(), source: 'https://example.org/source'}, resource: {community: f.main}})},
  {method: 'POST', path: '/api/v1/review-requests/:id/withdraw', action: 'review-requests.withdraw', prepare: async (f) => ({path: `/api/v1/review-requests/${await f.membersRequest()}/withdraw`, json: {}, resource: {community: f.main, owner: f.handles.member}})},

  // Browser forms: the same services, with a session.
  {method: 'POST', path: '/account/sessions/:id/revoke', web: true, action: 'accounts.own', prepare: async (f, who) => ({path: `/account/sessions/${await f.secondSession(who)}/revoke`, form: {}, resource: {owner: f.ownHandle(who) ?? ''}})},
  {method: 'POST', path: '/account/tokens', web: true, action: 'accounts.tokens', prepare: async (f, who) => ({path: '/account/tokens', form: {label: 'laptop'}, resource: {owner: f.ownHandle(who) ?? ''}})},
  {method: 'POST', path: '/account/tokens/:tokenId/revoke', web: true, action: 'accounts.tokens', prepare: async (f, who) => {
    const handle = f.ownHandle(who) ?? f.handles.member;
    return {path: `/account/tokens/${(await f.admin('POST', `/api/v1/accounts/${handle}/tokens`, {})).id}/revoke`, form: {}, resource: {owner: handle}};
  }},
  {method: 'POST', path: '/account/passkeys/options', web: true, action: 'accounts.own', prepare: async (f, who) => ({path: '/account/passkeys/options', json: {}, resource: {owner: f.ownHandle(who) ?? ''}})},
  // Registering needs an authenticator's answer; past the check, a made-up one is refused as malformed.
  {method: 'POST', path: '/account/passkeys', web: true, action: 'accounts.own', allowedStatus: 400, prepare: async (f, who) => ({path: '/account/passkeys', json: {response: {}}, resource: {owner: f.ownHandle(who) ?? ''}})},
  {method: 'POST', path: '/account/passkeys/:id/remove', web: true, action: 'accounts.own', allowedStatus: 404, prepare: async (f, who) => ({path: '/account/passkeys/no-such-passkey/remove', form: {}, resource: {owner: f.ownHandle(who) ?? ''}})},
  {method: 'POST', path: '/communities/new', web: true, action: 'communities.found', prepare: async (f) => ({path: '/communities/new', form: {slug: f.fresh('web-com'), name: 'A community', description: '', ecosystems: 'npm'}, resource: {}})},
  {method: 'POST', path: '/communities/:slug/join', web: true, action: 'roles.join', prepare: async (f, who) => {
    const slug = await f.openCommunity();
    return {path: `/communities/${slug}/join`, form: {}, resource: {community: slug, owner: f.ownHandle(who) ?? ''}};
  }},
  {method: 'POST', path: '/communities/:slug/invitations', web: true, action: 'invitations.community', prepare: async (f) => ({path: `/communities/${f.main}/invitations`, form: {role: 'member', note: '', days: '7'}, resource: {community: f.main}})},
  {method: 'POST', path: '/communities/:slug/invitations/:id/withdraw', web: true, action: 'invitations.community', prepare: async (f) => ({path: `/communities/${f.main}/invitations/${(await f.admin('POST', '/api/v1/invitations', {community: f.main, role: 'member'})).id}/withdraw`, form: {}, resource: {community: f.main}})},
  {method: 'POST', path: '/communities/:slug/roles', web: true, action: 'roles.grant', prepare: async (f) => {
    const handle = await f.person();
    return {path: `/communities/${f.main}/roles`, form: {handle, role: 'auditor', reason: ''}, resource: {community: f.main, owner: handle}};
  }},
  {method: 'POST', path: '/communities/:slug/roles/:handle/withdraw', web: true, action: 'roles.grant', prepare: async (f) => {
    const handle = await f.person();
    await f.admin('PUT', `/api/v1/communities/${f.main}/roles/${handle}`, {role: 'member'});
    return {path: `/communities/${f.main}/roles/${handle}/withdraw`, form: {}, resource: {community: f.main, owner: handle}};
  }},
  {method: 'POST', path: '/communities/:slug/review-requests', web: true, action: 'review-requests.create', prepare: async (f) => ({path: `/communities/${f.main}/review-requests`, form: {purl: f.release(), source: 'https://example.org/source', note: ''}, resource: {community: f.main}})},
  {method: 'POST', path: '/communities/:slug/reviews/new', web: true, action: 'reviews.submit', prepare: async (f) => ({path: `/communities/${f.main}/reviews/new`, form: {purl: f.release(), kind: 'full', criteria: 'safe-to-deploy', thoroughness: 'high', understanding: 'medium', rating: 'positive', from: '', range: '', findings: '', notes: ''}, resource: {community: f.main}})},
  {method: 'POST', path: '/reviews/:id/vettings', web: true, action: 'vettings.record', prepare: async (f) => {
    const review = await f.auditorsReview();
    return {path: `/reviews/${review.id}/vettings`, form: {verdict: 'endorse', comment: '', reviewDigest: review.digest}, resource: {community: f.main, owner: f.handles.auditor}};
  }},
  {method: 'POST', path: '/communities/:slug/edit', web: true, action: 'communities.edit', prepare: async (f) => ({path: `/communities/${f.main}/edit`, form: {description: `Edited ${f.fresh('d')}`, guidanceUrl: '', guidanceText: '', membership: 'invite', endorsements: '1', minRole: 'senior-auditor', otherOrganisation: 'on', milestones: ''}, resource: {community: f.main}})},
  {method: 'POST', path: '/communities/:slug/policies/new', web: true, action: 'policies.publish', prepare: async (f) => ({path: `/communities/${f.main}/policies/new`, form: {policy: f.policyYaml(f.fresh('webpol')), action: 'publish'}, resource: {community: f.main}})},
  {method: 'POST', path: '/vettings/:id/resolve', web: true, action: 'vettings.resolve', prepare: async (f) => ({path: `/vettings/${await f.dispute()}/resolve`, form: {outcome: 'dismissed'}, resource: {community: f.main, owner: f.handles.auditor}})},

  // Open to everyone: nothing here acts on anyone's data, or the request proves its right itself.
  {method: 'POST', path: '/sign-in', open: 'signing in'},
  {method: 'POST', path: '/sign-out', open: 'ends the caller\'s own session'},
  {method: 'POST', path: '/sign-in/passkey/options', open: 'signing in'},
  {method: 'POST', path: '/sign-in/passkey', open: 'signing in'},
  {method: 'POST', path: '/invitations/:secret', open: 'the secret in the link is the right to accept it'},
  {method: 'POST', path: '/verify', open: 'verifying stores nothing'},
  {method: 'POST', path: '/api/v1/verify', open: 'verifying stores nothing'},
  {method: 'POST', path: '/credentials/verify', open: 'verifying stores nothing'},
  {method: 'POST', path: '/presentations/verify', open: 'verifying stores nothing'},
  {method: 'POST', path: '/api/v1/check', open: 'checking an SBOM stores nothing'},
  {method: 'POST', path: '/api/v1/communities/:slug/policies/preview', open: 'a preview stores nothing'},

  // The 1EdTech Open Badges API (mounted under /ims/ob/v3p0) and its OAuth pages: a person's own backpack, by access-token scope.
  {method: 'POST', path: '/ims/ob/v3p0/credentials', oauth: 'ob_v3p0 credential.upsert scope, on the token\'s own account (test/ob3)'},
  {method: 'PUT', path: '/ims/ob/v3p0/profile', oauth: 'ob_v3p0 profile.update scope, on the token\'s own account (test/ob3)'},
  {method: 'POST', path: '/connect/:uid', oauth: 'the signed-in person answers their own authorization request'},
  {method: 'POST', path: '/oauth/reg', oauth: 'OAuth 2.0 dynamic client registration (RFC 7591), open by design'},
  {method: 'POST', path: '/communities/:slug/policies/:name/evaluate', web: true, action: 'policies.evaluate', prepare: async (f) => ({path: `/communities/${f.main}/policies/${f.policyName}/evaluate`, form: {purl: f.release()}, resource: {community: f.main}})},
  {method: 'POST', path: '/account/affiliation', unexercised: 'AccountService.nameOrganisation authorizes accounts.own'},
  {method: 'POST', path: '/account/organisation/members/:handle/confirm', unexercised: 'AccountService.setMembership authorizes organisations.members (the API route is in the matrix)'},
  {method: 'POST', path: '/account/organisation/members/:handle/withdraw', unexercised: 'AccountService.setMembership authorizes organisations.members (the API route is in the matrix)'},
  {method: 'POST', path: '/account/organisation/issuer', unexercised: 'AccountService.obtainIssuer authorizes organisations.issuer (the API route is in the matrix)'},
  {method: 'POST', path: '/account/organisation/endorsements', unexercised: 'EndorsementService.issueAs authorizes endorsements.issue (the API route is in the matrix)'},
  {method: 'POST', path: '/account/connected-apps/:clientId/revoke', oauth: 'the signed-in person disconnects an app from their own account'},
];
