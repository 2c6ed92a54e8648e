import {jcsDigest} from '../../json.ts';
import spdxParse from 'spdx-expression-parse';
import {isAlias, isNode, parseDocument, Parser, visit} from 'yaml';
import {HallmarkError, invalidInput, type FieldProblem} from '../../errors.ts';
import {assertTractable} from '../../json-limits.ts';
import {requestValidator} from '../../validate.ts';
import type {OriginSpec, Role} from '../model.ts';

/** A policy rule as the engine reads it: defaults filled in, so no rule is ambiguous. */
export type PolicyRule =
  | {kind: 'reviews'; criterion: string; min: number; minRole: Role; distinctReviewers: boolean; distinctOrganisations: number; maxAgeDays?: number; origin?: OriginSpec}
  | {kind: 'no-violations'; origin?: OriginSpec}
  | {kind: 'scorecard'; check: string; min: number; maxAgeDays?: number}
  | {kind: 'license'; allow: string[]; maxAgeDays?: number}
  | {kind: 'provenance'; requireSubjectDigest: 'sha256'; maxAgeDays?: number};

export interface PolicyDocument {
  name: string;
  title?: string;
  description?: string;
  /** The criterion a badge under this policy asserts. */
  criteria: string;
  rules: PolicyRule[];
}

/** Policies are short; anything larger is a mistake or an attack on the parser. */
export const MAX_POLICY_BYTES = 64 * 1024;

const validateShape = requestValidator<PolicyDocument>('policy.schema.json');

/**
 * The plain data in policy text, JSON or YAML, without validating it as a
 * policy: the CLI reads files with this before sending them as JSON.
 */
export function readPolicyText(text: string, format: 'json' | 'yaml'): unknown {
  if (Buffer.byteLength(text) > MAX_POLICY_BYTES) throw new HallmarkError('too-large', `a policy may be at most ${MAX_POLICY_BYTES} bytes`);
  return format === 'yaml' ? parseYaml(text) : parseJson(text);
}

/**
 * Reads a policy from JSON or YAML text, or an already parsed JSON value,
 * validates it against schemas/policy.schema.json and fills in defaults.
 */
export function parsePolicy(input: string | unknown, format: 'json' | 'yaml' = 'json'): PolicyDocument {
  const value = typeof input === 'string' ? readPolicyText(input, format) : input;
  assertTractable(value);
  const document = validateShape(value);
  assertLicenseIds(document);
  return withDefaults(document);
}

/** 'sha256-<base64url>' over the JCS-canonical JSON of the normalised policy: one digest per meaning. */
export function policyDigest(document: PolicyDocument): string {
  return jcsDigest(document);
}

/** Criteria names the policy mentions, so the caller can check they exist in the community. */
export function criteriaNamed(document: PolicyDocument): Array<{field: string; name: string}> {
  const named = [{field: '/criteria', name: document.criteria}];
  document.rules.forEach((rule, index) => {
    if (rule.kind === 'reviews') named.push({field: `/rules/${index}/criterion`, name: rule.criterion});
  });
  return named;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw invalidInput('the policy is not valid JSON', [{field: '', problem: (error as Error).message}]);
  }
}

/**
 * YAML is parsed as plain data only: anchors and aliases (the "billion
 * laughs" expansion), explicit tags and multiple documents are refused, not
 * resolved, because a policy never needs them.
 */
function parseYaml(text: string): unknown {
  if (yamlDepthOver(text, MAX_YAML_DEPTH)) throw invalidInput(`the policy nests deeper than ${MAX_YAML_DEPTH} levels`, [{field: '', problem: 'too deeply nested'}]);
  const document = parseDocument(text, {schema: 'core', uniqueKeys: true, prettyErrors: false});
  const problems: FieldProblem[] = [...document.errors, ...document.warnings].map((error) => ({field: '', problem: error.message.split('\n')[0]}));
  visit(document, (_key, node) => {
    if (isAlias(node)) problems.push({field: '', problem: `YAML aliases are not allowed (*${node.source})`});
    else if (isNode(node) && node.anchor) problems.push({field: '', problem: `YAML anchors are not allowed (&${node.anchor})`});
    if (isNode(node) && node.tag) problems.push({field: '', problem: `YAML tags are not allowed (${node.tag})`});
  });
  if (problems.length > 0) throw invalidInput('the policy is not acceptable YAML', problems.slice(0, 20));
  return document.toJS({maxAliasCount: 0}) as unknown;
}

/** A policy is four or five levels deep; the same bound as assertTractable's. */
const MAX_YAML_DEPTH = 64;

/**
 * yaml's composer recurses once per nesting level: tens of thousands of
 * levels overflow the stack, and a later parse in the same process then
 * made V8 abort (RegExpCompiler allocation failure). Its CST parser is
 * iterative, so the depth is measured on the CST, with a stack of our own,
 * before anything is composed.
 */
function yamlDepthOver(text: string, max: number): boolean {
  type Token = {type?: string; value?: unknown; key?: unknown; items?: Array<{key?: unknown; value?: unknown}>};
  const pending: Array<[unknown, number]> = [];
  for (const token of new Parser().parse(text)) pending.push([token, 0]);
  while (pending.length > 0) {
    const [token, depth] = pending.pop() as [unknown, number];
    if (token === null || typeof token !== 'object') continue;
    const {type, value, items} = token as Token;
    const here = type === 'block-map' || type === 'block-seq' || type === 'flow-collection' ? depth + 1 : depth;
    if (here > max) return true;
    if (type === 'document') pending.push([value, here]);
    for (const item of items ?? []) pending.push([item.key, here], [item.value, here]);
  }
  return false;
}

function assertLicenseIds(document: PolicyDocument): void {
  const problems: FieldProblem[] = [];
  document.rules.forEach((rule, index) => {
    if (rule.kind !== 'license') return;
    rule.allow.forEach((id, position) => {
      try {
        const parsed = spdxParse(id);
        if (!('license' in parsed)) throw new Error('not a single license');
      } catch {
        problems.push({field: `/rules/${index}/allow/${position}`, problem: `"${id}" is not an SPDX license identifier`});
      }
    });
  });
  if (problems.length > 0) throw invalidInput('the policy names unknown licenses', problems);
}

function withDefaults(document: PolicyDocument): PolicyDocument {
  const rules = document.rules.map((rule): PolicyRule => {
    if (rule.kind !== 'reviews') return rule;
    return {...rule, minRole: rule.minRole ?? 'auditor', distinctReviewers: rule.distinctReviewers ?? true, distinctOrganisations: rule.distinctOrganisations ?? 0};
  });
  return {...document, rules};
}
