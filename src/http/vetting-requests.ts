import type {AccountInput} from '../vetting/accounts.ts';
import type {CommunityInput} from '../vetting/communities.ts';
import type {CriterionInput} from '../vetting/criteria.ts';
import type {ReviewInput} from '../vetting/reviews.ts';
import type {VettingInput} from '../vetting/vettings.ts';
import type {Role} from '../vetting/model.ts';
import {requestValidator} from '../validate.ts';

/** The vetting API's request bodies, each checked against its schema in schemas/. */
export const validateAccount = requestValidator<AccountInput>('hallmark-account-create.schema.json');
export const validateCommunity = requestValidator<CommunityInput & {stewards?: string[]}>('hallmark-community-create.schema.json');
export const validateRoleSet = requestValidator<{role: Role; reason?: string}>('hallmark-role-set.schema.json');
export const validateRoleWithdraw = requestValidator<{reason?: string}>('hallmark-role-withdraw.schema.json');
export const validateCriterion = requestValidator<CriterionInput>('hallmark-criterion-create.schema.json');
export const validateReview = requestValidator<ReviewInput>('hallmark-review-submit.schema.json');
export const validateReviewRetract = requestValidator<Record<string, never>>('hallmark-review-retract.schema.json');
export const validateVetting = requestValidator<VettingInput>('hallmark-vetting-create.schema.json');
export const validateVettingResolve = requestValidator<{outcome: 'upheld' | 'dismissed'}>('hallmark-vetting-resolve.schema.json');
