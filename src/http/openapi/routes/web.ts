import {ANY_OBJECT, arrayOf, INTEGER, json, NULLABLE_STRING, object, oneOfValues, page, REDIRECT, STRING, type RouteDoc} from '../describe.ts';
import {requestSchema} from '../components.ts';

const INVITATION = {id: 'inv_4c…', invitedBy: 'admin', foundCommunities: false, community: {slug: 'js-vet', role: 'auditor'}, note: 'Bob from Org B', state: 'open', createdAt: '2026-12-08T05:00:00.000Z', expiresAt: '2026-12-11T05:00:00.000Z', acceptedBy: null, acceptedAt: null};
const INVITATION_SCHEMA = object({id: STRING, state: oneOfValues(['open', 'claimed', 'accepted', 'withdrawn']), expiresAt: STRING});
const PAGE_QUERY = {page: {description: 'page number, 1 to 1000', schema: {type: 'integer', minimum: 1, maximum: 1000}}};

/** src/http/web/invitations.ts and src/http/web/directory.ts: the JSON parts of the web app. */
export const webApiRoutes: RouteDoc[] = [
  {method: 'post', path: '/api/v1/invitations', tag: 'Accounts', caller: 'account', summary: 'Make a one-time invitation link (admin: anyone, may found communities; stewards: into their community with a role)',
    body: {...json(requestSchema('hallmark-invitation-create.schema.json'), {community: 'js-vet', role: 'auditor', note: 'Bob from Org B', expiresInDays: 3}), required: false},
    responses: {201: {description: 'The invitation and its link (the secret is shown only here).', headers: {Location: 'the invitation\'s path'}, ...json({allOf: [INVITATION_SCHEMA, object({url: STRING})]}, {...INVITATION, url: 'http://localhost:3000/invitations/<secret>'})}}},
  {method: 'get', path: '/api/v1/communities/:slug/invitations', tag: 'Accounts', caller: 'account', summary: 'A community\'s invitations (stewards; no secrets)',
    responses: {200: {description: 'The invitations.', ...json(object({invitations: arrayOf(INVITATION_SCHEMA)}), {invitations: [INVITATION]})}}},
  {method: 'delete', path: '/api/v1/invitations/:id', tag: 'Accounts', caller: 'account', pathParams: {id: {description: 'the invitation\'s id (`inv_…`)'}}, summary: 'Withdraw an open invitation',
    responses: {200: {description: 'The withdrawn invitation.', ...json(INVITATION_SCHEMA, {...INVITATION, state: 'withdrawn'})}}, errors: [409]},
  {method: 'get', path: '/api/v1/search', tag: 'Directory', caller: 'public', summary: 'Search communities, packages and reviewers',
    description: '`q` is read as words (letters and digits; every word must match; prefixes match on SQLite): query syntax is harmless.',
    query: {q: {description: 'the words, at most 1000 characters', schema: {type: 'string', maxLength: 1000}}, type: {description: 'only one kind', schema: oneOfValues(['community', 'package', 'reviewer'])}, ...PAGE_QUERY, limit: {description: 'results per page, 1 to 100 (default 20)', schema: {type: 'integer', minimum: 1, maximum: 100}}},
    responses: {200: {description: 'A page of results.', ...json(object({query: STRING, type: NULLABLE_STRING, page: INTEGER, perPage: INTEGER, total: INTEGER, results: arrayOf(object({type: oneOfValues(['community', 'package', 'reviewer']), title: STRING, summary: STRING, url: STRING}))}),
      {query: 'left-pad', type: 'package', page: 1, perPage: 20, total: 1, results: [{type: 'package', title: 'left-pad', summary: '1 valid badge and 2 reviews in js-vet', url: 'http://localhost:3000/packages/pkg:npm/left-pad', purl: 'pkg:npm/left-pad', ecosystem: 'npm', badges: 1, reviews: 2}]})}}},
];

const HTML = (description: string, example = '<!doctype html><html lang="en">…</html>') => ({...page(description), example});
const FORM = (fields: Record<string, unknown>) => ({types: {'application/x-www-form-urlencoded': {type: 'object', properties: Object.fromEntries(Object.keys(fields).map((name) => [name, {type: 'string'}])), required: ['_csrf']}}, example: fields});
const FORM_ERRORS = [400, 403, 409, 413];
const SLUG = {slug: {description: 'the community\'s slug'}};

