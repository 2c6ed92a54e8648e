import {STANDINGS, VERDICTS} from '../../../vetting/model.ts';
import {REVIEW_SCALES} from '../../../vetting/review-scales.ts';
import {ANY_OBJECT, arrayOf, json, NULLABLE_STRING, object, oneOfValues, ref, STRING, type RouteDoc} from '../describe.ts';
import {requestSchema} from '../components.ts';

const REVIEW = {id: '6c0e…', community: 'npm-vet', reviewer: 'alice', purl: 'pkg:npm/left-pad@1.3.0', package: 'pkg:npm/left-pad', kind: 'full', criteria: ['safe-to-run'],
  thoroughness: 'high', understanding: 'medium', rating: 'positive', findings: [], notes: '', digest: 'sha256-…', standing: 'pending', credentialId: null};
const VETTING = {id: '91aa…', review: '6c0e…', reviewDigest: 'sha256-…', by: 'bob', verdict: 'endorse', comment: 'Checked the install script.', at: '2026-12-08T05:10:00.000Z'};
const REVIEW_SCHEMA = {allOf: [ref('Review'), object({standing: oneOfValues(STANDINGS), digest: STRING})]};
const VETTING_SCHEMA = object({id: STRING, review: STRING, by: STRING, verdict: oneOfValues(VERDICTS)});
const ID = {id: {description: 'the review\'s id'}};

/** src/http/reviews.ts: reviews, their scales, vettings and a package's record. */
export const reviewRoutes: RouteDoc[] = [
  {method: 'post', path: '/api/v1/communities/:slug/reviews', tag: 'Reviews', caller: 'account', summary: 'Submit a review (an auditor or above of the community)',
    description: 'Every allowed value of `thoroughness`, `understanding` and `rating` and what it means is in `GET /api/v1/review-scales`; a wrong value is refused with that list.',
    body: json(requestSchema('hallmark-review-submit.schema.json'), {purl: 'pkg:npm/left-pad@1.3.0', kind: 'full', criteria: ['safe-to-run'], thoroughness: 'high', understanding: 'medium', rating: 'positive', findings: [{id: 'CVE-2024-12345', severity: 'low'}]}),
    responses: {201: {description: 'The review, why it stands where it does, and its credential once accepted.', headers: {Location: 'the review\'s path'}, ...json(object({review: REVIEW_SCHEMA, standingReason: STRING, credential: {type: ['object', 'null']}}), {review: REVIEW, standingReason: 'needs an endorsement from a senior auditor (or above) of another organisation', credential: null})}},
    errors: [409]},
  {method: 'get', path: '/api/v1/review-scales', tag: 'Reviews', caller: 'public', summary: 'What each value of a review\'s thoroughness, understanding and rating means',
    responses: {200: {description: 'The three scales, in the words the review form and the API\'s errors use.', ...json(object({scales: arrayOf(object({field: oneOfValues(REVIEW_SCALES.map((scale) => scale.field)), label: STRING, question: STRING, values: arrayOf(object({value: STRING, meaning: STRING}))}))}), {scales: REVIEW_SCALES})}}},
  {method: 'get', path: '/api/v1/reviews/:id', tag: 'Reviews', caller: 'public', pathParams: ID, summary: 'A review, why it stands where it does, its vettings and credential',
    responses: {200: {description: 'The review.', ...json(object({review: REVIEW_SCHEMA, standingReason: STRING, vettings: arrayOf(VETTING_SCHEMA), credential: {type: ['object', 'null']}}), {review: REVIEW, standingReason: 'accepted: endorsed by bob (senior-auditor, org-c)', vettings: [VETTING], credential: null})}}},
  {method: 'post', path: '/api/v1/reviews/:id/retract', tag: 'Reviews', caller: 'account', pathParams: ID, summary: 'Retract one\'s own review (its credential is revoked)',
    body: {...json(requestSchema('hallmark-review-retract.schema.json'), {}), required: false},
    responses: {200: {description: 'The retracted review.', ...json(object({review: REVIEW_SCHEMA}), {review: {...REVIEW, standing: 'retracted'}})}}, errors: [409]},
  {method: 'post', path: '/api/v1/reviews/:id/vettings', tag: 'Reviews', caller: 'account', pathParams: ID, summary: 'Vet a review: endorse, dispute (or reject, for stewards) the digest you read',
    body: json(requestSchema('hallmark-vetting-create.schema.json'), {verdict: 'endorse', reviewDigest: 'sha256-…', comment: 'Checked the install script.'}),
    responses: {201: {description: 'The vetting and the review after it.', headers: {Location: 'the vetting\'s path'}, ...json(object({vetting: VETTING_SCHEMA, review: REVIEW_SCHEMA}), {vetting: VETTING, review: {...REVIEW, standing: 'accepted'}})}}, errors: [409]},
  {method: 'get', path: '/api/v1/vettings/:id', tag: 'Reviews', caller: 'public', pathParams: {id: {description: 'the vetting\'s id'}}, summary: 'One vetting',
    responses: {200: {description: 'The vetting.', ...json(object({vetting: VETTING_SCHEMA}), {vetting: VETTING})}}},
  {method: 'post', path: '/api/v1/vettings/:id/resolve', tag: 'Reviews', caller: 'account', pathParams: {id: {description: 'the dispute\'s id'}}, summary: 'Uphold or dismiss a dispute (stewards)',
    body: json(requestSchema('hallmark-vetting-resolve.schema.json'), {outcome: 'dismissed'}),
    responses: {200: {description: 'The dispute and the review after it.', ...json(object({vetting: VETTING_SCHEMA, review: REVIEW_SCHEMA}), {vetting: {...VETTING, verdict: 'dispute', resolved: {by: 'stella', outcome: 'dismissed', at: '2026-12-08T06:00:00.000Z'}}, review: {...REVIEW, standing: 'accepted'}})}}, errors: [409]},
  {method: 'get', path: '/api/v1/packages/*purl', tag: 'Packages', caller: 'public', pathParams: {purl: {description: 'a package or release purl (may contain "/")'}},
    summary: 'Everything known of a package or release: reviews, badges, evaluations, evidence, imported reviews and audits',
    responses: {200: {description: 'The package.', ...json(object({purl: STRING, package: STRING, version: NULLABLE_STRING, reviews: arrayOf(object({review: REVIEW_SCHEMA, vettings: arrayOf(VETTING_SCHEMA), credential: {type: ['object', 'null']}})), imported: arrayOf(ANY_OBJECT)}, {badges: arrayOf(ANY_OBJECT), evaluations: arrayOf(ANY_OBJECT), evidence: arrayOf(ANY_OBJECT), importedReviews: arrayOf(ANY_OBJECT)}),
      {purl: 'pkg:npm/left-pad@1.3.0', package: 'pkg:npm/left-pad', version: '1.3.0', reviews: [{review: REVIEW, vettings: [VETTING], credential: null}], imported: [], badges: [], evaluations: [], evidence: [], importedReviews: []})}}},
];

