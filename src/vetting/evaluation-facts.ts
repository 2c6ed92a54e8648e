import {confirmedOrganisation, type Account, type Handle, type Role} from './model.ts';
import type {VettingReads} from './policy-ports.ts';
import type {EvaluationFacts, ReviewFact} from './policy-engine.ts';
import type {Evidence} from './evidence/types.ts';
import {parsePurl} from '../purl.ts';
import {parseVers, versContains} from './vers.ts';
import type {ImportedEntry} from './cargo-vet/plan.ts';

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
      ...(review.kind === 'violation' ? {coversVersion: covers(review.range, parsePurl(review.purl).version, release.version)} : {}),
      criteria: await vetting.criteria.closure(community, review.criteria),
      standing: review.standing,
      createdAt: review.createdAt,
      ...(review.acceptedAt === undefined ? {} : {acceptedAt: review.acceptedAt}),
    });
  }
  for (const entry of await vetting.cargoVet?.entriesForPackage(community, release.package) ?? []) {
    const fact = await importedFact(vetting, community, entry, release.version);
    if (fact) facts.push(fact);
  }
  return {version: release.version, reviews: facts, evidence};
}

/**
 * An audit imported from cargo-vet, as the engine sees it: accepted (the
 * steward chose to import the file), with no role or organisation here,
 * marked `cargo-vet` so that only rules naming that origin count it. Trust
 * statements and audits a newer file no longer holds are not facts.
 */
async function importedFact(vetting: VettingReads, community: string, entry: ImportedEntry, version: string): Promise<ReviewFact | null> {
  if (entry.section !== 'audits' || entry.kind === null || entry.disappearedAt !== null) return null;
  const violation = entry.kind === 'violation';
  return {
    id: entry.id,
    credentialId: null,
    reviewer: `cargo-vet:${entry.who.length > 0 ? entry.who.join(', ') : entry.source}`,
    role: null,
    organisation: null,
    kind: entry.kind,
    version: entry.version ?? '',
    ...(entry.from === null ? {} : {from: entry.from}),
    ...(violation ? {coversVersion: covers(entry.range ?? undefined, null, version)} : {}),
    criteria: await vetting.criteria.closure(community, entry.criteria),
    standing: 'accepted',
    createdAt: entry.importedAt,
    acceptedAt: entry.importedAt,
    origin: 'cargo-vet',
  };
}

/** A violation whose range cannot be read is taken to cover every version: doubt must not keep a badge alive. */
function covers(range: string | undefined, reviewed: string | null, version: string): boolean {
  if (range === undefined) return reviewed === version;
  try {
    return versContains(parseVers(range), version);
  } catch {
    return true;
  }
}
