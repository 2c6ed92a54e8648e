import {appendFile, writeFile} from 'node:fs/promises';
import {parseArgs} from 'node:util';
import {isObject} from '../json.ts';
import {apiTarget, callApi, readJsonDocument, report} from './api-client.ts';
import {UsageError} from './usage.ts';
import {FORMATS, junitReport, markdownReport, sarifReport, textReport, type CheckFormat, type CheckReply} from './check-formats.ts';

const TOOL_VERSION = '0.1.0';

/**
 * `hallmark check <sbom|-> --policy community/name [--policy …]`: for CI.
 * Exit 0 when every package in the SBOM or lockfile holds a verifying badge
 * under one of the policies, 1 when any does not (each is listed), 2 when no
 * verdict could be given: a policy that does not exist (named), input the
 * server refused, usage errors, an unreachable server or a server failure.
 * `--format` picks text (default), json, markdown, sarif or junit;
 * `--output FILE` writes it there (the text lines still go to standard
 * output) and `--summary FILE` appends the Markdown table, e.g. to
 * $GITHUB_STEP_SUMMARY.
 */
export async function checkCommand(args: string[]): Promise<number> {
  const {values, positionals} = parse(args);
  if (positionals.length !== 1) throw new UsageError('give exactly one SBOM (CycloneDX or SPDX JSON) or package-lock.json, or - for standard input');
  const policies = values.policy ?? [];
  if (policies.length === 0) throw new UsageError('name at least one --policy community/policy');
  const format = (values.json ? 'json' : values.format ?? 'text') as CheckFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}`);
  const input = positionals[0]!;
  const target = apiTarget(values, process.env, {tokenRequired: false});
  const {text, value: sbom} = await readJsonDocument(input);
  const result = await callApi(target, 'POST', '/api/v1/check', {sbom, policies});
  if (result.status !== 200) {
    // No verdict about any dependency: a missing policy, refused input or a failure is never exit 1.
    report(result);
    return 2;
  }
  const check = readCheckReply(result.body);
  const context = {input, text, server: target.server.origin, toolVersion: TOOL_VERSION};
  const formatted = format === 'text' ? textReport(check)
    : format === 'json' ? `${JSON.stringify(result.body, null, 2)}\n`
    : format === 'markdown' ? markdownReport(check, context)
    : format === 'sarif' ? `${JSON.stringify(sarifReport(check, context), null, 2)}\n`
    : junitReport(check, context);
  if (values.output !== undefined) {
    await write(() => writeFile(values.output as string, formatted), values.output);
    if (format !== 'text') process.stdout.write(textReport(check));
  } else {
    process.stdout.write(formatted);
  }
  if (values.summary !== undefined) await write(() => appendFile(values.summary as string, markdownReport(check, context)), values.summary);
  return check.passed ? 0 : 1;
}

async function write(action: () => Promise<void>, path: string): Promise<void> {
  try {
    await action();
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${(error as Error).message}`);
  }
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
      options: {
        policy: {type: 'string', multiple: true}, json: {type: 'boolean'}, format: {type: 'string'}, output: {type: 'string'}, summary: {type: 'string'},
        server: {type: 'string'}, token: {type: 'string'},
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
