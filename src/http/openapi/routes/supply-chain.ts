import {ANY_OBJECT, arrayOf, BOOLEAN, INTEGER, json, object, STRING, type RouteDoc} from '../describe.ts';
import {requestSchema} from '../components.ts';

const IMPORT_RESULT = object({id: STRING, source: STRING, sha256: STRING, counts: ANY_OBJECT, added: INTEGER, unmapped: arrayOf(object({entry: STRING, reason: STRING})), disappeared: arrayOf(ANY_OBJECT)});
const IMPORT_EXAMPLE = {id: 'c41a…', source: 'embark', sha256: '…', counts: {full: 95, delta: 34, violation: 1, trusted: 26, wildcard: 45}, added: 200, unmapped: [], disappeared: []};
const UPLOAD = {type: 'object', properties: {file: {type: 'string', contentEncoding: 'binary'}, source: STRING, mapping: {type: 'string', description: 'JSON: file criterion → community criterion'}}, required: ['file']};

/** src/http/cargo-vet.ts */
export const cargoVetRoutes: RouteDoc[] = [
  {method: 'post', path: '/api/v1/communities/:slug/cargo-vet/imports', tag: 'cargo-vet', caller: 'account', summary: 'Import a cargo-vet audits.toml (a steward): uploaded, or fetched from a URL',
    description: 'Files over 4 MiB or with more than 25,000 entries are a 413; not UTF-8, not TOML, duplicate keys: 400. One import per community at a time (409).',
    body: {types: {'multipart/form-data': UPLOAD, 'application/json': requestSchema('hallmark-cargo-vet-import.schema.json')}, example: {url: 'https://raw.githubusercontent.com/mozilla/supply-chain/main/audits.toml', mapping: {'crypto-safe': 'careful-crypto'}}},
    responses: {201: {description: 'What the file held, what now counts, what could not be taken.', headers: {Location: 'the import\'s path'}, ...json(IMPORT_RESULT, IMPORT_EXAMPLE)}}, errors: [409]},
  {method: 'get', path: '/api/v1/communities/:slug/cargo-vet/imports', tag: 'cargo-vet', caller: 'public', summary: 'Past imports and their results',
    responses: {200: {description: 'The imports.', ...json(object({imports: arrayOf(ANY_OBJECT)}), {imports: [IMPORT_EXAMPLE]})}}},
  {method: 'get', path: '/api/v1/communities/:slug/cargo-vet/imports/:id', tag: 'cargo-vet', caller: 'public', summary: 'One import',
    responses: {200: {description: 'The import.', ...json(IMPORT_RESULT, IMPORT_EXAMPLE)}}},
  {method: 'get', path: '/api/v1/communities/:slug/cargo-vet/audits/:id', tag: 'cargo-vet', caller: 'public', summary: 'One imported audit (unsigned: `origin: "cargo-vet"`)',
    responses: {200: {description: 'The audit.', ...json(object({origin: {const: 'cargo-vet'}}), {id: 'a9…', purl: 'pkg:cargo/jni@0.21.1', kind: 'full', who: ['Robert Bragg <opensource@embark-studios.com>'], criteria: ['safe-to-deploy'], source: 'embark', origin: 'cargo-vet'})}}},
  {method: 'get', path: '/communities/:slug/audits.toml', tag: 'cargo-vet', caller: 'public', summary: 'The community\'s accepted reviews as an audits.toml cargo vet can import',
    query: {ecosystems: {description: 'other ecosystems to include (comma-separated), keyed by their purl', schema: STRING}},
    responses: {200: {description: 'The audits file.', types: {'application/toml': {type: 'string'}}, example: '[[audits.jni]]\nwho = "Alice <https://badges.example/reviewers/alice>"\ncriteria = "safe-to-deploy"\nversion = "0.21.1"\n'}}},
];

const CHECK_EXAMPLE = {passed: false, summary: {packages: 2, meeting: 1, failing: 1, skipped: 0}, packages: [{purl: 'pkg:npm/left-pad@1.3.0', meets: true, badge: {status: 'valid'}, reason: 'js-vet/vetted v1 badge verifies'}, {purl: 'pkg:npm/is-odd@3.0.1', meets: false, badge: null, reason: 'no badge under js-vet/vetted'}]};

