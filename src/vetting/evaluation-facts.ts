import {confirmedOrganisation, type Account, type Handle, type Review, type Role} from './model.ts';
import type {VettingReads} from './policy-ports.ts';
import type {EvaluationFacts, ReviewFact} from './policy-engine.ts';
import type {Evidence} from './evidence/types.ts';
import {parsePurl} from '../purl.ts';
import {parseVers, versContains} from './vers.ts';

/**
 * Gathers what the pure engine needs: every review of the package in the
 * community with its reviewer's role and organisation as they are NOW (a
 * withdrawn role stops counting), criteria closed under `implies`, and
 * violation ranges resolved against the version under evaluation.
 */
export async function gatherFacts(vetting: VettingReads, community: string, release: {package: string; version: string}, evidence: Evidence[]): Promise<EvaluationFacts> {
  const reviews = await vetting.reviews.reviewsForPackage(community, release.package);
  const roles = new Map<Handle, Promise<Role | null>>();
  const accounts = new Map<Handle, Promise<Account | null>>();
  const facts: ReviewFact[] = [];
  for (const review of reviews) {
    if (!roles.has(review.reviewer)) roles.set(review.reviewer, vetting.roles.currentRole(community, review.reviewer));
    if (!accounts.has(review.reviewer)) accounts.set(review.reviewer, vetting.accounts.find(review.reviewer));
    facts.push({
      id: review.id,
      credentialId: review.credentialId,
      reviewer: review.reviewer,
      role: await roles.get(review.reviewer) ?? null,
      organisation: confirmedOrganisation(await accounts.get(review.reviewer)),
      origin: 'local',
      kind: review.kind,
      version: parsePurl(review.purl).version ?? '',
      ...(review.from === undefined ? {} : {from: review.from}),
      ...(review.kind === 'violation' ? {coversVersion: covers(review, release.version)} : {}),
      criteria: await vetting.criteria.closure(community, review.criteria),
      standing: review.standing,
      createdAt: review.createdAt,
      ...(review.acceptedAt === undefined ? {} : {acceptedAt: review.acceptedAt}),
    });
  }
  return {version: release.version, reviews: facts, evidence};
}

/** A violation whose range cannot be read is taken to cover every version: doubt must not keep a badge alive. */
function covers(review: Review, version: string): boolean {
  if (review.range === undefined) return parsePurl(review.purl).version === version;
  try {
    return versContains(parseVers(review.range), version);
  } catch {
    return true;
  }
}
