import type {IssuerInput} from '../credentials/issuers.ts';
import type {IssueRequest} from '../credentials/issue.ts';
import type {StatusUpdate} from '../credentials/credential-status.ts';
import type {EndorsementRequest} from '../credentials/endorsements.ts';
import {requestValidator} from '../validate.ts';

/** Every request body the API accepts, each checked against its schema in schemas/. */
export const validateIssuer = requestValidator<IssuerInput>('hallmark-issuer-create.schema.json');
export const validateTokenRequest = requestValidator<{label?: string}>('hallmark-token-create.schema.json');
export const validateIssue = requestValidator<IssueRequest>('hallmark-issue-request.schema.json');
export const validateVerifyRequest = requestValidator<{url: string} | {text: string}>('hallmark-verify-request.schema.json');
export const validateStatus = requestValidator<StatusUpdate>('hallmark-status-request.schema.json');
export const validateEndorsement = requestValidator<EndorsementRequest>('hallmark-endorsement-create.schema.json');
export const validateEndorsementRegistration = requestValidator<{verifiableCredential: Record<string, unknown> | string}>('hallmark-endorsement-register.schema.json');
export const validateCheckRequest = requestValidator<{sbom: Record<string, unknown>; policies: string[]}>('hallmark-check-request.schema.json');
