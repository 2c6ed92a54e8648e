import type {CheckName, CheckResult, VerificationReport} from '../credentials/report.ts';

export type Tone = 'good' | 'warn' | 'bad';

/** The verdict in words for someone who has never heard of a verifiable credential. */
export interface Verdict {
  tone: Tone;
  headline: string;
  explanation: string;
}

export function verdictOf(report: VerificationReport): Verdict {
  const until = report.credential?.validUntil ? ` on ${displayDate(report.credential.validUntil)}` : '';
  const from = report.credential?.validFrom ? ` on ${displayDate(report.credential.validFrom)}` : '';
  switch (report.status) {
    case 'valid':
      return {tone: 'good', headline: 'Genuine and currently valid', explanation: 'This badge was really issued by the issuer named below, has not been changed since, and has not been revoked.'};
    case 'revoked':
      return {tone: 'bad', headline: 'Revoked', explanation: 'The issuer has withdrawn this badge. It is genuine, but it no longer counts and should not be relied on.'};
    case 'suspended':
      return {tone: 'warn', headline: 'Suspended', explanation: 'The issuer has put this badge on hold. It does not count while it is suspended.'};
    case 'expired':
      return {tone: 'warn', headline: 'Expired', explanation: `This badge was genuine but its validity ended${until}.`};
    case 'not-yet-valid':
      return {tone: 'warn', headline: 'Not valid yet', explanation: `This badge only becomes valid${from}.`};
    case 'invalid':
      return {tone: 'bad', headline: 'Could not be verified', explanation: 'This badge failed verification: it may have been altered, forged, or signed with a key its issuer does not stand behind. Do not rely on it.'};
    case 'indeterminate':
      return {tone: 'warn', headline: 'Could not be checked', explanation: 'Part of the check could not be completed: a document it needs (the issuer\'s key or its revocation list) could not be obtained. Nothing shows it is forged, and nothing yet shows it is valid: try again later, and do not rely on it until then.'};
  }
}

const CHECK_NAMES: Record<CheckName, string> = {
  parse: 'Readable credential',
  context: 'Known vocabulary',
  type: 'Is an Open Badge',
  schema: 'Follows the Open Badges 3.0 format',
  proof: 'Signature intact (not altered)',
  issuer: 'Signed by the issuer\'s own key',
  'validity-period': 'Within its validity dates',
  status: 'Not revoked or suspended',
  'related-resource': 'Linked files unchanged',
};

export function checkName(check: CheckName): string {
  return CHECK_NAMES[check] ?? check;
}

export const CHECK_MARKS: Record<CheckResult, string> = {passed: '✓', failed: '✗', warning: '!', skipped: '–', indeterminate: '?'};

/** `2026-11-25 14:58 UTC`: unambiguous for any reader. */
export function displayDate(value: string | null | undefined): string {
  if (!value) return '—';
  const time = Date.parse(value);
  if (Number.isNaN(time)) return value;
  return new Date(time).toISOString().replace('T', ' ').replace(/:\d\d(\.\d+)?Z$/, ' UTC');
}
