import type {IssuerInput} from '../credentials/issuers.ts';
import type {IssueRequest} from '../credentials/issue.ts';
import type {StatusUpdate} from '../credentials/credential-status.ts';
import type {EndorsementRequest} from '../credentials/endorsements.ts';
import type {AccountInput, OrganisationIssuerInput} from '../vetting/accounts.ts';
import type {CommunityInput, CommunityPatch} from '../vetting/communities.ts';
import type {CriterionInput} from '../vetting/criteria.ts';
import type {ReviewInput} from '../vetting/reviews.ts';
import type {VettingInput} from '../vetting/vettings.ts';
import type {Role} from '../vetting/model.ts';
import type {EvidenceRequest} from '../vetting/evidence/evidence.ts';
import type {ImportInput, PeerTier} from '../federation/index.ts';
import type {ReviewRequestInput} from '../vetting/review-requests.ts';
import type {InvitationInput} from '../auth/index.ts';
import {requestValidator} from '../validate.ts';
import {explainScaleProblems} from '../vetting/review-scales.ts';

/** Every request body the API accepts, each checked against its schema in schemas/. */
export const validateIssuer = requestValidator<IssuerInput>('hallmark-issuer-create.schema.json');
export const validateTokenRequest = requestValidator<{label?: string}>('hallmark-token-create.schema.json');
export const validateIssue = requestValidator<IssueRequest>('hallmark-issue-request.schema.json');
export const validateVerifyRequest = requestValidator<({url: string} | {text: string}) & {recipient?: string | string[]}>('hallmark-verify-request.schema.json');
export const validateCredentialVerify = requestValidator<{verifiableCredential: Record<string, unknown> | string; options?: Record<string, unknown>}>('hallmark-credential-verify-request.schema.json');
export const validatePresentationVerify = requestValidator<{verifiablePresentation: Record<string, unknown> | string; options?: {challenge?: string; domain?: string}}>('hallmark-presentation-verify-request.schema.json');
export const validateStatus = requestValidator<StatusUpdate>('hallmark-status-request.schema.json');
export const validateEndorsement = requestValidator<EndorsementRequest>('hallmark-endorsement-create.schema.json');
export const validateEndorsementRegistration = requestValidator<{verifiableCredential: Record<string, unknown> | string}>('hallmark-endorsement-register.schema.json');
export const validateCheckRequest = requestValidator<{sbom: Record<string, unknown>; policies: string[]}>('hallmark-check-request.schema.json');

// The vetting and policy APIs.
export const validateAccount = requestValidator<AccountInput>('hallmark-account-create.schema.json');
export const validateCommunity = requestValidator<CommunityInput & {stewards?: string[]}>('hallmark-community-create.schema.json');
export const validateRoleSet = requestValidator<{role: Role; reason?: string}>('hallmark-role-set.schema.json');
export const validateRoleWithdraw = requestValidator<{reason?: string}>('hallmark-role-withdraw.schema.json');
export const validateCriterion = requestValidator<CriterionInput>('hallmark-criterion-create.schema.json');
const validateReviewShape = requestValidator<ReviewInput>('hallmark-review-submit.schema.json');
/** A wrong thoroughness, understanding or rating is answered with every allowed value and its meaning. */
export function validateReview(value: unknown): ReviewInput {
  try {
    return validateReviewShape(value);
  } catch (error) {
    throw explainScaleProblems(error);
  }
}
export const validateReviewRetract = requestValidator<Record<string, never>>('hallmark-review-retract.schema.json');
export const validateVetting = requestValidator<VettingInput>('hallmark-vetting-create.schema.json');
export const validateVettingResolve = requestValidator<{outcome: 'upheld' | 'dismissed'}>('hallmark-vetting-resolve.schema.json');
export const validateEvidence = requestValidator<EvidenceRequest>('hallmark-evidence-request.schema.json');
export const validateCargoVetImport = requestValidator<{url: string; mapping?: Record<string, string>}>('hallmark-cargo-vet-import.schema.json');
export const validateCargoVetMapping = requestValidator<Record<string, string>>('hallmark-cargo-vet-mapping.schema.json');
export const validateEvaluate = requestValidator<{purl: string; version?: number}>('hallmark-evaluate-request.schema.json');

// Federation.
export const validateFollow = requestValidator<{actor: string}>('hallmark-follow.schema.json');
export const validateImport = requestValidator<ImportInput>('hallmark-import-put.schema.json');
export const validatePeer = requestValidator<{tier: PeerTier; comment?: string}>('hallmark-peer-put.schema.json');
export const validateReviewRequest = requestValidator<ReviewRequestInput>('hallmark-review-request-create.schema.json');
export const validateReviewRequestWithdraw = requestValidator<{reason?: string}>('hallmark-review-request-withdraw.schema.json');
export const validateCommunityPatch = requestValidator<CommunityPatch>('hallmark-community-update.schema.json');
export const validateOrganisationIssuer = requestValidator<OrganisationIssuerInput>('hallmark-organisation-issuer.schema.json');
export const validateInvitation = requestValidator<InvitationInput>('hallmark-invitation-create.schema.json');
