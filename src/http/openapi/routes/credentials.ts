import {ANY_OBJECT, arrayOf, HTML_TYPE, json, object, oneOfValues, ref, STRING, type RouteDoc} from '../describe.ts';
import {requestSchema} from '../components.ts';

const SLUG = {slug: {description: 'the issuer\'s slug'}};
export const CREDENTIAL_EXAMPLE = {
  '@context': ['https://www.w3.org/ns/credentials/v2', 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json'],
  id: 'https://badges.example/credentials/0b6d…', type: ['VerifiableCredential', 'OpenBadgeCredential'], name: 'Vetted release',
  issuer: {id: 'did:web:badges.example:issuers:left-pad-guild', type: ['Profile'], name: 'Left-pad Guild'}, validFrom: '2026-12-08T05:00:00Z',
  credentialSubject: {id: 'https://www.npmjs.com/package/left-pad/v/1.3.0', type: ['AchievementSubject'], achievement: {id: 'https://guild.example/policies/safe-to-run', type: ['Achievement'], name: 'Safe to run', description: 'Audited and found safe to run.', criteria: {narrative: 'Two independent audits.'}}},
  credentialStatus: {type: 'BitstringStatusListEntry', statusPurpose: 'revocation', statusListIndex: '40213', statusListCredential: 'https://badges.example/issuers/left-pad-guild/status/8f6c…'},
  proof: {type: 'DataIntegrityProof', cryptosuite: 'eddsa-rdfc-2022', proofPurpose: 'assertionMethod', verificationMethod: 'did:web:badges.example:issuers:left-pad-guild#z6MkpT…', proofValue: 'z3Fq…'},
};
export const REPORT_EXAMPLE = {verified: true, status: 'valid', checks: [{check: 'proof', result: 'passed', message: 'The DataIntegrityProof (eddsa-rdfc-2022) verified.'}],
  credential: {id: CREDENTIAL_EXAMPLE.id, type: CREDENTIAL_EXAMPLE.type, issuer: {id: CREDENTIAL_EXAMPLE.issuer.id, name: 'Left-pad Guild'}, subject: {}, achievement: {}, validFrom: '2026-12-08T05:00:00Z', validUntil: null},
  endorsements: [], warnings: [], errors: []};

/** src/http/credentials.ts: the W3C VC-API. */
export const credentialRoutes: RouteDoc[] = [
  {method: 'post', path: '/issuers/:slug/credentials/issue', tag: 'VC-API', caller: 'issuer', pathParams: SLUG, summary: 'Issue an Open Badge (VC-API)',
    description: 'Hallmark fills in `@context`, `id` (unless a fresh lowercase `urn:uuid:` is given), `issuer`, `validFrom` and one status entry (`options.statusPurpose`), signs, checks the result against the official OB 3.0 schema. A replay with the same `Idempotency-Key` answers the same credential with `Idempotent-Replayed: true`; the same key with another body is a 409.',
    headers: {'Idempotency-Key': {description: 'makes a retry safe', schema: {type: 'string', maxLength: 255}}},
    body: json(requestSchema('hallmark-issue-request.schema.json'), {credential: {type: ['VerifiableCredential', 'OpenBadgeCredential'], name: 'Vetted release', credentialSubject: CREDENTIAL_EXAMPLE.credentialSubject}, options: {proofType: 'DataIntegrityProof', statusPurpose: 'revocation'}}),
    responses: {201: {description: 'The signed credential; `Location` names where it is read.', headers: {Location: 'the credential\'s path', 'Idempotent-Replayed': '`true` on a replay'}, ...json(object({verifiableCredential: {anyOf: [ref('AchievementCredential'), ref('EndorsementCredential')]}}), {verifiableCredential: CREDENTIAL_EXAMPLE})}},
    errors: [409]},
  {method: 'post', path: '/issuers/:slug/credentials/status', tag: 'VC-API', caller: 'issuer', pathParams: SLUG, summary: 'Revoke, suspend or reinstate a credential (VC-API)',
    description: '`revocation` `true` revokes for good; `suspension` `true`/`false` suspends and reinstates. Reinstating, suspending or un-revoking a revoked credential is a 409.',
    body: json(requestSchema('hallmark-status-request.schema.json'), {credentialId: 'urn:uuid:0b6d…', credentialStatus: [{type: 'BitstringStatusListEntry', statusPurpose: 'revocation', status: true}]}),
    responses: {200: {description: 'Both words of the credential\'s status now.', ...json(object({credentialId: STRING, credentialStatus: arrayOf(object({statusPurpose: oneOfValues(['revocation', 'suspension']), status: {type: 'boolean'}}))}),
      {credentialId: 'urn:uuid:0b6d…', credentialStatus: [{statusPurpose: 'revocation', status: true}, {statusPurpose: 'suspension', status: false}]})}},
    errors: [409]},
  {method: 'post', path: '/credentials/verify', tag: 'VC-API', caller: 'public', rateLimited: true, summary: 'Verify a credential (VC-API): 200 valid, 400 not',
    description: 'A credential as a JSON object or a compact VC-JWT string. A credential that does not verify answers its report with 400; something that is not a credential at all answers the error body with 400.',
    body: json(requestSchema('hallmark-credential-verify-request.schema.json'), {verifiableCredential: CREDENTIAL_EXAMPLE}),
    responses: {
      200: {description: 'The report of a valid credential.', ...json(ref('VerificationReport'), REPORT_EXAMPLE)},
      400: {description: 'The report of a credential that did not verify (or could not be checked: `indeterminate`), or the error body for input that is not a credential.', ...json({oneOf: [ref('VerificationReport'), ref('Error')]}, {...REPORT_EXAMPLE, verified: false, status: 'revoked', errors: ['the credential is revoked']})},
    }},
  {method: 'post', path: '/presentations/verify', tag: 'VC-API', caller: 'public', rateLimited: true, summary: 'Verify a presentation and each credential in it (VC-API)',
    body: json(requestSchema('hallmark-presentation-verify-request.schema.json'), {verifiablePresentation: {'@context': ['https://www.w3.org/ns/credentials/v2'], type: ['VerifiablePresentation'], holder: 'did:key:z6Mk…', verifiableCredential: [CREDENTIAL_EXAMPLE]}, options: {challenge: 'c-123', domain: 'badges.example'}}),
    responses: {
      200: {description: 'The holder\'s proof (if any) holds and every credential verifies.', ...json(ref('PresentationReport'), {verified: true, presentation: {holder: 'did:key:z6Mk…', checks: [], warnings: []}, credentials: [{index: 0, report: REPORT_EXAMPLE}], errors: []})},
      400: {description: 'Something did not verify (the report says what), or the input is not a presentation (the error body).', ...json({oneOf: [ref('PresentationReport'), ref('Error')]}, {verified: false, presentation: {holder: null, checks: [], warnings: []}, credentials: [], errors: ['credential 0: revoked']})},
    }},
  {method: 'get', path: '/credentials/:id', tag: 'Credentials', caller: 'public', pathParams: {id: {description: 'the credential\'s UUID'}}, summary: 'A credential: its verification page for browsers, the JSON credential for programs',
    description: 'Programs get the stored credential (`Accept: application/ld+json` or `application/json`, any `Accept` without `text/html`, or `?format=json`); browsers get the verification page.',
    query: {format: {description: '`json` for the credential whatever `Accept` says', schema: oneOfValues(['json'])}},
    responses: {200: {description: 'The credential, or its page.', types: {'application/ld+json': ANY_OBJECT, [HTML_TYPE]: {type: 'string'}}, example: CREDENTIAL_EXAMPLE}}},
];
