import {ANY_OBJECT, arrayOf, BOOLEAN, INTEGER, json, object, STRING, type RouteDoc} from '../describe.ts';
import {requestSchema} from '../components.ts';

const POLICY_YAML = 'name: vetted\ncriteria: safe-to-deploy\nrules:\n  - kind: reviews\n    criterion: safe-to-deploy\n    min: 2\n';
const POLICY_BODY = {
  types: {'application/json': requestSchema('policy.schema.json'), 'application/yaml': {type: 'string', description: 'the same document in YAML (plain data: no anchors, aliases, tags or duplicate keys); `text/yaml` and `application/x-yaml` too'}},
  example: {name: 'vetted', criteria: 'safe-to-deploy', rules: [{kind: 'reviews', criterion: 'safe-to-deploy', min: 2}]},
};
const VERSION = object({community: STRING, name: STRING, version: INTEGER, digest: STRING, document: ANY_OBJECT, achievement: ANY_OBJECT, publishedAt: STRING});
const VERSION_EXAMPLE = {id: 'js-vet:vetted:1', community: 'js-vet', name: 'vetted', version: 1, digest: 'sha256-…', document: POLICY_BODY.example, achievement: {id: 'https://badges.example/communities/js-vet/policies/vetted/versions/1', type: ['Achievement'], name: 'Vetted release', criteria: {narrative: '…'}}, publishedBy: 'stella', publishedAt: '2026-12-08T05:00:00.000Z'};
const NAME = {name: {description: 'the policy\'s name'}};
const VERSION_PARAMS = {...NAME, version: {description: 'the version number, from 1', schema: {type: 'integer', minimum: 1}}};

