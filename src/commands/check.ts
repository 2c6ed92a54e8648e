import {parseArgs} from 'node:util';
import {isObject} from '../json.ts';
import {apiTarget, callApi, readJsonObject, report} from './api-client.ts';
import {UsageError} from './usage.ts';

/**
 * `hallmark check <sbom|-> --policy community/name [--policy …]`: for CI.
 * Exit 0 when every package in the SBOM or lockfile holds a verifying badge
 * under one of the policies, 1 when any does not (each is listed), 2 on
 * usage errors, an unreachable server or a server failure.
 */
export async function checkCommand(args: string[]): Promise<number> {
  const {values, positionals} = parse(args);
  if (positionals.length !== 1) throw new UsageError('give exactly one SBOM (CycloneDX or SPDX JSON) or package-lock.json, or - for standard input');
  const policies = values.policy ?? [];
  if (policies.length === 0) throw new UsageError('name at least one --policy community/policy');
  const sbom = await readJsonObject(positionals[0]!);
  const result = await callApi(apiTarget(values, process.env, {tokenRequired: false}), 'POST', '/api/v1/check', {sbom, policies});
  if (result.status !== 200 || values.json) {
    const code = report(result);
    return code === 0 && !(isObject(result.body) && result.body.passed === true) ? 1 : code;
  }
  const check = readCheckReply(result.body);
  for (const finding of check.packages) process.stdout.write(`${finding.meets ? 'ok  ' : 'FAIL'} ${finding.purl}: ${finding.reason}\n`);
  for (const skipped of check.skipped) process.stdout.write(`skip ${skipped.entry}: ${skipped.reason}\n`);
  const {packages, meeting, failing, skipped} = check.summary;
  process.stdout.write(`${check.passed ? 'PASSED' : 'FAILED'}: ${meeting} of ${packages} packages meet ${check.requirements.map((r) => `${r.community}/${r.policy}`).join(' or ')}` +
    `${failing ? `, ${failing} do not` : ''}${skipped ? `, ${skipped} entries skipped` : ''}\n`);
  return check.passed ? 0 : 1;
}

/** What the CLI prints of the server's SBOM check (vetting/sbom-check.ts SbomCheck). */
interface CheckReply {
  passed: boolean;
  requirements: Array<{community: string; policy: string}>;
  summary: {packages: number; meeting: number; failing: number; skipped: number};
  packages: Array<{purl: string; meets: boolean; reason: string}>;
  skipped: Array<{entry: string; reason: string}>;
}

/** The server is our own, but a proxy or another version may answer: a reply of the wrong shape is a failure (exit 2), not a verdict. */
function readCheckReply(body: unknown): CheckReply {
  const fail = (): never => {
    throw new Error('the server\'s reply is not an SBOM check result');
  };
  if (!isObject(body) || typeof body.passed !== 'boolean' || !isObject(body.summary)) return fail();
  const string = (value: unknown): string => (typeof value === 'string' ? value : fail());
  const count = (value: unknown): number => (typeof value === 'number' ? value : fail());
  const list = <T>(value: unknown, read: (item: Record<string, unknown>) => T): T[] =>
    Array.isArray(value) ? value.map((item) => (isObject(item) ? read(item) : fail())) : fail();
  const {summary} = body;
  return {
    passed: body.passed,
    summary: {packages: count(summary.packages), meeting: count(summary.meeting), failing: count(summary.failing), skipped: count(summary.skipped)},
    requirements: list(body.requirements, (item) => ({community: string(item.community), policy: string(item.policy)})),
    packages: list(body.packages, (item) => ({purl: string(item.purl), meets: typeof item.meets === 'boolean' ? item.meets : fail(), reason: string(item.reason)})),
    skipped: list(body.skipped, (item) => ({entry: string(item.entry), reason: string(item.reason)})),
  };
}

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {policy: {type: 'string', multiple: true}, json: {type: 'boolean'}, server: {type: 'string'}, token: {type: 'string'}},
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
