import {parseArgs} from 'node:util';
import {UsageError} from './usage.ts';
import {SLUG_PATTERN} from '../vetting/model.ts';
import {apiTarget, callApi, readJsonObject, report} from './api-client.ts';

/** `hallmark review submit`: POST /api/v1/communities/{slug}/reviews from flags or a JSON file. */
export async function reviewCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (action !== 'submit') throw new UsageError('usage: hallmark review submit --community S --purl P --criteria C [options] | --file F');
  const {values} = parse(rest);
  if (values.community === undefined) throw new UsageError('give --community SLUG');
  if (!SLUG_PATTERN.test(values.community)) throw new UsageError(`--community "${values.community.slice(0, 100)}" is not a community slug`);
  const body: Record<string, unknown> = values.file !== undefined ? await readJsonObject(values.file) : {};
  const flags: Array<[string, string | undefined]> = [
    ['purl', values.purl], ['kind', values.kind], ['from', values.from], ['range', values.range],
    ['thoroughness', values.thoroughness], ['understanding', values.understanding], ['rating', values.rating], ['notes', values.notes],
  ];
  for (const [key, value] of flags) if (value !== undefined) body[key] = value;
  if (values.criteria !== undefined) body.criteria = values.criteria.flatMap((list) => list.split(',')).map((name) => name.trim()).filter(Boolean);
  if (values.finding !== undefined) body.findings = values.finding.map(parseFinding);
  body.kind ??= 'full';
  const missing = ['purl', 'criteria', 'thoroughness', 'understanding', 'rating'].filter((key) => body[key] === undefined);
  if (missing.length > 0) throw new UsageError(`missing ${missing.map((key) => `--${key}`).join(', ')}`);
  const target = apiTarget(values);
  return report(await callApi(target, 'POST', `/api/v1/communities/${values.community}/reviews`, body));
}

/** `ID:SEVERITY`, e.g. CVE-2024-1234:high */
function parseFinding(text: string): {id: string; severity: string} {
  const at = text.lastIndexOf(':');
  if (at <= 0) throw new UsageError(`--finding "${text.slice(0, 100)}" must be ID:SEVERITY, e.g. CVE-2024-1234:high`);
  return {id: text.slice(0, at), severity: text.slice(at + 1)};
}

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        server: {type: 'string'}, token: {type: 'string'}, file: {type: 'string'}, community: {type: 'string'},
        purl: {type: 'string'}, kind: {type: 'string'}, from: {type: 'string'}, range: {type: 'string'},
        criteria: {type: 'string', multiple: true}, thoroughness: {type: 'string'}, understanding: {type: 'string'},
        rating: {type: 'string'}, finding: {type: 'string', multiple: true}, notes: {type: 'string'},
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
