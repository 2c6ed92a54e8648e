import type {Check, CredentialSummary, VerificationReport} from '../report.ts';
import {isObject, strings, asArray, type JsonObject} from '../../json.ts';
import {verdict} from '../verify/summary.ts';
import type {ObVersion} from './upgrade.ts';

/** The OB 2.0 report, in the one report shape: the same checks, the same verdict precedence as OB 3.0. */
export interface Ob2Findings {
  version: ObVersion;
  assertion: JsonObject | undefined;
  badge: JsonObject | undefined;
  issuer: JsonObject | undefined;
  checks: Check[];
  revoked: boolean;
  /** The validity stage's state: expired and not-yet-valid are verdicts of their own. */
  dates: 'current' | 'expired' | 'not-yet-valid' | 'malformed';
  warnings: string[];
}

export function ob2Report(findings: Ob2Findings): VerificationReport {
  const status = findings.checks.find((check) => check.check === 'status');
  const dates = findings.checks.find((check) => check.check === 'validity-period') ?? {check: 'validity-period', result: 'skipped', message: ''};
  const verdictOf = verdict(
    findings.checks,
    {check: dates, state: findings.dates, window: {fromField: 'issuedOn', untilField: 'expires'}},
    {
      check: status ?? {check: 'status', result: 'skipped', message: ''},
      revoked: findings.revoked,
      suspended: false,
      unknown: status?.result === 'failed' && !findings.revoked,
      indeterminate: status?.result === 'indeterminate',
      warnings: [],
    },
  );
  return {
    verified: verdictOf === 'valid',
    status: verdictOf,
    openBadgesVersion: findings.version,
    checks: findings.checks,
    credential: findings.assertion ? summary(findings.assertion, findings.badge, findings.issuer) : null,
    endorsements: [],
    warnings: [...new Set(findings.warnings)],
    errors: findings.checks.filter((check) => check.result === 'failed').map((check) => `${check.check}: ${check.message}`),
  };
}

function summary(assertion: JsonObject, badge: JsonObject | undefined, issuer: JsonObject | undefined): CredentialSummary {
  const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);
  return {
    id: text(assertion.id),
    type: strings(asArray(assertion.type)),
    issuer: {id: text(issuer?.id) ?? (isObject(badge) ? text(badge.issuer) : null), name: text(issuer?.name)},
    subject: assertion.recipient ?? null,
    achievement: badge ? {id: text(badge.id), type: strings(asArray(badge.type)), name: text(badge.name), description: text(badge.description), criteria: badge.criteria ?? null, image: badge.image ?? null} : null,
    validFrom: text(assertion.issuedOn),
    validUntil: text(assertion.expires),
  };
}
