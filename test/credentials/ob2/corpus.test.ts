import {before, describe, it} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {join, resolve} from 'node:path';
import {loadDocumentMap} from '../../../src/credentials/document-map.ts';
import {DocumentResolver, VERIFICATION_BUDGET, type DocumentSource} from '../../../src/credentials/documents.ts';
import type {VerificationReport} from '../../../src/credentials/report.ts';
import {verify} from '../../../src/credentials/verify/index.ts';
import {parseIdentities, type ClaimedIdentity} from '../../../src/credentials/recipients.ts';

/**
 * The Open Badges 2.0 corpus (../shared/interop/ob2-validator, cases from
 * 1EdTech's OB 2.0 validator tests), verified offline through its
 * urlmap.json: any URL not in the map is unreachable. `expect: valid` must
 * verify; `invalid` must not. Where our verdict differs, the case is listed
 * in DIFFERENCES with the reason, and the test pins our verdict so a change
 * shows. Baked images are verified in baked-corpus.test.ts.
 */
const CORPUS = resolve(import.meta.dirname, '../../../../shared/interop/ob2-validator');

interface Case {
  id: string;
  category: string;
  file: string;
  kind: 'json' | 'jws' | 'png' | 'svg';
  expect: 'valid' | 'invalid';
  reason: string;
  /** The person to check the assertion against: any of `identity` may match. */
  recipient?: {type: string; identity: string | string[]};
  expectationValidUntil?: string;
}

/** Cases whose verdict here differs from expected.json, and why; `verified` is ours. */
const DIFFERENCES: Record<string, {verified: boolean; reason: string}> = {
  // The corpus README: "Their key documents have `owner` set, but what counts is the issuer's `publicKey`".
  // We require both (OB 2.0 CryptographicKey.owner): a key the issuer lists but that names another owner is refused.
  'signed-not-in-revocation-list': {
    verified: false,
    reason: "key1's owner is https://example.org/issuers/signed.json, not this assertion's issuer (signed-revocation.json); OB 2.0 says a key's owner is the Profile that owns it, and we require it to be the issuer.",
  },
  'signed-issuer-lists-two-keys': {
    verified: false,
    reason: "key2's owner is https://example.org/issuers/signed.json, not this assertion's issuer (signed-two-keys.json); see signed-not-in-revocation-list. (validator-core's full run refuses it too.)",
  },
};

/** What a not-valid case must be reported as, where the corpus says more than "invalid". */
const STATUS: Record<string, VerificationReport['status']> = {
  expired: 'expired',
  'hosted-revoked-stub': 'revoked',
  'hosted-revoked-flag': 'revoked',
  'signed-expired': 'expired',
};

/** The check that must fail (or not complete) where the corpus names why a case is invalid. */
const FAILING: Record<string, string> = {
  'foreign-origin': 'issuer',
  'starts-with-mismatch': 'issuer',
  'allowed-origins-malformed': 'issuer',
  'signed-payload-tampered': 'proof',
  'signed-wrong-key': 'proof',
  'signed-hs256-key-confusion': 'proof',
  'signed-alg-none': 'proof',
  'signed-key-not-declared-by-issuer': 'issuer',
  // Its creator (key-gone) is not among the issuer's keys, so it is refused before the key is fetched.
  'signed-key-unreachable': 'issuer',
  'signed-not-in-revocation-list': 'issuer',
  'signed-issuer-lists-two-keys': 'issuer',
  // Revoked in the list, but key1 is not this issuer's (see DIFFERENCES); the signature is refused first.
  'signed-revoked-with-reason': 'issuer',
  'signed-revoked-string-entry': 'issuer',
  'missing-recipient': 'schema',
  'missing-issuedon': 'schema',
  'assertion-without-type': 'schema',
  'badgeclass-missing-criteria': 'schema',
  'badgeclass-two-criteria': 'schema',
  'issuer-wrong-type': 'schema',
  'issuer-bad-url': 'schema',
  'evidence-not-a-url': 'schema',
  'badgeclass-image-jpeg': 'schema',
  'assertion-image-data-uri': 'schema',
  'identity-hashed-but-plain': 'schema',
  'identity-plain-but-hashed': 'schema',
  'date-without-timezone': 'schema',
  'date-not-a-date': 'schema',
  'issued-in-future': 'validity-period',
  'ob0_5-json-no-url': 'parse',
};

const cases: Case[] = JSON.parse(readFileSync(join(CORPUS, 'expected.json'), 'utf8'));
let sources: DocumentSource[];

before(async () => {
  sources = [await loadDocumentMap(join(CORPUS, 'urlmap.json'))];
});

function verifyOffline(input: unknown, documents: DocumentSource[], recipient?: ClaimedIdentity[]): Promise<VerificationReport> {
  return verify(input, {resolver: new DocumentResolver(documents).withBudget(VERIFICATION_BUDGET), now: new Date('2026-12-08T00:00:00Z'), ...(recipient ? {recipient} : {})});
}

/** The corpus's `valid` is the whole chain and, where it names one, the recipient (the recipients module's check). */
function accepted(report: VerificationReport, entry: Case): boolean {
  return report.verified && (entry.recipient === undefined || report.recipient?.result === 'matched');
}

describe('Open Badges 2.0 corpus (1EdTech validator cases, offline)', () => {
  for (const entry of cases.filter((item) => item.kind === 'json' || item.kind === 'jws')) {
    it(`${entry.id}: ${entry.expect} (${entry.reason})`, async () => {
      const text = readFileSync(join(CORPUS, entry.file), 'utf8');
      const input = entry.kind === 'json' ? JSON.parse(text) : text.trim();
      const recipient = entry.recipient ? parseIdentities([entry.recipient.identity].flat()) : undefined;
      const report = await verifyOffline(input, sources, recipient);
      const difference = DIFFERENCES[entry.id];
      const verified = difference ? difference.verified : entry.expect === 'valid';
      assert.equal(accepted(report, entry), verified, `${entry.id}: ${JSON.stringify({checks: report.checks, recipient: report.recipient}, null, 1)}`);
      if (entry.recipient) assert.equal(report.recipient?.result, entry.id === 'recipient-mismatch' ? 'not-matched' : 'matched', JSON.stringify(report.recipient));
      assert.ok(report.openBadgesVersion && report.openBadgesVersion !== '3.0', 'reported as an OB 2.0 (or 1.x) assertion');
      if (STATUS[entry.id]) assert.equal(report.status, STATUS[entry.id], JSON.stringify(report.checks));
      if (FAILING[entry.id]) {
        assert.ok(report.checks.some((check) => check.check === FAILING[entry.id] && (check.result === 'failed' || check.result === 'indeterminate')), `${entry.id}: the ${FAILING[entry.id]} check says why: ${JSON.stringify(report.checks)}`);
      }
    });
  }
});
