import assert from 'node:assert/strict';
import type {Check, CheckName, VerificationReport} from '../../../src/credentials/report.ts';

/** The named check of a report; fails the test when the report lacks it. */
export function check(report: VerificationReport, name: CheckName): Check {
  const found = report.checks.find((entry) => entry.check === name);
  assert.ok(found, `the report has a ${name} check`);
  return found;
}