/** Pages for people (src/http/pages.ts, community-pages.ts, package-pages.ts, web/*): HTML in the site's layout. */
export const pageRoutes: RouteDoc[] = [
  {method: 'get', path: '/', tag: 'Pages', caller: 'public', summary: 'The home page', responses: {200: HTML('What the instance is, its communities and recent badges.')}},
  {method: 'get', path: '/search', tag: 'Pages', caller: 'public', summary: 'Search, for people', query: {q: {description: 'the words', schema: STRING}, type: {description: 'only one kind', schema: oneOfValues(['community', 'package', 'reviewer'])}, ...PAGE_QUERY}, responses: {200: HTML('Results, 20 to a page.')}},
  {method: 'get', path: '/communities', tag: 'Pages', caller: 'public', summary: 'Every community', query: {ecosystem: {description: 'only those reviewing it', schema: STRING}, ...PAGE_QUERY}, responses: {200: HTML('The communities, 20 to a page.')}},
  {method: 'get', path: '/packages', tag: 'Pages', caller: 'public', summary: 'Every package known here', query: {q: {description: 'a name or purl', schema: STRING}, ...PAGE_QUERY}, responses: {200: HTML('The packages.')}},
  {method: 'get', path: '/reviewers', tag: 'Pages', caller: 'public', summary: 'Every reviewer', query: {community: {description: 'only this community\'s, ranked by reputation', schema: STRING}, role: {description: 'only this role', schema: STRING}, ...PAGE_QUERY}, responses: {200: HTML('The reviewers.')}},
  {method: 'get', path: '/assets/hallmark.css', tag: 'Pages', caller: 'public', summary: 'The site\'s stylesheet', responses: {200: {description: 'CSS.', types: {'text/css': {type: 'string'}}, example: 'body{…}'}, 304: {description: 'Not modified.'}}},
  {method: 'get', path: '/assets/passkeys.js', tag: 'Pages', caller: 'public', summary: 'The one script: passkey sign-in, on two pages only', responses: {200: {description: 'JavaScript.', types: {'text/javascript': {type: 'string'}}, example: '…'}, 304: {description: 'Not modified.'}}},
  {method: 'get', path: '/verify', tag: 'Pages', caller: 'public', summary: 'The "verify anything" form', responses: {200: HTML('Paste, upload or give an address.')}},
  {method: 'post', path: '/verify', tag: 'Pages', caller: 'public', rateLimited: true, summary: 'Verify what the form was given: one verdict card per credential',
    body: {types: {'multipart/form-data': {type: 'object', properties: {text: STRING, url: STRING, file: {type: 'string', contentEncoding: 'binary'}}}}, example: {url: 'https://github.com/owner/repo'}}, responses: {200: HTML('The verdicts.')}},
  {method: 'get', path: '/communities/:slug', tag: 'Pages', caller: 'public', pathParams: SLUG, summary: 'A community\'s page; its ActivityPub actor for `Accept: application/activity+json`', responses: {200: HTML('Its policies in words, endorsements, auditors, latest badges.')}},
  {method: 'get', path: '/packages/*purl', tag: 'Pages', caller: 'public', summary: 'A package\'s page: every badge and review (with schema.org linked data)', responses: {200: HTML('The package.')}},
  {method: 'get', path: '/reviewers/:handle', tag: 'Pages', caller: 'public', summary: 'A reviewer\'s page: roles, standing, reviews and credentials', responses: {200: HTML('The reviewer.')}},
  {method: 'get', path: '/reviews/:id', tag: 'Pages', caller: 'public', summary: 'A review in words, and the vetting form', responses: {200: HTML('The review.')}},
  {method: 'get', path: '/sign-in', tag: 'Sign-in', caller: 'public', query: {next: {description: 'a local path to return to', schema: STRING}}, summary: 'The sign-in form', responses: {200: HTML('Handle and password, or a passkey.')}},
  {method: 'post', path: '/sign-in', tag: 'Sign-in', caller: 'public', rateLimited: true, summary: 'Sign in with a handle and a password', body: FORM({handle: 'alice', password: '…', next: '/account', _csrf: '…'}), responses: {303: REDIRECT, 200: HTML('The form again, with what was wrong.')}, errors: [...FORM_ERRORS]},
  {method: 'post', path: '/sign-out', tag: 'Sign-in', caller: 'session', summary: 'Sign out (the session is deleted on the server)', body: FORM({_csrf: '…'}), responses: {303: REDIRECT}, errors: FORM_ERRORS},
  {method: 'get', path: '/account', tag: 'Sign-in', caller: 'session', summary: 'Your account: sessions, API tokens, passkeys', responses: {200: HTML('The account page.'), 303: {description: 'Not signed in: to `/sign-in?next=…`.'}}},
  {method: 'post', path: '/account/sessions/:id/revoke', tag: 'Sign-in', caller: 'session', summary: 'End one of your sessions', body: FORM({_csrf: '…'}), responses: {303: REDIRECT}, errors: FORM_ERRORS},
  {method: 'post', path: '/account/tokens', tag: 'Sign-in', caller: 'session', summary: 'Make an API token (shown once)', body: FORM({label: 'laptop', _csrf: '…'}), responses: {200: HTML('The new token, shown once.'), 303: REDIRECT}, errors: FORM_ERRORS},
  {method: 'post', path: '/account/tokens/:tokenId/revoke', tag: 'Sign-in', caller: 'session', summary: 'Revoke an API token', body: FORM({_csrf: '…'}), responses: {303: REDIRECT}, errors: FORM_ERRORS},
  {method: 'post', path: '/account/passkeys/options', tag: 'Sign-in', caller: 'session', summary: 'WebAuthn registration options (for /assets/passkeys.js)', responses: {200: {description: 'The options and a form token.', ...json(object({options: ANY_OBJECT, token: STRING}), {options: {challenge: '…', rp: {name: 'Hallmark', id: 'localhost'}}, token: '…'})}}, errors: FORM_ERRORS},
  {method: 'post', path: '/account/passkeys', tag: 'Sign-in', caller: 'session', summary: 'Register a passkey', body: json(ANY_OBJECT, {response: {id: '…', type: 'public-key'}, name: 'laptop'}), responses: {201: {description: 'The passkey.', ...json(object({id: STRING}), {id: '…', name: 'laptop', createdAt: '2026-12-08T05:00:00.000Z'})}}, errors: FORM_ERRORS},
  {method: 'post', path: '/account/passkeys/:id/remove', tag: 'Sign-in', caller: 'session', summary: 'Remove a passkey', body: FORM({_csrf: '…'}), responses: {303: REDIRECT}, errors: FORM_ERRORS},
  {method: 'post', path: '/sign-in/passkey/options', tag: 'Sign-in', caller: 'public', summary: 'WebAuthn sign-in options', responses: {200: {description: 'The options and a form token.', ...json(object({options: ANY_OBJECT, token: STRING}), {options: {challenge: '…'}, token: '…'})}}, errors: FORM_ERRORS},
  {method: 'post', path: '/sign-in/passkey', tag: 'Sign-in', caller: 'public', rateLimited: true, summary: 'Sign in with a passkey', body: json(ANY_OBJECT, {response: {id: '…'}, next: '/account'}), responses: {200: {description: 'Signed in: where to go.', ...json(object({redirect: STRING}), {redirect: '/account'})}}, errors: FORM_ERRORS},
  {method: 'get', path: '/invitations/:secret', tag: 'Sign-in', caller: 'public', pathParams: {secret: {description: 'the invitation\'s one-time secret'}}, summary: 'An invitation: make an account, or accept it with yours', responses: {200: HTML('The invitation.')}},
  {method: 'post', path: '/invitations/:secret', tag: 'Sign-in', caller: 'public', pathParams: {secret: {description: 'the invitation\'s one-time secret'}}, summary: 'Accept an invitation', body: FORM({handle: 'bob', name: 'Bob', password: '…', _csrf: '…'}), responses: {303: REDIRECT, 200: HTML('The form again, with what was wrong.')}, errors: FORM_ERRORS},
  {method: 'get', path: '/communities/new', tag: 'Community forms', caller: 'session', summary: 'The form to found a community', responses: {200: HTML('The form.')}},
  {method: 'post', path: '/communities/new', tag: 'Community forms', caller: 'session', summary: 'Found a community', body: FORM({slug: 'js-vet', name: 'JS vetting', ecosystems: 'npm', membership: 'invite', _csrf: '…'}), responses: {303: REDIRECT}, errors: FORM_ERRORS},
  {method: 'post', path: '/communities/:slug/join', tag: 'Community forms', caller: 'session', pathParams: SLUG, summary: 'Join an open community as a member', body: FORM({_csrf: '…'}), responses: {303: REDIRECT}, errors: FORM_ERRORS},
  {method: 'get', path: '/communities/:slug/invitations', tag: 'Community forms', caller: 'session', pathParams: SLUG, summary: 'Invite people (stewards)', responses: {200: HTML('The invitations and the form.')}},
  {method: 'post', path: '/communities/:slug/invitations', tag: 'Community forms', caller: 'session', pathParams: SLUG, summary: 'Make an invitation', body: FORM({role: 'auditor', note: 'Bob', days: '3', _csrf: '…'}), responses: {200: HTML('The link, shown once.'), 303: REDIRECT}, errors: FORM_ERRORS},
  {method: 'post', path: '/communities/:slug/invitations/:id/withdraw', tag: 'Community forms', caller: 'session', pathParams: SLUG, summary: 'Withdraw an invitation', body: FORM({_csrf: '…'}), responses: {303: REDIRECT}, errors: FORM_ERRORS},
  {method: 'get', path: '/communities/:slug/review-requests/new', tag: 'Community forms', caller: 'session', pathParams: SLUG, summary: 'The form to request a review', responses: {200: HTML('The form.')}},
  {method: 'post', path: '/communities/:slug/review-requests', tag: 'Community forms', caller: 'session', pathParams: SLUG, summary: 'Request a review', body: FORM({purl: 'pkg:npm/left-pad@1.3.0', source: 'https://github.com/left-pad/left-pad', note: '', _csrf: '…'}), responses: {303: REDIRECT}, errors: FORM_ERRORS},
  {method: 'get', path: '/communities/:slug/queue', tag: 'Community forms', caller: 'session', pathParams: SLUG, summary: 'An auditor\'s queue: requests, reviews to vet, own reviews', responses: {200: HTML('The queue.')}},
  {method: 'get', path: '/communities/:slug/reviews/new', tag: 'Community forms', caller: 'session', pathParams: SLUG, summary: 'The review form, every scale value explained', responses: {200: HTML('The form.')}},
  {method: 'post', path: '/communities/:slug/reviews/new', tag: 'Community forms', caller: 'session', pathParams: SLUG, summary: 'Submit a review', body: FORM({purl: 'pkg:npm/left-pad@1.3.0', kind: 'full', criteria: 'safe-to-run', thoroughness: 'high', understanding: 'medium', rating: 'positive', findings: 'CVE-2024-12345 low', _csrf: '…'}), responses: {303: REDIRECT}, errors: FORM_ERRORS},
  {method: 'post', path: '/reviews/:id/vettings', tag: 'Community forms', caller: 'session', summary: 'Vet a review', body: FORM({verdict: 'endorse', reviewDigest: 'sha256-…', comment: '', _csrf: '…'}), responses: {303: REDIRECT}, errors: FORM_ERRORS},
  {method: 'get', path: '/communities/:slug/edit', tag: 'Community forms', caller: 'session', pathParams: SLUG, summary: 'The steward\'s form to edit a community', responses: {200: HTML('The form.')}},
  {method: 'post', path: '/communities/:slug/edit', tag: 'Community forms', caller: 'session', pathParams: SLUG, summary: 'Edit a community', body: FORM({description: '…', membership: 'open', _csrf: '…'}), responses: {303: REDIRECT}, errors: FORM_ERRORS},
  {method: 'get', path: '/communities/:slug/policies/new', tag: 'Community forms', caller: 'session', pathParams: SLUG, summary: 'The policy form (YAML)', responses: {200: HTML('The form.')}},
  {method: 'post', path: '/communities/:slug/policies/new', tag: 'Community forms', caller: 'session', pathParams: SLUG, summary: 'Preview or publish a policy', body: FORM({policy: 'name: vetted\n…', action: 'preview', _csrf: '…'}), responses: {200: HTML('The preview.'), 303: REDIRECT}, errors: FORM_ERRORS},
  {method: 'post', path: '/vettings/:id/resolve', tag: 'Community forms', caller: 'session', summary: 'Uphold or dismiss a dispute', body: FORM({outcome: 'dismissed', _csrf: '…'}), responses: {303: REDIRECT}, errors: FORM_ERRORS},
];

