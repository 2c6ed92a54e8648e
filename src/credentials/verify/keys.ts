import {CONTEXTS} from '../contexts.ts';
import {didMethod, importPublicMultikey, resolveDid} from '../did-resolve.ts';
import {DocumentUnavailableError, type DocumentResolver} from '../documents.ts';
import {abbreviate, asArray, errorMessage, isObject, nodeId, quote, strings, type JsonObject} from './json.ts';

/**
 * Finds the public key a proof names. `did:key` and `did:web` through
 * did-resolve.ts; https verification methods by dereferencing the document
 * without the fragment. When that document cannot be obtained at all, and
 * only then, a multibase key in the fragment is read — if the URL without
 * the fragment is the issuer itself (the 1EdTech validator's rule). Such a
 * key proves nothing about the issuer: the issuer stage refuses it unless
 * the caller trusts embedded keys.
 */
export type KeySource = 'did' | 'controller-document' | 'url-fragment' | 'jwk-header';

/** A controller and the verification methods it authorises for assertions (credentials) and authentication (presentations). */
export interface ControllerDocument {
  id: string;
  assertionMethod: string[];
  authentication: string[];
}

export interface ResolvedKey {
  id: string;
  controller: string;
  /** The verification method as the suites expect it (with its @context). */
  method: JsonObject;
  source: KeySource;
  /** The document the method was found in, when it is the controller's. */
  controllerDocument?: ControllerDocument;
}

const RELATIONSHIPS = ['verificationMethod', 'assertionMethod', 'authentication', 'capabilityInvocation', 'capabilityDelegation', 'publicKey'];

function absolute(reference: string, base: string): string {
  return reference.startsWith('#') ? `${base}${reference}` : reference;
}

/** The verification method `id` listed (embedded) anywhere in `document`. */
function findMethod(document: JsonObject & {id: string}, id: string): JsonObject | undefined {
  for (const relationship of RELATIONSHIPS) {
    for (const entry of asArray(document[relationship])) {
      if (isObject(entry) && typeof entry.id === 'string' && absolute(entry.id, document.id) === id) return entry;
    }
  }
  return undefined;
}

export function assertionMethods(document: JsonObject & {id: string}): ControllerDocument {
  const ids = (relationship: string) => asArray(document[relationship])
    .map((entry) => nodeId(entry))
    .filter((id): id is string => id !== undefined)
    .map((id) => absolute(id, document.id));
  return {id: document.id, assertionMethod: ids('assertionMethod'), authentication: ids('authentication')};
}

/** The method with the context its type needs: DID documents do not give embedded keys one. */
function withSuiteContext(method: JsonObject, id: string, fallbackController: string): JsonObject {
  const context = method.type === 'Ed25519VerificationKey2020' ? CONTEXTS.ed25519Signature2020 : CONTEXTS.multikey;
  const controller = typeof method.controller === 'string' ? absolute(method.controller, fallbackController) : fallbackController;
  return {...method, '@context': context, id, controller};
}

function splitFragment(url: string): [base: string, fragment: string] {
  const hash = url.indexOf('#');
  return hash < 0 ? [url, ''] : [url.slice(0, hash), url.slice(hash + 1)];
}

/**
 * A credential is never a key or controller document, even when it carries
 * the properties of one: whoever can have a credential issued to them (and
 * served at its id) could otherwise put an assertionMethod naming their own
 * key in it and sign anything in the name of the credential's URL.
 */
function refuseCredential(document: JsonObject, url: string): void {
  if (strings(document.type).includes('VerifiableCredential') || document.proof !== undefined) {
    throw new Error(`the document at ${abbreviate(url)} is a credential (it is typed VerifiableCredential or carries a proof), not a key or controller document`);
  }
}

export interface KeyResolutionOptions {
  resolver: DocumentResolver;
  /** The credential's issuer id: the only controller a key read from a URL fragment may claim. */
  issuerId?: string;
}

