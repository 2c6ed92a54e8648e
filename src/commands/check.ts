import {parseArgs} from 'node:util';
import type {SbomCheck} from '../vetting/sbom-check.ts';
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
    return code === 0 && (result.body as SbomCheck).passed !== true ? 1 : code;
  }
  const check = result.body as SbomCheck;
  for (const finding of check.packages) process.stdout.write(`${finding.meets ? 'ok  ' : 'FAIL'} ${finding.purl}: ${finding.reason}\n`);
  for (const skipped of check.skipped) process.stdout.write(`skip ${skipped.entry}: ${skipped.reason}\n`);
  const {packages, meeting, failing, skipped} = check.summary;
  process.stdout.write(`${check.passed ? 'PASSED' : 'FAILED'}: ${meeting} of ${packages} packages meet ${check.requirements.map((r) => `${r.community}/${r.policy}`).join(' or ')}` +
    `${failing ? `, ${failing} do not` : ''}${skipped ? `, ${skipped} entries skipped` : ''}\n`);
  return check.passed ? 0 : 1;
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