const REQUEST = {id: '3f1d…', community: 'npm-vet', purl: 'pkg:npm/left-pad@1.3.0', package: 'pkg:npm/left-pad', source: 'https://github.com/left-pad/left-pad/tree/v1.3.0', note: 'New loop.', requester: 'mia', state: 'open', createdAt: '2026-12-08T05:00:00.000Z'};
const REQUEST_SCHEMA = object({id: STRING, community: STRING, purl: STRING, requester: STRING, state: oneOfValues(['open', 'closed', 'withdrawn'])}, {closedByReview: NULLABLE_STRING});

/** src/http/review-requests.ts */
export const reviewRequestRoutes: RouteDoc[] = [
  {method: 'post', path: '/api/v1/communities/:slug/review-requests', tag: 'Reviews', caller: 'account', summary: 'Ask a community to review a release (any account)',
    body: json(requestSchema('hallmark-review-request-create.schema.json'), {purl: 'pkg:npm/left-pad@1.3.0', source: 'https://github.com/left-pad/left-pad/tree/v1.3.0', note: 'New loop.'}),
    responses: {201: {description: 'The request.', headers: {Location: 'the request\'s path'}, ...json(REQUEST_SCHEMA, REQUEST)}}, errors: [409]},
  {method: 'get', path: '/api/v1/communities/:slug/review-requests', tag: 'Reviews', caller: 'public', summary: 'A community\'s review requests, oldest first',
    query: {state: {description: 'which ones (default open)', schema: oneOfValues(['open', 'closed', 'withdrawn'])}},
    responses: {200: {description: 'The requests.', ...json(object({requests: arrayOf(REQUEST_SCHEMA)}), {requests: [REQUEST]})}}},
  {method: 'get', path: '/api/v1/review-requests/:id', tag: 'Reviews', caller: 'public', summary: 'One review request',
    responses: {200: {description: 'The request.', ...json(REQUEST_SCHEMA, {...REQUEST, state: 'closed', closedByReview: '6c0e…'})}}},
  {method: 'post', path: '/api/v1/review-requests/:id/withdraw', tag: 'Reviews', caller: 'account', summary: 'Withdraw a request (the requester, a steward or the admin)',
    body: {...json(requestSchema('hallmark-review-request-withdraw.schema.json'), {reason: 'asked twice'}), required: false},
    responses: {200: {description: 'The withdrawn request.', ...json(REQUEST_SCHEMA, {...REQUEST, state: 'withdrawn'})}}, errors: [409]},
];
