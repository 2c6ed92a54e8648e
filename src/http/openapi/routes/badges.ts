import {ANY_OBJECT, arrayOf, HTML_TYPE, json, NULLABLE_STRING, object, STRING, type Answer, type RouteDoc} from '../describe.ts';
import {CREDENTIAL_EXAMPLE} from './credentials.ts';

const SVG: Answer = {description: 'The live badge: the achievement\'s name and valid / suspended / revoked / expired. `Cache-Control: no-cache` and an `ETag`, so image proxies revalidate every view.',
  headers: {ETag: 'changes with the badge\'s state', 'Cache-Control': 'no-cache'}, types: {'image/svg+xml': {type: 'string'}},
  example: '<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="Safe to run: valid" …>…</svg>'};
const NOT_FOUND_SVG: Answer = {description: 'A grey "not found" badge, never a broken image: unknown or malformed id.', types: {'image/svg+xml': {type: 'string'}}, example: '<svg … aria-label="Hallmark: not found">…</svg>'};
const EMBED = object({markdown: STRING, html: STRING, restructuredtext: STRING, imageUrl: STRING, pageUrl: STRING});
const PURL = {description: 'a package (`pkg:npm/left-pad`) or release purl; it may contain "/"'};
const STANDING_EXAMPLE = {community: {slug: 'js-vet', name: 'JS vetting'}, package: 'pkg:npm/left-pad', release: 'pkg:npm/left-pad@1.3.0', badge: null,
  policies: [{policy: 'vetted', passed: false, lacking: '1 of 2 accepted reviews; licence evidence missing', rules: []}], requests: [],
  imageUrl: 'https://badges.example/badges/js-vet/pkg:npm/left-pad.svg', pageUrl: 'https://badges.example/communities/js-vet/packages/pkg:npm/left-pad'};

/** src/http/badges.ts (README badges and embeds) and src/http/baked.ts (baked images). */
export const badgeRoutes: RouteDoc[] = [
  {method: 'get', path: '/badges/:id.svg', tag: 'Badges', caller: 'public', pathParams: {id: {description: 'the credential\'s UUID'}}, summary: 'A credential\'s live SVG badge',
    responses: {200: SVG, 304: {description: 'Not modified since the ETag given.'}, 404: NOT_FOUND_SVG}},
  {method: 'get', path: '/badges/:community/*purl', tag: 'Badges', caller: 'public', pathParams: {community: {description: 'the community\'s slug'}, purl: {description: 'the package\'s purl followed by `.svg`, e.g. `pkg:npm/left-pad.svg`'}},
    summary: 'A package\'s badge under a community: its latest evaluated release\'s badge, or "not vetted"',
    responses: {200: SVG, 304: {description: 'Not modified since the ETag given.'}, 404: NOT_FOUND_SVG}},
  {method: 'get', path: '/api/v1/badges/:community/*purl/embed', tag: 'Badges', caller: 'public', pathParams: {community: {description: 'the community\'s slug'}, purl: PURL},
    summary: 'Ready-to-paste Markdown, HTML and reStructuredText for a package\'s badge',
    responses: {200: {description: 'The snippets: the live SVG linked to the package\'s page under the community.', ...json(EMBED, {markdown: '[![JS vetting: left\\-pad badge](https://badges.example/badges/js-vet/pkg:npm/left-pad.svg)](https://badges.example/communities/js-vet/packages/pkg:npm/left-pad)', html: '<a href="…"><img src="…" alt="JS vetting: left-pad badge"></a>', restructuredtext: '.. image:: …', imageUrl: 'https://badges.example/badges/js-vet/pkg:npm/left-pad.svg', pageUrl: 'https://badges.example/communities/js-vet/packages/pkg:npm/left-pad'})}}},
  {method: 'get', path: '/api/v1/communities/:slug/packages/*purl', tag: 'Badges', caller: 'public', pathParams: {purl: PURL},
    summary: 'A package under a community: the release its badge speaks for, the badge, what each policy still lacks, open review requests',
    responses: {200: {description: 'The package\'s standing.', ...json(object({community: object({slug: STRING, name: STRING}), package: STRING, release: NULLABLE_STRING, badge: {type: ['object', 'null']}, policies: arrayOf(object({policy: STRING, passed: {type: 'boolean'}})), requests: arrayOf(ANY_OBJECT), imageUrl: STRING, pageUrl: STRING}), STANDING_EXAMPLE)}}},
  {method: 'get', path: '/communities/:slug/packages/*purl', tag: 'Badges', caller: 'public', pathParams: {purl: PURL},
    summary: 'Where a package badge links: for programs its current badge credential, for browsers a page',
    description: 'Programs (and the "verify anything" inspector) get the current badge credential, so a README carrying the badge verifies; browsers get the page with the badge verified now, what each policy lacks and the snippets to copy. No badge yet: 404 for programs.',
    responses: {200: {description: 'The credential, or the page.', types: {'application/ld+json': ANY_OBJECT, [HTML_TYPE]: {type: 'string'}}, example: CREDENTIAL_EXAMPLE}}},
  {method: 'get', path: '/api/v1/badges/:id/embed', tag: 'Badges', caller: 'public', pathParams: {id: {description: 'the credential\'s UUID'}}, summary: 'Ready-to-paste snippets linking a credential\'s badge to its verification page',
    responses: {200: {description: 'The snippets.', ...json(EMBED, {markdown: '[![Safe to run badge](https://badges.example/badges/0b6d….svg)](https://badges.example/credentials/0b6d…)', html: '…', restructuredtext: '…', imageUrl: 'https://badges.example/badges/0b6d….svg', pageUrl: 'https://badges.example/credentials/0b6d…'})}}},
  {method: 'get', path: '/credentials/:id/baked.png', tag: 'Badges', caller: 'public', pathParams: {id: {description: 'the credential\'s UUID'}}, summary: 'A PNG badge with the credential baked in (iTXt `openbadgecredential`)',
    responses: {200: {description: 'The baked PNG, as an attachment.', headers: {'Content-Disposition': 'attachment; filename="badge.png"'}, types: {'image/png': {type: 'string', contentEncoding: 'binary'}}, example: '(PNG bytes)'}}},
  {method: 'get', path: '/credentials/:id/baked.svg', tag: 'Badges', caller: 'public', pathParams: {id: {description: 'the credential\'s UUID'}}, summary: 'An SVG badge with the credential baked in (`<openbadges:credential>`)',
    responses: {200: {description: 'The baked SVG, as an attachment.', headers: {'Content-Disposition': 'attachment; filename="badge.svg"'}, types: {'image/svg+xml': {type: 'string'}}, example: '<svg xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" …><openbadges:credential><![CDATA[{…}]]></openbadges:credential>…</svg>'}}},
];
