import {parseArgs} from 'node:util';
import {HallmarkError} from '../errors.ts';
import {isObject} from '../json.ts';
import {MAX_POLICY_BYTES, readPolicyText} from '../vetting/policies/document.ts';
import {POLICY_NAME_PATTERN, SLUG_PATTERN} from '../vetting/model.ts';
import {apiTarget, callApi, report} from './api-client.ts';
import {UsageError} from './usage.ts';
import {readInput} from './input.ts';


/**
 * `hallmark policy publish <file> --community S` and
 * `hallmark policy evaluate --community S --policy N <purl> [--version n]`:
 * thin wrappers over the API. Exit 0 on success (evaluate: every rule
 * passed), 1 when the server refuses the input or a rule fails, 2 on usage
 * errors and server failures.
 */
export async function policyCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  const {values, positionals} = parse(rest);
  if (action !== 'publish' && action !== 'evaluate') throw new UsageError('usage: hallmark policy publish <file> --community S | hallmark policy evaluate --community S --policy N <purl@version>');
  if (values.community === undefined || !SLUG_PATTERN.test(values.community)) throw new UsageError('give --community SLUG');
  if (action === 'publish') {
    if (positionals.length !== 1) throw new UsageError('give exactly one policy file (JSON, or YAML named .yaml/.yml)');
    const document = await readPolicyFile(positionals[0]);
    return report(await callApi(apiTarget(values), 'POST', `/api/v1/communities/${values.community}/policies`, document));
  }
  if (values.policy === undefined || !POLICY_NAME_PATTERN.test(values.policy)) throw new UsageError('give --policy NAME');
  if (positionals.length !== 1) throw new UsageError('give exactly one purl with a version, e.g. pkg:npm/left-pad@1.3.0');
  const version = values.version === undefined ? undefined : Number(values.version);
  if (version !== undefined && !(Number.isInteger(version) && version > 0)) throw new UsageError('--version must be a positive integer');
  const result = await callApi(apiTarget(values), 'POST', `/api/v1/communities/${values.community}/policies/${values.policy}/evaluate`,
    {purl: positionals[0], ...(version === undefined ? {} : {version})});
  const code = report(result);
  // A policy that does not pass is a "no", like a credential that does not verify.
  const evaluation = isObject(result.body) ? result.body.evaluation : undefined;
  return code === 0 && !(isObject(evaluation) && evaluation.passed === true) ? 1 : code;
}

/** YAML is read here with the server's own safe reader (no aliases, tags or anchors) and sent as JSON. */
async function readPolicyFile(path: string): Promise<unknown> {
  const text = (await readInput(path, MAX_POLICY_BYTES)).toString('utf8');
  try {
    return readPolicyText(text, /\.ya?ml$/i.test(path) ? 'yaml' : 'json');
  } catch (error) {
    if (error instanceof HallmarkError) throw new UsageError(`${path}: ${error.message}${error.problems.map(({problem}) => `\n  ${problem}`).join('')}`);
    throw error;
  }
}

function parse(args: string[]) {
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