/** src/http/policies.ts: policies, evidence and evaluation. */
export const policyRoutes: RouteDoc[] = [
  {method: 'post', path: '/api/v1/communities/:slug/policies', tag: 'Policies', caller: 'account', summary: 'Publish a policy (stewards, admin): JSON or YAML',
    description: `At most 64 KiB. The same content again returns the existing version (200); a change is version n+1 (201). YAML example:\n\n\`\`\`yaml\n${POLICY_YAML}\`\`\``,
    body: POLICY_BODY,
    responses: {201: {description: 'A new version.', headers: {Location: 'the version\'s path'}, ...json(VERSION, VERSION_EXAMPLE)}, 200: {description: 'The same content as an existing version: that version.', headers: {Location: 'the version\'s path'}, ...json(VERSION, VERSION_EXAMPLE)}}},
  {method: 'post', path: '/api/v1/communities/:slug/policies/preview', tag: 'Policies', caller: 'public', summary: 'Check a policy and read its narrative before publishing (nothing is stored)',
    body: POLICY_BODY,
    responses: {200: {description: 'Valid or not, said in the body.', ...json({oneOf: [object({valid: {const: false}, message: STRING, problems: arrayOf(object({field: STRING, problem: STRING}))}), object({valid: {const: true}, narrative: STRING, achievement: ANY_OBJECT, version: INTEGER, published: BOOLEAN})]},
      {valid: true, narrative: 'At least 2 accepted reviews for safe-to-deploy.', achievement: VERSION_EXAMPLE.achievement, version: 1, published: false})}}},
  {method: 'get', path: '/api/v1/communities/:slug/policies', tag: 'Policies', caller: 'public', summary: 'The latest version of each policy',
    responses: {200: {description: 'The policies.', ...json(object({policies: arrayOf(VERSION)}), {policies: [VERSION_EXAMPLE]})}}},
  {method: 'get', path: '/api/v1/communities/:slug/policies/:name', tag: 'Policies', caller: 'public', pathParams: NAME, summary: 'A policy: its latest version and every version\'s digest',
    responses: {200: {description: 'The policy.', ...json(object({latest: VERSION, versions: arrayOf(object({version: INTEGER, digest: STRING, publishedAt: STRING}))}), {latest: VERSION_EXAMPLE, versions: [{version: 1, digest: 'sha256-…', publishedAt: '2026-12-08T05:00:00.000Z'}]})}}},
  {method: 'get', path: '/api/v1/communities/:slug/policies/:name/versions/:version', tag: 'Policies', caller: 'public', pathParams: VERSION_PARAMS, summary: 'One version: document, digest, achievement',
    responses: {200: {description: 'The version.', ...json(VERSION, VERSION_EXAMPLE)}}},
  {method: 'get', path: '/communities/:slug/policies/:name/versions/:version', tag: 'Policies', caller: 'public', pathParams: VERSION_PARAMS, summary: 'The OB 3.0 Achievement badges under this version cite (a page for browsers)',
    query: {format: {description: '`json` for the Achievement whatever `Accept` says', schema: {type: 'string', enum: ['json']}}},
    responses: {200: {description: 'The Achievement for `Accept: application/json`, a page for browsers.', types: {'application/json': object({id: STRING, type: arrayOf(STRING)}), 'text/html': {type: 'string'}}, example: VERSION_EXAMPLE.achievement}}},
  {method: 'post', path: '/api/v1/communities/:slug/policies/:name/evaluate', tag: 'Policies', caller: 'account', pathParams: NAME, summary: 'Evaluate a release (a member or above, admin): every rule with pass/fail and why',
    body: json(requestSchema('hallmark-evaluate-request.schema.json'), {purl: 'pkg:npm/left-pad@1.3.0'}),
    responses: {200: {description: 'The evaluation, and the badge and its credential when every rule passed.', ...json(object({evaluation: ANY_OBJECT, badge: {type: ['object', 'null']}, credential: {type: ['object', 'null']}}), {evaluation: {purl: 'pkg:npm/left-pad@1.3.0', passed: false, rules: [{kind: 'reviews', passed: false, reason: '1 of 2 accepted reviews'}]}, badge: null, credential: null})}}},
  {method: 'post', path: '/api/v1/packages/*purl/evidence', tag: 'Packages', caller: 'account', pathParams: {purl: {description: 'the release\'s purl (may contain "/")'}}, summary: 'Evidence for a release: Scorecard, licence, provenance (admin, or an auditor+)',
    body: json(requestSchema('hallmark-evidence-request.schema.json'), {type: 'license', document: {expression: 'MIT'}, expiresAt: '2027-01-01T00:00:00Z'}),
    responses: {201: {description: 'The stored evidence.', headers: {Location: 'the evidence\'s path'}, ...json(object({id: STRING, type: STRING}), {id: '2d4e…', purl: 'pkg:npm/left-pad@1.3.0', type: 'license', document: {expression: 'MIT'}, submittedBy: 'alice', expiresAt: '2027-01-01T00:00:00Z'})}}},
  {method: 'get', path: '/api/v1/evidence/:id', tag: 'Packages', caller: 'public', pathParams: {id: {description: 'the evidence\'s id'}}, summary: 'One evidence document',
    responses: {200: {description: 'The evidence.', ...json(object({id: STRING, type: STRING}), {id: '2d4e…', purl: 'pkg:npm/left-pad@1.3.0', type: 'license', document: {expression: 'MIT'}})}}},
];

/** src/http/reputation.ts */
export const reputationRoutes: RouteDoc[] = [
  {method: 'get', path: '/api/v1/communities/:slug/reviewers', tag: 'Reviewers', caller: 'public', summary: 'A community\'s reviewers, best reputation first',
    responses: {200: {description: 'The reviewers with their role, score and stats.', ...json(object({community: STRING, reviewers: arrayOf(object({handle: STRING, score: {type: 'number'}}))}), {community: 'js-vet', reviewers: [{handle: 'alice', role: 'auditor', score: 0.42, stats: {reviewsAccepted: 3, reviewsDisputed: 0, reviewsRetracted: 0, vettingsGiven: 5}}]})}}},
  {method: 'get', path: '/api/v1/accounts/:handle/credentials', tag: 'Reviewers', caller: 'public', pathParams: {handle: {description: 'the reviewer\'s handle'}}, summary: 'A reviewer\'s milestone credentials',
    responses: {200: {description: 'The credentials, with their state.', ...json(object({handle: STRING, credentials: arrayOf(ANY_OBJECT)}), {handle: 'alice', credentials: [{community: 'js-vet', milestone: 'ten-reviews', credentialId: 'https://badges.example/credentials/…', state: 'valid'}]})}}},
];
