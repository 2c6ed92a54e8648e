import {parseArgs} from 'node:util';
import {UsageError} from './usage.ts';
import {apiTarget, callApi, readJsonObject, report} from './api-client.ts';

/** `hallmark community create`: POST /api/v1/communities from flags or a JSON file. */
export async function communityCommand(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  if (action !== 'create') throw new UsageError('usage: hallmark community create --slug S --name N [options] | --file F');
  const {values} = parse(rest);
  const body: Record<string, unknown> = values.file !== undefined ? await readJsonObject(values.file) : {};
  if (values.slug !== undefined) body.slug = values.slug;
  if (values.name !== undefined) body.name = values.name;
  if (values.description !== undefined) body.description = values.description;
  if (values.ecosystem !== undefined) body.ecosystems = values.ecosystem;
  if (values.steward !== undefined) body.stewards = values.steward;
  if (values.membership !== undefined) body.membership = values.membership;
  if (values['guidance-url'] !== undefined || values['guidance-text'] !== undefined) {
    body.guidance = {...(values['guidance-url'] !== undefined ? {url: values['guidance-url']} : {}), ...(values['guidance-text'] !== undefined ? {text: values['guidance-text']} : {})};
  }
  if (values.endorsements !== undefined) {
    if (!/^\d{1,3}$/.test(values.endorsements)) throw new UsageError('--endorsements takes a whole number');
    body.acceptance = {...(body.acceptance as object | undefined), endorsements: Number(values.endorsements)};
  }
  if (body.slug === undefined || body.name === undefined) throw new UsageError('give --slug and --name (or a --file that has them)');
  const target = apiTarget(values);
  return report(await callApi(target, 'POST', '/api/v1/communities', body));
}

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        server: {type: 'string'}, token: {type: 'string'}, file: {type: 'string'},
        slug: {type: 'string'}, name: {type: 'string'}, description: {type: 'string'},
        ecosystem: {type: 'string', multiple: true}, steward: {type: 'string', multiple: true},
        membership: {type: 'string'}, 'guidance-url': {type: 'string'}, 'guidance-text': {type: 'string'},
        endorsements: {type: 'string'},
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
