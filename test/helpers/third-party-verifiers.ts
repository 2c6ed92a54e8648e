import {readFileSync} from 'node:fs';
import {resolve} from 'node:path';
import * as vc from '@digitalbazaar/vc';
import {checkStatus} from '@digitalbazaar/vc-bitstring-status-list';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {cryptosuite as eddsaRdfc2022} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import {Ed25519Signature2020} from '@digitalbazaar/ed25519-signature-2020';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {verifyCredential as dccVerifyCredential} from '@digitalcredentials/verifier-core';
import {isPinnedContext, pinnedContextLoader} from '../../src/credentials/contexts.ts';
import {officialSchemaForUrl} from '../../src/credentials/schemas.ts';

/**
 * Third-party verifiers, run as a holder's wallet or a relying party would
 * run them, but never on the internet: everything they ask the network
 * for is answered from this machine. What they verify reads "valid" or
 * "not valid"; the reason is kept for the assertion message.
 */
export interface ThirdPartyVerdict {
  valid: boolean;
  why: string;
}

type Json = Record<string, unknown>;

/**
 * Routes the process's `fetch` (what verifier-core's HTTP client uses) to
 * our instance: `origins` maps a public origin (an https did:web host) to
 * the loopback origin serving it; the official OB 3.0 schemas come from
 * schemas/; anything else is refused, so no test reaches the internet.
 * Returns the function that restores the real fetch.
 */
export function routeFetchToLoopback(origins: Map<string, string>): () => void {
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const schema = officialSchemaForUrl(url.href);
    if (schema) return Response.json(JSON.parse(readFileSync(resolve(import.meta.dirname, `../../schemas/${schema}.json`), 'utf8')));
    const target = origins.get(url.origin);
    if (target === undefined) throw new TypeError(`refused in tests: ${url.href} is not this machine's Hallmark`);
    return realFetch(new Request(`${target}${url.pathname}${url.search}`, request));
  };
  return () => {
    globalThis.fetch = realFetch;
  };
}

/** The Digital Credentials Consortium's verifier (wallets, VerifierPlus): valid when the signature, expiry and status steps all pass. */
export async function verifierCore(credential: Json): Promise<ThirdPartyVerdict> {
  const result = (await dccVerifyCredential({credential: credential as never, knownDIDRegistries: []})) as {
    errors?: Array<{name: string; message: string}>;
    log?: Array<{id: string; valid?: boolean; error?: {name: string; message: string}}>;
  };
  if (result.errors?.length) return {valid: false, why: `errors: ${result.errors.map((error) => `${error.name}: ${error.message}`).join('; ')}`};
  const steps = (result.log ?? []).filter((step) => step.id !== 'registered_issuer');
  const failing = steps.filter((step) => step.valid !== true);
  // The step is named for the entry's purpose: revocation_status, suspension_status.
  const status = steps.find((step) => step.id.endsWith('_status'));
  if (credential.credentialStatus !== undefined && !status) return {valid: false, why: `no status step in the log: ${JSON.stringify({...result, credential: undefined})}`};
  return {valid: failing.length === 0, why: JSON.stringify(steps)};
}

const suites = [new DataIntegrityProof({cryptosuite: eddsaRdfc2022}), new Ed25519Signature2020()];

/**
 * `@digitalbazaar/vc` with `@digitalbazaar/vc-bitstring-status-list`'s
 * checkStatus: valid when the credential verifies and no status entry's
 * bit is set. Its document loader serves our pinned contexts, builds
 * did:key documents from the key itself, and fetches did:web documents and
 * status lists through `fetch` (routed to loopback by routeFetchToLoopback).
 */
export async function digitalBazaar(credential: Json): Promise<ThirdPartyVerdict> {
  const result = await vc.verifyCredential({credential, suite: suites, documentLoader, checkStatus: checkStatus as never});
  if (!result.verified) return {valid: false, why: `not verified: ${result.error?.message ?? JSON.stringify(result.statusResult)}`};
  const statuses = ((result.statusResult ?? {}) as {results?: Array<{status: boolean}>}).results ?? [];
  const set = statuses.some((status) => status.status);
  return {valid: !set, why: `status bits ${JSON.stringify(statuses.map((status) => status.status))}`};
}

async function documentLoader(url: string): Promise<{contextUrl: null; documentUrl: string; document: unknown}> {
  const answer = (document: unknown) => ({contextUrl: null, documentUrl: url, document});
  if (isPinnedContext(url)) return pinnedContextLoader(url) as Promise<{contextUrl: null; documentUrl: string; document: unknown}>;
  const [base, fragment] = url.split('#');
  if (base.startsWith('did:key:')) {
    const publicKeyMultibase = base.slice('did:key:'.length);
    const key = await Ed25519Multikey.from({id: `${base}#${publicKeyMultibase}`, controller: base, publicKeyMultibase});
    const method = (await key.export({publicKey: true, includeContext: true})) as Json;
    if (fragment !== undefined) return answer(method);
    return answer({'@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'], id: base, verificationMethod: [{...method, '@context': undefined}], assertionMethod: [method.id]});
  }
  if (base.startsWith('did:web:')) {
    const [host, ...path] = base.slice('did:web:'.length).split(':').map(decodeURIComponent);
    const document = await fetchJson(`https://${host}/${path.length > 0 ? path.join('/') : '.well-known'}/did.json`);
    if (fragment === undefined) return answer(document);
    const method = ((document.verificationMethod ?? []) as Json[]).find((candidate) => candidate.id === url);
    if (!method) throw new Error(`${url} is not in its DID document`);
    return answer({'@context': document['@context'], ...method});
  }
  return answer(await fetchJson(url));
}

async function fetchJson(url: string): Promise<Json> {
  const response = await fetch(url, {headers: {Accept: 'application/json'}});
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return (await response.json()) as Json;
}
