import {CONTEXTS} from '../credentials/contexts.ts';
import type {Review} from './model.ts';

/**
 * The OB 3.0 EndorsementCredential a community signs for an accepted review:
 * the community endorses the package release, and the evidence names the
 * reviewer and pins the review by its digest.
 */
export function reviewEndorsement(review: Review, reviewUrl: string): Record<string, unknown> {
  return {
    '@context': [CONTEXTS.credentialsV2, CONTEXTS.ob],
    type: ['VerifiableCredential', 'EndorsementCredential'],
    name: `${capitalise(review.kind)} review of ${review.purl} by ${review.reviewer}`,
    credentialSubject: {
      id: review.purl,
      type: ['EndorsementSubject'],
      endorsementComment: summary(review),
    },
    evidence: [{
      id: reviewUrl,
      type: ['Evidence'],
      name: `Review ${review.id} by ${review.reviewer}`,
      description: `Review digest ${review.digest}${review.cosigner ? `; co-signed by the reviewer's key ${review.cosigner}` : ''}`,
      genre: 'Software review',
    }],
  };
}

function summary(review: Review): string {
  const scope = review.kind === 'delta' ? `changes from ${review.from} to this version` : review.kind === 'violation' ? `a violation affecting ${review.range}` : 'the full release';
  const findings = review.findings.length === 0 ? 'no findings' : `findings: ${review.findings.map((finding) => `${finding.id} (${finding.severity})`).join(', ')}`;
  const lines = [
    `${review.reviewer} reviewed ${scope} for ${review.criteria.join(', ')}; rating ${review.rating}, thoroughness ${review.thoroughness}, understanding ${review.understanding}; ${findings}.`,
  ];
  if (review.notes) lines.push(review.notes.length > 2000 ? `${review.notes.slice(0, 2000)}…` : review.notes);
  return lines.join('\n\n');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
