import {basename} from 'node:path';
import {parseArgs} from 'node:util';
import {SLUG_PATTERN} from '../vetting/model.ts';
import {MAX_AUDITS_BYTES} from '../vetting/cargo-vet/index.ts';
import {apiTarget, callApi, readJsonObject, report} from './api-client.ts';
import {UsageError} from './usage.ts';
import {readInput} from './input.ts';

const USAGE = 'usage: hallmark import cargo-vet <audits.toml|-> --community SLUG [--source NAME] [--mapping mapping.json]';

/**
 * `hallmark import cargo-vet <audits.toml> --community S`: uploads a cargo-vet
 * audits file to the community (a steward's token). Prints the server's answer
 * (counts, added, unmapped, disappeared); exit 0 imported, 1 refused by the
 * server, 2 usage error, unreachable server or server failure.
 */
export async function importCommand(args: string[]): Promise<number> {
  const [kind, ...rest] = args;
  if (kind !== 'cargo-vet') throw new UsageError(USAGE);
  const {values, positionals} = parse(rest);
  if (positionals.length !== 1) throw new UsageError(`give exactly one audits file, or - for standard input\n${USAGE}`);
  if (values.community === undefined || !SLUG_PATTERN.test(values.community)) throw new UsageError(`give --community SLUG\n${USAGE}`);
  const target = apiTarget(values);
  const bytes = await readInput(positionals[0], MAX_AUDITS_BYTES);
  const source = values.source ?? (positionals[0] === '-' ? 'audits.toml' : basename(positionals[0]));
  const form = new FormData();
  form.set('source', source);
  if (values.mapping !== undefined) form.set('mapping', JSON.stringify(await readJsonObject(values.mapping)));
  form.set('file', new Blob([new Uint8Array(bytes)], {type: 'application/toml'}), basename(source));
  return report(await callApi(target, 'POST', `/api/v1/communities/${values.community}/cargo-vet/imports`, form));
}

function parse(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {community: {type: 'string'}, source: {type: 'string'}, mapping: {type: 'string'}, server: {type: 'string'}, token: {type: 'string'}},
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
