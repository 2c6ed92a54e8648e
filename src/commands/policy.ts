import {readFile} from 'node:fs/promises';
import {parseArgs} from 'node:util';
import {apiTarget, callApi, describeApiError, type ApiResponse} from './api-client.ts';
import {UsageError} from './usage.ts';

const MAX_POLICY_FILE_BYTES = 64 * 1024;

/**
 * `hallmark policy publish <file> --community S` and
 * `hallmark policy evaluate --community S --policy N <purl> [--version n]`:
 * thin wrappers over the API. Exit 0 on success (evaluate: every rule
 * passed), 1 when the server refuses the input or the policy fails, 2 on
 * usage and internal errors.
 */
export async function policyCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const {values, positionals} = parseOptions(rest);
  if (!values.community) throw new UsageError('--community is required');
  const target = apiTarget(values);
  const community = encodeURIComponent(values.community);
  if (sub === 'publish') {
    if (positionals.length !== 1) throw new UsageError('give exactly one policy file (JSON or YAML)');
    const file = positionals[0];
    const text = await readPolicyFile(file);
    const contentType = /\.ya?ml$/i.test(file) ? 'application/yaml' : 'application/json';
    return report(await callApi(target, 'POST', `/api/v1/communities/${community}/policies`, {text, contentType}), () => true);
  }
  if (sub === 'evaluate') {
    if (!values.policy) throw new UsageError('--policy is required');
    if (positionals.length !== 1) throw new UsageError('give exactly one purl with a version, e.g. pkg:npm/left-pad@1.3.0');
    const version = values.version === undefined ? undefined : Number(values.version);
    if (version !== undefined && !(Number.isInteger(version) && version > 0)) throw new UsageError('--version must be a positive integer');
    const path = `/api/v1/communities/${community}/policies/${encodeURIComponent(values.policy)}/evaluate`;
    const response = await callApi(target, 'POST', path, {json: {purl: positionals[0], ...(version === undefined ? {} : {version})}});
    return report(response, (body) => (body as {evaluation?: {passed?: boolean}}).evaluation?.passed === true);
  }
  throw new UsageError('usage: hallmark policy publish <file> --community S | hallmark policy evaluate --community S --policy N <purl>');
}

function report(response: ApiResponse, succeeded: (body: unknown) => boolean): number {
  if (response.status >= 500) throw new Error(describeApiError(response));
  if (response.status >= 400) {
    process.stderr.write(`${describeApiError(response)}\n`);
    return 1;
  }
  process.stdout.write(`${JSON.stringify(response.body, null, 2)}\n`);
  return succeeded(response.body) ? 0 : 1;
}

async function readPolicyFile(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${path}: ${(error as Error).message}`);
  }
  if (Buffer.byteLength(text) > MAX_POLICY_FILE_BYTES) throw new UsageError(`${path} is larger than ${MAX_POLICY_FILE_BYTES} bytes; no policy is that long`);
  return text;
}

function parseOptions(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {community: {type: 'string'}, policy: {type: 'string'}, version: {type: 'string'}, server: {type: 'string'}, token: {type: 'string'}},
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
