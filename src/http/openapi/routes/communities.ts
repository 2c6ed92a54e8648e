import {ROLES} from '../../../vetting/model.ts';
import {ANY_OBJECT, arrayOf, json, object, ref, STRING, type RouteDoc} from '../describe.ts';
import {requestSchema} from '../components.ts';

const ACCOUNT = {handle: 'alice', kind: 'person', name: 'Alice', organisation: 'org-b', organisationConfirmed: false, did: null, issuer: null};
const COMMUNITY = {slug: 'js-vet', name: 'JS vetting', description: '', ecosystems: ['npm'], guidance: {}, membership: 'invite', acceptance: {endorsements: 1, minRole: 'senior-auditor', otherOrganisation: true}, milestones: [], createdAt: '2026-12-08T05:00:00.000Z'};
const FULL_COMMUNITY = object({slug: STRING, name: STRING, criteria: arrayOf(ANY_OBJECT), roles: arrayOf(ANY_OBJECT)});
const FULL_EXAMPLE = {...COMMUNITY, criteria: [{community: 'js-vet', name: 'safe-to-run', description: '…', implies: []}], roles: [{handle: 'stella', role: 'steward'}]};
const ROLE_CHANGE = object({community: STRING, handle: STRING});
const HANDLE = {handle: {description: 'an account\'s handle'}};

