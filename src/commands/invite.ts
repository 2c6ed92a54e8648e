import {parseArgs} from 'node:util';
import {UsageError} from './usage.ts';
import {apiTarget, callApi, report} from './api-client.ts';

/** `hallmark invite`: POST /api/v1/invitations, printing the one-time link. */
export async function inviteCommand(args: string[]): Promise<number> {
  const {values} = parse(args);
  const body: Record<string, unknown> = {};
  if (values['found-communities']) body.foundCommunities = true;
  if (values.organisation) body.organisation = true;
  if (values.community !== undefined) body.community = values.community;
  if (values.role !== undefined) body.role = values.role;
  if (values.note !== undefined) body.note = values.note;
  if (values.days !== undefined) {
    if (!/^\d{1,2}$/.test(values.days)) throw new UsageError('--days takes a whole number from 1 to 30');
    body.expiresInDays = Number(values.days);
  }
  if ((values.community === undefined) !== (values.role === undefined)) throw new UsageError('give --community and --role together');
  const result = await callApi(apiTarget(values), 'POST', '/api/v1/invitations', body);
  const url = (result.body as {url?: unknown} | null)?.url;
  if (result.status === 201 && typeof url === 'string' && !values.json) {
    process.stdout.write(`Send this link to the person you invite; it works once and is shown only now:\n\n  ${url}\n`);
    return 0;
  }
  return report(result);
}

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        server: {type: 'string'}, token: {type: 'string'}, json: {type: 'boolean'},
        'found-communities': {type: 'boolean'}, organisation: {type: 'boolean'}, community: {type: 'string'}, role: {type: 'string'}, note: {type: 'string'}, days: {type: 'string'},
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
