import type {EvidenceRequest} from '../vetting/evidence/evidence.ts';
import {requestValidator} from '../validate.ts';

/** Request bodies of the policy API, each checked against its schema in schemas/. */
export const validateEvidence = requestValidator<EvidenceRequest>('hallmark-evidence-request.schema.json');
export const validateEvaluate = requestValidator<{purl: string; version?: number}>('hallmark-evaluate-request.schema.json');
