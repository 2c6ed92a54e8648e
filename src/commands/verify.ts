import {readFile} from 'node:fs/promises';
import {parseArgs} from 'node:util';
import {ConfigError, readAllowHosts, readTrustedEndorsers} from '../config.ts';
import {DocumentResolver, VERIFICATION_BUDGET, type DocumentSource} from '../credentials/documents.ts';
import {loadDocumentMap} from '../credentials/document-map.ts';
import {verify} from '../credentials/verify/index.ts';
import type {VerificationReport} from '../credentials/report.ts';
import {HallmarkError} from '../errors.ts';
import {Fetcher} from '../net/fetcher.ts';
import {FetcherDocumentSource} from '../credentials/fetched-documents.ts';
import {UsageError} from './usage.ts';

const MAX_INPUT_BYTES = 5 * 1024 * 1024;

/** `hallmark verify`: exit 0 when valid, 1 when not, 2 on usage or unreadable input. */
export async function verifyCommand(args: string[]): Promise<number> {
  const {values, positionals} = parseOptions(args);
  if (positionals.length !== 1) throw new UsageError('give exactly one credential: a file path, an http(s) URL, or - for standard input');
  // Only the fetch allow-list matters here: a verifier must not refuse to run over a server setting.
  let allowHosts;
  let trusted: string[];
  try {
    allowHosts = readAllowHosts(process.env.HALLMARK_FETCH_ALLOW_HOSTS);
    trusted = readTrustedEndorsers([process.env.HALLMARK_TRUSTED_ENDORSERS ?? '', ...(values['trusted-endorser'] ?? [])].join(' '));
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  const fetcher = new Fetcher({allowHosts});
  const sources: DocumentSource[] = values.documents
    ? [await openDocumentMap(values.documents)]
    : [new FetcherDocumentSource(fetcher)];
  const text = await readInput(positionals[0], fetcher, values.documents !== undefined);
  let report: VerificationReport;
  try {
    report = await verify(text, {resolver: new DocumentResolver(sources).withBudget(VERIFICATION_BUDGET), trustEmbeddedKeys: values['trust-embedded-keys'] === true, endorsements: {trusted}});
  } catch (error) {
    if (error instanceof HallmarkError && error.kind === 'invalid-input') throw new UsageError(`not a credential: ${error.message}`);
    throw error;
  }
  process.stdout.write(values.json ? JSON.stringify(report, null, 2) + '\n' : describe(report));
  return report.verified ? 0 : 1;
}

function parseOptions(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {json: {type: 'boolean'}, documents: {type: 'string'}, 'trust-embedded-keys': {type: 'boolean'}, 'trusted-endorser': {type: 'string', multiple: true}},
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

async function openDocumentMap(path: string): Promise<DocumentSource> {
  try {
    return await loadDocumentMap(path);
  } catch (error) {
    throw new UsageError(`--documents ${path}: ${(error as Error).message}`);
  }
}

async function readInput(source: string, fetcher: Fetcher, offline: boolean): Promise<string> {
  try {
    if (source === '-') return await readStdin();
    if (/^https?:\/\//i.test(source)) {
      if (offline) throw new Error('--documents means offline: give a file, not a URL');
      const response = await fetcher.fetch(source, {accept: 'application/ld+json, application/json, application/vc+jwt, application/jwt, text/plain'});
      if (response.status < 200 || response.status > 299) throw new Error(`${source} answered HTTP ${response.status}`);
      return response.body.toString('utf8');
    }
    const bytes = await readFile(source);
    if (bytes.length > MAX_INPUT_BYTES) throw new Error(`${source} is larger than ${MAX_INPUT_BYTES} bytes`);
    return bytes.toString('utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${source}: ${(error as Error).message}`);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > MAX_INPUT_BYTES) throw new Error(`standard input is larger than ${MAX_INPUT_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const VERDICT_WORDS: Record<VerificationReport['status'], string> = {
  valid: 'VALID',
  revoked: 'REVOKED',
  suspended: 'SUSPENDED',
  expired: 'EXPIRED',
  'not-yet-valid': 'NOT YET VALID',
  invalid: 'INVALID',
};

function describe(report: VerificationReport): string {
  const credential = report.credential;
  const lines = [`${VERDICT_WORDS[report.status]}${credential ? `: ${credential.type.filter((type) => type !== 'VerifiableCredential').join(', ')} ${credential.id ?? ''}` : ''}`];
  if (credential) lines.push(`  issuer: ${credential.issuer.name ?? '(no name)'} <${credential.issuer.id ?? 'unknown'}>`);
  for (const check of report.checks) lines.push(`  ${check.result.padEnd(7)} ${check.check.padEnd(16)} ${check.message}`);
  for (const endorsement of report.endorsements) lines.push(`  endorsed by ${endorsement.endorser.name ?? '(no name)'} <${endorsement.endorser.id ?? 'unknown'}> (${endorsement.about}): ${endorsement.verified ? 'verified' : endorsement.status}${endorsement.trusted ? ', trusted' : ''}`);
  for (const warning of report.warnings) lines.push(`  warning: ${warning}`);
  for (const error of report.errors) lines.push(`  error: ${error}`);
  return lines.join('\n') + '\n';
}