/** src/http/communities.ts: accounts, organisations, communities, roles and criteria. */
export const communityRoutes: RouteDoc[] = [
  {method: 'post', path: '/api/v1/accounts', tag: 'Accounts', caller: 'account', summary: 'Create an account (admin, or a steward of any community for people)',
    body: json(requestSchema('hallmark-account-create.schema.json'), {handle: 'alice', kind: 'person', name: 'Alice', organisation: 'org-b'}),
    responses: {201: {description: 'The account.', headers: {Location: 'the account\'s path'}, ...json(ref('Account'), ACCOUNT)}}, errors: [409]},
  {method: 'get', path: '/api/v1/accounts/:handle', tag: 'Accounts', caller: 'public', pathParams: HANDLE, summary: 'An account and its current roles',
    responses: {200: {description: 'The account.', ...json({allOf: [ref('Account'), object({roles: arrayOf(ANY_OBJECT)})]}, {...ACCOUNT, roles: [{community: 'js-vet', role: 'auditor'}]})}}},
  {method: 'get', path: '/api/v1/accounts/:handle/members', tag: 'Accounts', caller: 'public', pathParams: {handle: {description: 'the organisation\'s handle'}}, summary: 'An organisation\'s confirmed members',
    responses: {200: {description: 'The members.', ...json(object({members: arrayOf(ref('Account'))}), {members: [{...ACCOUNT, organisationConfirmed: true}]})}}},
  {method: 'put', path: '/api/v1/accounts/:handle/members/:member', tag: 'Accounts', caller: 'account', summary: 'Confirm that a person who names the organisation belongs to it (its own token, or admin)',
    responses: {200: {description: 'The person\'s account, confirmed.', ...json(ref('Account'), {...ACCOUNT, organisationConfirmed: true})}}, errors: [409]},
  {method: 'delete', path: '/api/v1/accounts/:handle/members/:member', tag: 'Accounts', caller: 'account', summary: 'Withdraw the confirmation',
    responses: {200: {description: 'The person\'s account, unconfirmed.', ...json(ref('Account'), ACCOUNT)}}, errors: [409]},
  {method: 'post', path: '/api/v1/accounts/:handle/issuer', tag: 'Accounts', caller: 'account', summary: 'Give an organisation an issuer of its own (its own token, or admin)',
    body: {...json(requestSchema('hallmark-organisation-issuer.schema.json'), {slug: 'org-b', name: 'Org B'}), required: false},
    responses: {201: {description: 'The organisation and its issuer\'s Profile.', headers: {Location: '/issuers/{slug}'}, ...json(object({account: ref('Account'), issuer: ref('Profile')}), {account: {...ACCOUNT, handle: 'org-b', kind: 'organisation', issuer: 'org-b'}, issuer: {id: 'did:key:z6Mk…', type: ['Profile'], name: 'Org B'}})}}, errors: [409]},
  {method: 'post', path: '/api/v1/accounts/:handle/tokens', tag: 'Tokens', caller: 'account', pathParams: HANDLE, summary: 'A new account token, shown once (that account, or admin)',
    body: {...json(requestSchema('hallmark-token-create.schema.json'), {label: 'laptop'}), required: false},
    responses: {201: {description: 'The token.', headers: {Location: 'where it is revoked'}, ...json(ref('IssuedToken'), {id: 'tok_77…', token: 'hm_…', scope: {kind: 'account', handle: 'alice'}, label: 'laptop', createdAt: '2026-12-08T05:00:00.000Z'})}}, errors: [409]},
  {method: 'get', path: '/api/v1/accounts/:handle/tokens', tag: 'Tokens', caller: 'account', pathParams: HANDLE, summary: 'List an account\'s tokens (labels and dates, never secrets)',
    responses: {200: {description: 'Its live tokens.', ...json(ref('TokenList'), {tokens: [{id: 'tok_77…', label: 'laptop', createdAt: '2026-12-08T05:00:00.000Z'}]})}}},
  {method: 'delete', path: '/api/v1/accounts/:handle/tokens/:tokenId', tag: 'Tokens', caller: 'account', pathParams: HANDLE, summary: 'Revoke an account token',
    responses: {204: {description: 'Revoked.'}}},
  {method: 'post', path: '/api/v1/communities', tag: 'Communities', caller: 'account', summary: 'Found a community (admin, or a person allowed to found communities); creates its issuer too',
    body: json(requestSchema('hallmark-community-create.schema.json'), {slug: 'js-vet', name: 'JS vetting', ecosystems: ['npm'], stewards: ['stella']}),
    responses: {201: {description: 'The community.', headers: {Location: 'the community\'s path'}, ...json(ref('Community'), COMMUNITY)}}, errors: [409]},
  {method: 'get', path: '/api/v1/communities/:slug', tag: 'Communities', caller: 'public', summary: 'A community, its criteria and current role holders',
    responses: {200: {description: 'The community.', ...json(FULL_COMMUNITY, FULL_EXAMPLE)}}},
  {method: 'patch', path: '/api/v1/communities/:slug', tag: 'Communities', caller: 'account', summary: 'Edit a community (its stewards, admin); a new acceptance rule decides every live review again',
    body: json(requestSchema('hallmark-community-update.schema.json'), {description: 'npm packages, vetted.', membership: 'open'}),
    responses: {200: {description: 'The community after the edit.', ...json(FULL_COMMUNITY, {...FULL_EXAMPLE, description: 'npm packages, vetted.', membership: 'open'})}}, errors: [409]},
  {method: 'get', path: '/api/v1/communities/:slug/history', tag: 'Communities', caller: 'public', summary: 'Every edit of a community, oldest first',
    responses: {200: {description: 'The edits.', ...json(object({history: arrayOf(object({revision: {type: 'integer'}, by: STRING, at: STRING, changes: ANY_OBJECT}))}), {history: [{revision: 1, by: 'stella', at: '2026-12-08T05:00:00.000Z', changes: {membership: {from: 'invite', to: 'open'}}}]})}}},
  {method: 'put', path: '/api/v1/communities/:slug/roles/:handle', tag: 'Communities', caller: 'account', pathParams: HANDLE, summary: `Grant a role (${ROLES.join(' < ')}); stewards, admin, or self-join as member of an open community`,
    body: json(requestSchema('hallmark-role-set.schema.json'), {role: 'auditor', reason: 'audits for Org B'}),
    responses: {200: {description: 'The grant.', ...json(ROLE_CHANGE, {community: 'js-vet', handle: 'bob', role: 'auditor', by: 'stella', at: '2026-12-08T05:00:00.000Z', reason: 'audits for Org B'})}}, errors: [409]},
  {method: 'delete', path: '/api/v1/communities/:slug/roles/:handle', tag: 'Communities', caller: 'account', pathParams: HANDLE, summary: 'Withdraw a role; the reviews that person vetted are decided again',
    body: {...json(requestSchema('hallmark-role-withdraw.schema.json'), {reason: 'left the project'}), required: false},
    responses: {200: {description: 'The withdrawal.', ...json(ROLE_CHANGE, {community: 'js-vet', handle: 'bob', role: null, by: 'stella', at: '2026-12-08T06:00:00.000Z', reason: 'left the project'})}}, errors: [409]},
  {method: 'get', path: '/api/v1/communities/:slug/roles/history', tag: 'Communities', caller: 'public', summary: 'Every grant and withdrawal, append-only',
    responses: {200: {description: 'The history.', ...json(object({history: arrayOf(ANY_OBJECT)}), {history: [{community: 'js-vet', handle: 'bob', role: 'auditor', by: 'stella', at: '2026-12-08T05:00:00.000Z'}]})}}},
  {method: 'get', path: '/api/v1/communities/:slug/criteria', tag: 'Communities', caller: 'public', summary: 'A community\'s criteria (built-ins `safe-to-run`, `safe-to-deploy` and its own)',
    responses: {200: {description: 'The criteria.', ...json(object({criteria: arrayOf(object({name: STRING}))}), {criteria: [{community: 'js-vet', name: 'safe-to-run', description: '…', implies: []}]})}}},
  {method: 'get', path: '/api/v1/communities/:slug/criteria/:name', tag: 'Communities', caller: 'public', pathParams: {name: {description: 'the criterion\'s name'}}, summary: 'One criterion and everything it implies',
    responses: {200: {description: 'The criterion.', ...json(object({name: STRING, closure: arrayOf(STRING)}), {community: 'js-vet', name: 'safe-to-deploy', description: '…', implies: ['safe-to-run'], closure: ['safe-to-deploy', 'safe-to-run']})}}},
  {method: 'post', path: '/api/v1/communities/:slug/criteria', tag: 'Communities', caller: 'account', summary: 'Define a criterion (stewards); it may imply only existing criteria',
    body: json(requestSchema('hallmark-criterion-create.schema.json'), {name: 'careful-crypto', description: 'Cryptography used as its authors intend.', implies: ['safe-to-run']}),
    responses: {201: {description: 'The criterion.', headers: {Location: 'the criterion\'s path'}, ...json(object({name: STRING, closure: arrayOf(STRING)}), {community: 'js-vet', name: 'careful-crypto', description: 'Cryptography used as its authors intend.', implies: ['safe-to-run'], closure: ['careful-crypto', 'safe-to-run']})}}, errors: [409]},
];

