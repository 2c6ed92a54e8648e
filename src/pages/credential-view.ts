import {achievementName} from '../credentials/credential-fields.ts';
import type {Check, EndorsementAbout, VerificationReport} from '../credentials/report.ts';
import {asArray, firstObject, text} from '../json.ts';
import {displayName, parsePurl} from '../purl.ts';
import {safeHref} from './html.ts';
import {verdictOf, type Verdict} from './verdict.ts';

/** Plain data a credential page is drawn from; every string is untrusted text. */
export interface CredentialView {
  verdict: Verdict;
  status: string;
  title: string;
  credentialId: string | null;
  /** `path`: the issuing community's page on this instance, when it is one of ours (set by the page's model). */
  issuer: {name: string | null; id: string | null; url: string | null; path?: string | null};
  endorsements: EndorsementView[];
  subject: SubjectView;
  achievement: {name: string | null; description: string | null; criteria: string | null; criteriaUrl: string | null};
  evidence: EvidenceView[];
  validFrom: string | null;
  validUntil: string | null;
  checks: Check[];
  errors: string[];
  warnings: string[];
  /** The status entry, for the technical details. */
  statusEntry: {purpose: string | null; list: string | null; index: string | null} | null;
  /** Why a revoked or suspended credential of ours is so, and where to read more (set by the page's model). */
  statusReason?: {text: string; path: string | null; label: string} | null;
}

export type SubjectView =
  | {kind: 'package'; purl: string; ecosystem: string; name: string; version: string | null; path?: string | null}
  | {kind: 'person'; id: string | null; name: string | null; path?: string | null};

export interface EvidenceView {
  /** The evidence's id as written (a URL, or a urn:uuid of a credential). */
  id: string | null;
  /** Our page for it, when it is ours (set by the page's model). */
  path?: string | null;
  name: string | null;
  description: string | null;
  narrative: string | null;
  url: string | null;
}

export interface EndorsementView {
  endorser: string;
  /** What it endorses, in words: "the issuer", "the achievement"… */
  about: string;
  comment: string | null;
  verified: boolean;
  trusted: boolean;
}

export function credentialView(credential: Record<string, unknown> | null, report: VerificationReport): CredentialView {
  // Without the credential itself (e.g. one the inspector found), the report's summary carries the essentials.
  const subject = firstObject(credential?.credentialSubject) ?? firstObject(report.credential?.subject);
  const achievement = firstObject(subject?.achievement) ?? firstObject(report.credential?.achievement);
  const criteria = firstObject(achievement?.criteria);
  const issuer = credential?.issuer;
  const issuerObject = firstObject(issuer);
  const issuerId = typeof issuer === 'string' ? issuer : text(issuerObject?.id) ?? report.credential?.issuer.id ?? null;
  const name = text(achievement?.name);
  return {
    verdict: verdictOf(report),
    status: report.status,
    title: (credential ? achievementName(credential) : name) ?? 'Open Badges credential',
    credentialId: text(credential?.id) ?? report.credential?.id ?? null,
    issuer: {name: text(issuerObject?.name) ?? report.credential?.issuer.name ?? null, id: issuerId, url: safeHref(issuerObject?.url) ?? safeHref(issuerId)},
    endorsements: endorsementsOf(report),
    subject: subjectView(subject),
    achievement: {name, description: text(achievement?.description), criteria: text(criteria?.narrative), criteriaUrl: safeHref(criteria?.id)},
    evidence: asArray(credential?.evidence).map(firstObject).filter((item) => item !== null).map((item) => ({
      id: text(item.id),
      name: text(item.name),
      description: text(item.description),
      narrative: text(item.narrative),
      url: safeHref(item.id),
    })),
    validFrom: text(credential?.validFrom) ?? report.credential?.validFrom ?? null,
    validUntil: text(credential?.validUntil) ?? report.credential?.validUntil ?? null,
    checks: report.checks,
    errors: report.errors,
    warnings: report.warnings,
    statusEntry: statusEntryOf(credential?.credentialStatus),
  };
}

function statusEntryOf(value: unknown): CredentialView['statusEntry'] {
  const entry = firstObject(value);
  if (!entry) return null;
  return {purpose: text(entry.statusPurpose), list: text(entry.statusListCredential), index: text(entry.statusListIndex)};
}

function subjectView(subject: Record<string, unknown> | null): SubjectView {
  const id = text(subject?.id);
  if (id?.startsWith('pkg:')) {
    try {
      const purl = parsePurl(id);
      return {kind: 'package', purl: id, ecosystem: purl.type, name: displayName(id), version: purl.version};
    } catch {
      // Not a well-formed purl: show it as the plain identifier it is.
    }
  }
  return {kind: 'person', id, name: text(subject?.name)};
}

const ABOUT_WORDS: Record<EndorsementAbout, string> = {issuer: 'the issuer', achievement: 'the achievement', subject: 'the holder', credential: 'this credential', other: 'a related party'};

function endorsementsOf(report: VerificationReport): EndorsementView[] {
  return report.endorsements.map((endorsement) => ({
    endorser: endorsement.endorser.name ?? endorsement.endorser.id ?? 'an unnamed endorser',
    about: ABOUT_WORDS[endorsement.about],
    comment: endorsement.comment,
    verified: endorsement.verified,
    trusted: endorsement.trusted,
  }));
}