/** src/http/check.ts */
export const checkRoutes: RouteDoc[] = [
  {method: 'post', path: '/api/v1/check', tag: 'Verification', caller: 'public', summary: 'Does every dependency of an SBOM or lockfile meet a policy?',
    description: 'A CycloneDX JSON SBOM, SPDX 2.x JSON or 3.0 JSON-LD, or an npm package-lock.json (v1–v3), as JSON with `policies`, or uploaded (`file`, up to 10 MiB) with `?policy=community/name`. A policy or community that does not exist is a 404 naming it.',
    query: {policy: {description: '`community/name` (repeatable) for uploads', schema: STRING}},
    body: {types: {'application/json': requestSchema('hallmark-check-request.schema.json'), 'multipart/form-data': {type: 'object', properties: {file: {type: 'string', contentEncoding: 'binary'}}, required: ['file']}}, example: {sbom: {lockfileVersion: 3, packages: {'': {name: 'app'}, 'node_modules/left-pad': {version: '1.3.0'}}}, policies: ['js-vet/vetted']}},
    responses: {200: {description: 'The verdict for each package.', ...json(object({passed: BOOLEAN, summary: object({packages: INTEGER, meeting: INTEGER, failing: INTEGER, skipped: INTEGER}), packages: arrayOf(object({purl: STRING, meets: BOOLEAN, reason: STRING}))}), CHECK_EXAMPLE)}}, errors: [404]},
];

/** src/http/inspect.ts */
export const inspectRoutes: RouteDoc[] = [
  {method: 'post', path: '/api/v1/verify', tag: 'Verification', caller: 'public', rateLimited: true, summary: 'Find and verify every credential in a URL, a text or an uploaded file',
    description: 'A URL (credential, page, badge, baked image, README, résumé), a text (credential, presentation, JWT, JSON Resume, Markdown, HTML), or one uploaded file (PNG, SVG, JSON, PDF, Markdown, HTML; at most 10 MiB). A URL the fetcher refuses is a 400.',
    body: {types: {'application/json': requestSchema('hallmark-verify-request.schema.json'), 'multipart/form-data': {type: 'object', properties: {file: {type: 'string', contentEncoding: 'binary'}}, required: ['file']}}, example: {url: 'https://github.com/owner/repo'}},
    responses: {200: {description: 'A report per credential found, what could not be checked, and anything suspicious.', ...json(object({reports: arrayOf(object({source: STRING, report: {$ref: '#/components/schemas/VerificationReport'}})), problems: arrayOf(object({source: STRING, reason: STRING})), suspicious: arrayOf(object({source: STRING, reason: STRING}))}),
      {reports: [{source: 'https://github.com/owner/repo → badge', report: {verified: true, status: 'valid', checks: [], credential: null, endorsements: [], warnings: [], errors: []}}], problems: [], suspicious: []})}}},
];

/** src/http/registry.ts */
export const registryRoutes: RouteDoc[] = [
  {method: 'get', path: '/registry/npm/:community/:policy/*rest', tag: 'Registry', caller: 'public', errorBody: 'npm',
    pathParams: {community: {description: 'the community'}, policy: {description: 'the policy'}, rest: {description: 'a package name (`left-pad`, `@scope%2fname`) or a tarball path'}},
    summary: 'An npm registry that serves only the versions a policy passed',
    description: 'Packuments list only versions holding a badge under the policy whose credential verifies now; tarballs are served only for those, checked against the upstream\'s integrity (a mismatch is a 503).',
    responses: {200: {description: 'A packument (JSON) or a tarball.', types: {'application/json': object({name: STRING, versions: ANY_OBJECT}), 'application/octet-stream': {type: 'string', contentEncoding: 'binary'}},
      example: {name: 'left-pad', 'dist-tags': {latest: '1.3.0'}, versions: {'1.3.0': {name: 'left-pad', version: '1.3.0', dist: {tarball: 'https://badges.example/registry/npm/js-vet/vetted/left-pad/-/left-pad-1.3.0.tgz', integrity: 'sha512-…'}}}}}}},
];
