import {basename} from 'node:path';
import {parseArgs} from 'node:util';
import {ConfigError, readAllowHosts, readTrustedEndorsers} from '../config.ts';
import {DocumentResolver, VERIFICATION_BUDGET, type DocumentSource} from '../credentials/documents.ts';
import {loadDocumentMap} from '../credentials/document-map.ts';
import {verify, type Verify} from '../credentials/verify/index.ts';
import {parseIdentities, type ClaimedIdentity} from '../credentials/recipients.ts';
import {readBundle, verifyBundle, type BundleVerification} from '../credentials/bundle-verification.ts';
import type {VerificationReport} from '../credentials/report.ts';
import {HallmarkError} from '../errors.ts';
import {Fetcher} from '../net/fetcher.ts';
import {FetcherDocumentSource} from '../credentials/fetched-documents.ts';
import {Inspector, type InspectInput, type InspectionResult} from '../inspect/index.ts';
import {isPlainCredential} from './plain-credential.ts';
import {UsageError} from './usage.ts';
import {readInput} from './input.ts';
import {apiTarget} from './api-client.ts';
import {ServerEndorsements} from './server-endorsements.ts';

const MAX_INPUT_BYTES = 10 * 1024 * 1024;
/** A credential, a few DID documents, status lists of at most a few hundred kB and sixteen endorsements. */
const MAX_BUNDLE_BYTES = 5 * 1024 * 1024;

/**
 * `hallmark verify`: a credential file (JSON-LD or VC-JWT, or an Open
 * Badges 2.0 assertion's JSON or JWS) prints its full report, as it always has; anything else — a URL, a baked PNG/SVG, a PDF,
 * Markdown or HTML — is inspected for credentials, one line each. Exit 0
 * when valid (for an inspection: something found, all valid, nothing
 * suspicious), 1 when not, 2 on usage, unreadable input or nothing found,
 * 3 when a check could not be completed (indeterminate) and nothing failed.
 */
