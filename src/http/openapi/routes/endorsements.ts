import {arrayOf, json, object, oneOfValues, ref, BOOLEAN, type RouteDoc} from '../describe.ts';
import {requestSchema} from '../components.ts';

const ENDORSEMENT = {id: 'urn:uuid:5e1c…', targetId: 'did:web:badges.example:issuers:left-pad-guild', kind: 'issuer', endorser: 'did:web:badges.example:issuers:fsfe'};

/** src/http/endorsements.ts */
export const endorsementRoutes: RouteDoc[] = [
  {method: 'post', path: '/api/v1/issuers/:slug/endorsements', tag: 'Endorsements', caller: 'issuer', summary: 'Endorse an issuer, an achievement or a reviewer with a signed EndorsementCredential',
    headers: {'Idempotency-Key': {description: 'makes a retry safe', schema: {type: 'string', maxLength: 255}}},
    body: json(requestSchema('hallmark-endorsement-create.schema.json'), {target: {kind: 'issuer', id: 'did:web:badges.example:issuers:left-pad-guild'}, comment: 'Vets carefully.'}),
    responses: {201: {description: 'The signed endorsement.', headers: {Location: 'the credential\'s path', 'Idempotent-Replayed': '`true` on a replay'}, ...json(object({verifiableCredential: ref('EndorsementCredential')}), {verifiableCredential: {type: ['VerifiableCredential', 'EndorsementCredential'], credentialSubject: {id: ENDORSEMENT.targetId, type: ['EndorsementSubject'], endorsementComment: 'Vets carefully.'}}})}},
    errors: [409]},
  {method: 'post', path: '/api/v1/endorsements', tag: 'Endorsements', caller: 'admin', summary: 'Register an EndorsementCredential signed elsewhere (stored only if it verifies)',
    body: json(requestSchema('hallmark-endorsement-register.schema.json'), {verifiableCredential: {type: ['VerifiableCredential', 'EndorsementCredential'], '…': '…'}}),
    responses: {
      201: {description: 'Stored.', headers: {Location: 'the endorsements of its target'}, ...json(object({endorsement: {type: 'object'}, created: BOOLEAN}), {endorsement: ENDORSEMENT, created: true})},
      200: {description: 'Already known: the stored one.', headers: {Location: 'the endorsements of its target'}, ...json(object({endorsement: {type: 'object'}, created: BOOLEAN}), {endorsement: ENDORSEMENT, created: false})},
    }},
  {method: 'get', path: '/api/v1/endorsements', tag: 'Endorsements', caller: 'public', summary: 'What is known about an id: its endorsements',
    query: {target: {description: 'the endorsed id (a DID, an achievement id, a reviewer page)', schema: {type: 'string', maxLength: 2000}, required: true},
      include: {description: '`credential` adds the endorsements themselves (at most 16)', schema: oneOfValues(['credential'])}},
    responses: {200: {description: 'The endorsements.', ...json(object({endorsements: arrayOf({type: 'object'})}), {endorsements: [ENDORSEMENT]})}}},
];