export async function resolveVerificationMethod(id: string, options: KeyResolutionOptions): Promise<ResolvedKey> {
  const [base, fragment] = splitFragment(id);
  if (id.startsWith('did:')) {
    const method = didMethod(base);
    if (method !== 'key' && method !== 'web') throw new Error(`the DID method of ${abbreviate(id)} is not supported (only did:key and did:web)`);
    if (!fragment) throw new Error(`the verification method ${abbreviate(id)} names a DID, not one of its keys (no #fragment)`);
    const document = await resolveDid(base, options.resolver);
    refuseCredential(document, base);
    const listed = findMethod(document, id);
    if (!listed) throw new Error(`the DID document of ${abbreviate(base)} does not list the key ${abbreviate(id)}`);
    const resolved = withSuiteContext(listed, id, document.id);
    return {id, controller: String(resolved.controller), method: resolved, source: 'did', controllerDocument: assertionMethods(document)};
  }
  let url: URL;
  try {
    url = new URL(id);
  } catch {
    throw new Error(`the verification method ${quote(id)} is not a URL`);
  }
  if (url.protocol !== 'https:') throw new Error(`the verification method ${abbreviate(id)} is neither a DID URL nor an https URL`);
  let document: unknown;
  try {
    document = await options.resolver.resolve(base);
  } catch (error) {
    return keyFromFragment(id, base, fragment, options.issuerId, errorMessage(error));
  }
  if (!isObject(document) || typeof document.id !== 'string') throw new Error(`the document at ${abbreviate(base)} is not a key or controller document`);
  refuseCredential(document, base);
  if (!fragment) {
    // The URL names a key document of its own.
    if (document.id !== id) throw new Error(`the document at ${abbreviate(id)} describes ${abbreviate(document.id)}`);
    const method = withSuiteContext(document, id, typeof document.controller === 'string' ? document.controller : id);
    return {id, controller: String(method.controller), method, source: 'controller-document'};
  }
  if (document.id !== base) throw new Error(`the document at ${abbreviate(base)} describes ${abbreviate(document.id)}, not ${abbreviate(base)}`);
  const controllerDocument = document as JsonObject & {id: string};
  const method = findMethod(controllerDocument, id);
  // The controller publishes a document: a key it does not list is not its key, whatever the fragment says.
  if (!method) throw new Error(`${abbreviate(base)} publishes a key document that does not list ${abbreviate(id)}`);
  const resolved = withSuiteContext(method, id, base);
  return {id, controller: String(resolved.controller), method: resolved, source: 'controller-document', controllerDocument: assertionMethods(controllerDocument)};
}

async function keyFromFragment(id: string, base: string, fragment: string, issuerId: string | undefined, reason: string): Promise<ResolvedKey> {
  // No key to fall back on: the key could not be established for want of a document (indeterminate, not refuted).
  if (!(await importPublicMultikey(fragment))) {
    throw new DocumentUnavailableError(base, `the key document ${abbreviate(base)} could not be obtained (${reason})`);
  }
  // A key read from someone else's URL is never the issuer's, whatever that document would say.
  if (base !== issuerId) {
    throw new Error(`the key document ${abbreviate(base)} could not be obtained, and a key read from the URL is only accepted for the issuer itself (${issuerId === undefined ? 'no issuer' : abbreviate(issuerId)})`);
  }
  const method = {'@context': CONTEXTS.multikey, id, type: 'Multikey', controller: base, publicKeyMultibase: fragment};
  return {id, controller: base, method, source: 'url-fragment', controllerDocument: {id: base, assertionMethod: [id], authentication: []}};
}

/** The controller document of `id` (a DID or an https URL), reduced to its assertion methods. */
export async function resolveController(id: string, resolver: DocumentResolver): Promise<ControllerDocument> {
  if (id.startsWith('did:')) {
    const document = await resolveDid(splitFragment(id)[0], resolver);
    refuseCredential(document, id);
    return assertionMethods(document);
  }
  if (!id.startsWith('https://')) throw new Error(`the controller ${abbreviate(id)} is neither a DID nor an https URL`);
  let document: unknown;
  try {
    document = await resolver.resolve(id);
  } catch (error) {
    if (error instanceof DocumentUnavailableError) throw error;
    throw new DocumentUnavailableError(id, errorMessage(error));
  }
  if (!isObject(document) || document.id !== id) throw new Error(`the document at ${abbreviate(id)} is not the controller document of ${abbreviate(id)}`);
  refuseCredential(document, id);
  return assertionMethods(document as JsonObject & {id: string});
}