export async function verifyCommand(args: string[]): Promise<number> {
  const {values, positionals} = parseOptions(args);
  if (values.bundle !== undefined) return bundleCommand(values.bundle, positionals, values);
  if (positionals.length !== 1) {
    throw new UsageError('give exactly one credential, or one document holding or linking to credentials: a file path, an http(s) URL, or - for standard input');
  }
  // Only the fetch allow-list matters here: a verifier must not refuse to run over a server setting.
  let allowHosts;
  try {
    allowHosts = readAllowHosts(process.env.HALLMARK_FETCH_ALLOW_HOSTS);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  const trusted = trustedEndorsers(values['trusted-endorser']);
  const recipient = readRecipients(values.recipient);
  const fetcher = new Fetcher({allowHosts});
  // The operator's own server, when named, says which endorsements it knows (public; no token).
  if (values.documents && values.server) throw new UsageError('--documents means offline: it cannot be combined with --server');
  const server = values.documents ? undefined : (values.server ?? process.env.HALLMARK_SERVER);
  const source = server === undefined ? undefined : new ServerEndorsements(apiTarget({server}, {}, {tokenRequired: false}));
  const sources: DocumentSource[] = values.documents
    ? [await openDocumentMap(values.documents)]
    : [new FetcherDocumentSource(fetcher)];
  const verifyOne: Verify = (input) =>
    verify(input, {resolver: new DocumentResolver(sources).withBudget(VERIFICATION_BUDGET), trustEmbeddedKeys: values['trust-embedded-keys'] === true, endorsements: {trusted, ...(source ? {source} : {})}, recipient});
  const given = positionals[0];
  const json = values.json === true;

  if (/^https?:\/\//i.test(given)) {
    if (values.documents) throw new UsageError(`cannot read ${given}: --documents means offline: give a file, not a URL`);
    return inspect(new Inspector({verify: verifyOne, fetcher}), {kind: 'url', url: given}, given, json);
  }
  const bytes = await readInput(given, MAX_INPUT_BYTES);
  if (!isPlainCredential(bytes)) {
    const input: InspectInput = {kind: 'file', bytes, filename: given === '-' ? 'standard input' : basename(given)};
    return inspect(new Inspector({verify: verifyOne, fetcher}), input, given, json);
  }
  let report: VerificationReport;
  try {
    report = await verifyOne(bytes.toString('utf8'));
  } catch (error) {
    if (error instanceof HallmarkError && error.kind === 'invalid-input') throw new UsageError(`not a credential: ${error.message}`);
    throw error;
  }
  process.stdout.write(json ? JSON.stringify(report, null, 2) + '\n' : describe(report));
  return exitCode([report], false);
}

/**
 * 0 all valid (and, with --recipient, all the person's); 1 anything not
 * valid, suspicious or someone else's; 3 when the only thing wrong is
 * checks that could not be completed, a recipient that could not be checked among them.
 */
function exitCode(reports: VerificationReport[], suspicious: boolean): number {
  if (suspicious || reports.some((report) => (!report.verified && report.status !== 'indeterminate') || report.recipient?.result === 'not-matched')) return 1;
  return reports.some((report) => report.status === 'indeterminate' || report.recipient?.result === 'not-checked') ? 3 : 0;
}

/**
 * `--bundle <file>`: the bundle is the only source of documents — no
 * fetcher exists on this path — and the status is as of the bundled list's date.
 */
async function bundleCommand(file: string, positionals: string[], values: Options): Promise<number> {
  if (positionals.length > 0) throw new UsageError('--bundle verifies the credential in the bundle: give no other credential or document');
  if (values.documents !== undefined || values.server !== undefined) throw new UsageError('--bundle means offline with the bundle\'s own documents: it cannot be combined with --documents or --server');
  const recipient = readRecipients(values.recipient);
  const trusted = trustedEndorsers(values['trusted-endorser']);
  const bytes = await readInput(file, MAX_BUNDLE_BYTES);
  let result: BundleVerification;
  try {
    result = await verifyBundle(readBundle(bytes.toString('utf8')), {recipient, trustedEndorsers: trusted});
  } catch (error) {
    if (error instanceof HallmarkError && error.kind === 'invalid-input') throw new UsageError(`--bundle ${file}: ${error.message}`);
    throw error;
  }
  const asOf = result.statusAsOf === null ? 'status: the bundle holds no status list for it' : `status as of ${result.statusAsOf} (the date of the signed status list in the bundle)`;
  process.stdout.write(values.json === true ? JSON.stringify({...result.report, statusAsOf: result.statusAsOf}, null, 2) + '\n' : describe(result.report) + `  ${asOf}\n`);
  return exitCode([result.report], false);
}

function trustedEndorsers(given: string[] | undefined): string[] {
  try {
    return readTrustedEndorsers([process.env.HALLMARK_TRUSTED_ENDORSERS ?? '', ...(given ?? [])].join(' '));
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

function readRecipients(given: string[] | undefined): ClaimedIdentity[] | undefined {
  if (given === undefined) return undefined;
  try {
    return parseIdentities(given);
  } catch (error) {
    if (error instanceof HallmarkError) throw new UsageError(`--recipient: ${error.message}`);
    throw error;
  }
}

async function inspect(inspector: Inspector, input: InspectInput, source: string, json: boolean): Promise<number> {
  let result: InspectionResult;
  try {
    result = await inspector.inspect(input);
  } catch (error) {
    if (error instanceof HallmarkError && error.kind === 'invalid-input') throw new UsageError(`cannot read ${source}: ${error.message}`);
    throw error;
  }
  process.stdout.write(json ? JSON.stringify(result, null, 2) + '\n' : summarise(result));
  if (result.reports.length === 0 && result.suspicious.length === 0) {
    throw new UsageError(`not a credential, and no credential was found in or through ${source}${json ? '' : ' (problems above)'}`);
  }
  return exitCode(result.reports.map((entry) => entry.report), result.suspicious.length > 0);
}

type Options = ReturnType<typeof parseOptions>['values'];

function parseOptions(args: string[]) {
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {json: {type: 'boolean'}, documents: {type: 'string'}, server: {type: 'string'}, 'trust-embedded-keys': {type: 'boolean'}, 'trusted-endorser': {type: 'string', multiple: true}, recipient: {type: 'string', multiple: true}, bundle: {type: 'string'}},
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

const VERDICT_WORDS: Record<VerificationReport['status'], string> = {
  valid: 'VALID',
  revoked: 'REVOKED',
  suspended: 'SUSPENDED',
  expired: 'EXPIRED',
  'not-yet-valid': 'NOT YET VALID',
  invalid: 'INVALID',
  indeterminate: 'INDETERMINATE',
};

function headline(report: VerificationReport): string {
  const credential = report.credential;
  // OB 2.0 (and older) assertions say so: their checks are not an OB 3.0 credential's.
  const version = report.openBadgesVersion && report.openBadgesVersion !== '3.0' ? ` (Open Badges ${report.openBadgesVersion})` : '';
  return `${VERDICT_WORDS[report.status]}${credential ? `: ${credential.type.filter((type) => type !== 'VerifiableCredential').join(', ')} ${credential.id ?? ''}` : ''}${version}`;
}

function describe(report: VerificationReport): string {
  const credential = report.credential;
  const lines = [headline(report)];
  if (credential) lines.push(`  issuer: ${credential.issuer.name ?? '(no name)'} <${credential.issuer.id ?? 'unknown'}>`);
  for (const check of report.checks) lines.push(`  ${check.result.padEnd(7)} ${check.check.padEnd(16)} ${check.message}`);
  if (report.recipient) lines.push(`  recipient: ${report.recipient.result} — ${report.recipient.message}`);
  for (const endorsement of report.endorsements) lines.push(`  endorsed by ${endorsement.endorser.name ?? '(no name)'} <${endorsement.endorser.id ?? 'unknown'}> (${endorsement.about}): ${endorsement.verified ? 'verified' : endorsement.status}${endorsement.trusted ? ', trusted' : ''}`);
  for (const warning of report.warnings) lines.push(`  warning: ${warning}`);
  for (const error of report.errors) lines.push(`  error: ${error}`);
  return lines.join('\n') + '\n';
}

/** One line per credential (with the first reason it failed), then what could not be checked and what looks wrong. */
function summarise(result: InspectionResult): string {
  const lines: string[] = [];
  for (const {source, report} of result.reports) {
    const issuer = report.credential?.issuer.name ?? report.credential?.issuer.id ?? 'unknown issuer';
    const why = report.verified ? '' : ` — ${report.errors[0] ?? report.status}`;
    lines.push(`${headline(report)} (issuer ${issuer}; from ${source})${why}${report.recipient ? `; recipient: ${report.recipient.result}` : ''}`);
  }
  for (const {source, reason} of result.suspicious) lines.push(`SUSPICIOUS: ${source}: ${reason}`);
  for (const {source, reason} of result.problems) lines.push(`problem: ${source}: ${reason}`);
  return lines.join('\n') + (lines.length > 0 ? '\n' : '');
}
